from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Alapok"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
