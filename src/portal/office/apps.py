from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "portal.office"
    label = "office"
    verbose_name = "Oktatási Hivatal"
