"""Deployment checks of the training module."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .scorm import isolation


@register(Tags.security, deploy=True)
def content_origin_check(app_configs, **kwargs) -> list[Warning]:
    origin = isolation.content_origin()
    if not origin:
        return [Warning(
            "TRAINING_CONTENT_ORIGIN is not set: SCORM packages run on the portal's own origin and "
            "their script can act as the learner playing them.",
            hint="Set it to another host name of this application, e.g. https://asp-tartalom.example.hu.",
            id="training.W001",
        )]
    if origin == isolation.origin_of(settings.SITE_URL):
        return [Warning("TRAINING_CONTENT_ORIGIN is the portal's own origin (SITE_URL).", id="training.W002")]
    return []
