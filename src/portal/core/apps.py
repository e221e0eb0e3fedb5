from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "portal.core"
    label = "core"
    verbose_name = "Alapok"


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the operators' site (portal.core.admin_site)."""

    default = False
    default_site = "portal.core.admin_site.OperatorAdminSite"
