"""Mail waiting to be delivered by the worker."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("küldésre vár")
        SENT = "sent", _("elküldve")
        FAILED = "failed", _("sikertelen")

    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)
    template = models.CharField(_("sablon"), max_length=100)
    to = models.EmailField(_("címzett"))
    subject = models.CharField(_("tárgy"), max_length=300)
    body_text = models.TextField(_("szöveg"))
    body_html = models.TextField(_("HTML szöveg"), blank=True)
    status = models.CharField(_("állapot"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("próbálkozások"), default=0)
    next_attempt_at = models.DateTimeField(_("következő próbálkozás"), default=timezone.now)
    sent_at = models.DateTimeField(_("elküldve"), null=True, blank=True)
    last_error = models.TextField(_("utolsó hiba"), blank=True)

    class Meta:
        verbose_name = _("kimenő levél")
        verbose_name_plural = _("kimenő levelek")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
