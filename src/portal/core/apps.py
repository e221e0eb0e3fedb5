from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "portal.core"
    label = "core"
    verbose_name = "Alapok"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the operators' site (portal.core.admin_site)."""

    default = False
    default_site = "portal.core.admin_site.OperatorAdminSite"
