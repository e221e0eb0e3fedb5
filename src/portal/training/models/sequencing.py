"""SCORM 2004 sequencing: a package's activity tree and each learner's tree state (server state)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SequencingTree(models.Model):
    """The activity tree of a package whose manifest has ``imsss:sequencing`` (parsed at upload)."""

    package = models.OneToOneField(
        "training.Package", on_delete=models.CASCADE, related_name="sequencing_tree",
        verbose_name=_("SCORM csomag"),
    )
    tree = models.JSONField(_("tevékenységfa"))

    class Meta:
        verbose_name = _("sorrendezési fa")
        verbose_name_plural = _("sorrendezési fák")

    def __str__(self) -> str:
        return str(self.package)


class SequencingState(models.Model):
    """One learner's activity-tree state for one package: current, suspended, attempts, objectives."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sequencing_states",
        verbose_name=_("felhasználó"),
    )
    package = models.ForeignKey(
        "training.Package", on_delete=models.CASCADE, related_name="sequencing_states",
        verbose_name=_("SCORM csomag"),
    )
    state = models.JSONField(_("állapot"), default=dict)
    updated_at = models.DateTimeField(_("módosítva"), auto_now=True)

    class Meta:
        verbose_name = _("sorrendezési állapot")
        verbose_name_plural = _("sorrendezési állapotok")
        constraints = [
            models.UniqueConstraint(fields=["user", "package"], name="sequencing_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.package}"
