from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "portal.public"
    label = "public"
    verbose_name = "Nyilvános intézménykereső"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.registry.models import Institution, Maintainer, Site, Task

        from .matching import index_reset

        def reset(**kwargs):
            index_reset()

        for model in (Institution, Maintainer, Site, Task):
            post_save.connect(reset, sender=model, dispatch_uid=f"public-index-{model.__name__}", weak=False)
            post_delete.connect(reset, sender=model, dispatch_uid=f"public-index-delete-{model.__name__}",
                                weak=False)
