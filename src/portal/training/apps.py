from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "portal.training"
    label = "training"
    verbose_name = "ASP oktatás"
