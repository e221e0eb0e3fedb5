from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "portal.training"
    label = "training"
    verbose_name = "ASP oktatás"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
