from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "portal.public"
    label = "public"
    verbose_name = "Nyilvános intézménykereső"
