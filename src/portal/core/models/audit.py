"""The audit log: every state change records who did what to which object."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("időpont"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("ki"),
    )
    actor_label = models.CharField(_("ki (szövegesen)"), max_length=300, blank=True)
    action = models.CharField(_("művelet"), max_length=100, db_index=True)
    object_type = models.CharField(_("objektum típusa"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("objektum azonosítója"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("objektum"), max_length=300, blank=True)
    data = models.JSONField(_("adatok"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP-cím"), null=True, blank=True)

    class Meta:
        verbose_name = _("naplóbejegyzés")
        verbose_name_plural = _("napló")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"
