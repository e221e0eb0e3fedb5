"""Mail waiting to be delivered by the worker."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_message_id() -> str:
    """A Message-ID fixed when the mail is queued, so that every retry carries the same one.

    A mail server that accepted a message but dropped the connection before answering gets the
    same mail again on the retry; its Message-ID lets the receiving side recognise the duplicate.
    """
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return make_msgid(domain=domain)


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("küldésre vár")
        SENDING = "sending", _("küldés alatt")
        SENT = "sent", _("elküldve")
        FAILED = "failed", _("sikertelen")

    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)
    template = models.CharField(_("sablon"), max_length=100)
    to = models.EmailField(_("címzett"))
    subject = models.CharField(_("tárgy"), max_length=300)
    body_text = models.TextField(_("szöveg"))
    body_html = models.TextField(_("HTML szöveg"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, default=new_message_id)
    status = models.CharField(_("állapot"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("próbálkozások"), default=0)
    next_attempt_at = models.DateTimeField(_("következő próbálkozás"), default=timezone.now)
    # While a worker sends, the message is 'sending' until this moment; a worker killed mid-send
    # leaves it behind, and after this moment another worker takes it over.
    claimed_until = models.DateTimeField(_("foglalva eddig"), null=True, blank=True)
    sent_at = models.DateTimeField(_("elküldve"), null=True, blank=True)
    last_error = models.TextField(_("utolsó hiba"), blank=True)

    class Meta:
        verbose_name = _("kimenő levél")
        verbose_name_plural = _("kimenő levelek")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
