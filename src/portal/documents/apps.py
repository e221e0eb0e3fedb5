from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "portal.documents"
    verbose_name = "Dokumentumok"
