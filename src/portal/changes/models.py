"""Change requests: one model for every kind of request to change the register.

A request holds the proposed record (``payload``, in the schema of
``registry.schema``) and moves through the states of ``transitions.TRANSITIONS``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEW_INSTITUTION = "new_institution", _("Új intézmény bejelentése")
    INSTITUTION_CHANGE = "institution_change", _("Intézményi adatmódosítás")
    INSTITUTION_SUSPENSION = "institution_suspension", _("Intézmény szünetelése")
    INSTITUTION_TERMINATION = "institution_termination", _("Intézmény megszüntetése")
    NEW_MAINTAINER = "new_maintainer", _("Új fenntartó bejelentése")
    MAINTAINER_CHANGE = "maintainer_change", _("Fenntartói adatmódosítás")
    MAINTAINER_TERMINATION = "maintainer_termination", _("Fenntartó megszüntetése")


class State(models.TextChoices):
    DRAFT = "draft", _("piszkozat")
    SUBMITTED = "submitted", _("beküldött")
    AUTHENTICATED = "authenticated", _("hitelesített")
    APPROVED = "approved", _("átvezetett")
    REOPENED = "reopened", _("visszanyitott")
    REJECTED = "rejected", _("elutasított")
    CANCELLED = "cancelled", _("sztornózott")


MAINTAINER_KINDS = (Kind.NEW_MAINTAINER, Kind.MAINTAINER_CHANGE, Kind.MAINTAINER_TERMINATION)
OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.AUTHENTICATED, State.REOPENED)


class ChangeRequest(models.Model):
    kind = models.CharField(_("kérelem fajtája"), max_length=30, choices=Kind.choices)
    state = models.CharField(_("állapot"), max_length=20, choices=State.choices, default=State.DRAFT)
    # What the request is about: "pir:<pir>", "institution:<pk>", "maintainer:<pk>" or
    # "new:<random>"; at most one open request per subject (see the constraint).
    subject_key = models.CharField(_("tárgy"), max_length=60)
    institution = models.ForeignKey(
        "registry.Institution", null=True, blank=True, on_delete=models.PROTECT,
        related_name="change_requests", verbose_name=_("intézmény"),
    )
    maintainer = models.ForeignKey(
        "registry.Maintainer", null=True, blank=True, on_delete=models.PROTECT,
        related_name="change_requests", verbose_name=_("fenntartó"),
    )
    payload = models.JSONField(_("kért adatok"), default=dict, encoder=DjangoJSONEncoder)
    base_payload = models.JSONField(
        _("adatok a kérelem kezdetén"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    applicant_email = models.EmailField(_("bejelentő e-mail címe"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("létrehozta"),
    )
    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)
    updated_at = models.DateTimeField(_("módosítva"), auto_now=True)
    # A new code for every submission: an old paper copy cannot authenticate a resubmission.
    verification_code = models.CharField(
        _("ellenőrző kód"), max_length=12, unique=True, null=True, blank=True
    )
    submission_count = models.PositiveSmallIntegerField(_("beküldések száma"), default=0)
    submitted_at = models.DateTimeField(_("beküldve"), null=True, blank=True)
    authenticated_at = models.DateTimeField(_("hitelesítve"), null=True, blank=True)
    authenticated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("hitelesítette"),
    )
    decided_at = models.DateTimeField(_("döntés ideje"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("döntést hozta"),
    )
    decision_reason = models.TextField(_("döntés indoka"), blank=True)
    # Continuing a saved draft: a single-use code sent to the applicant's e-mail.
    continuation_code_hash = models.CharField(max_length=128, blank=True)
    continuation_expires_at = models.DateTimeField(null=True, blank=True)
    continuation_attempts = models.PositiveSmallIntegerField(default=0)  # wrong codes, across re-sends
    continuation_locked_until = models.DateTimeField(null=True, blank=True)  # the guess budget is spent

    class Meta:
        verbose_name = _("kérelem")
        verbose_name_plural = _("kérelmek")
        ordering = ["submitted_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key"], condition=Q(state__in=OPEN_STATES),
                name="change_request_one_open_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["state", "kind", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_maintainer_request(self) -> bool:
        return self.kind in MAINTAINER_KINDS

    @property
    def institution_label(self) -> str:
        """The institution a request is about, for lists ("" for a maintainer's own request)."""
        if self.is_maintainer_request:
            return ""
        return (self.payload or {}).get("name") or (self.institution.name if self.institution is not None else "")

    @property
    def maintainer_label(self) -> str:
        """The maintainer a request is about or belongs to, for lists; a new one by its announced name."""
        if self.is_maintainer_request:
            return (self.payload or {}).get("name") or (str(self.maintainer) if self.maintainer_id else "")
        return str(self.maintainer) if self.maintainer_id else ""

    @property
    def open_decision_reason(self) -> str:
        """The reason of the decision the request stands under: a reopen or a rejection, not an older one."""
        return self.decision_reason if self.state in (State.REOPENED, State.REJECTED) else ""

    @property
    def is_editable(self) -> bool:
        return self.state in (State.DRAFT, State.REOPENED)


class RequestPrint(models.Model):
    """The printable PDF of one submission, rendered once by the background worker and stored.

    The submitted payload and verification code are kept with it, so the PDF is always what was
    submitted (approval later adds the OM ID and site numbers to the request's own payload).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("készül")
        READY = "ready", _("elkészült")
        FAILED = "failed", _("sikertelen")

    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="prints",
                                       verbose_name=_("kérelem"))
    submission = models.PositiveSmallIntegerField(_("beküldés sorszáma"))
    status = models.CharField(_("állapot"), max_length=10, choices=Status.choices, default=Status.PENDING)
    payload = models.JSONField(_("beküldött adatok"), encoder=DjangoJSONEncoder)
    payload_sha256 = models.CharField(_("a beküldött adatok ellenőrzőösszege"), max_length=64)
    verification_code = models.CharField(_("ellenőrző kód"), max_length=12)
    submitted_at = models.DateTimeField(_("beküldve"))
    file = models.FileField(_("fájl"), upload_to="kerelmek/%Y/%m/", max_length=200, blank=True)
    sha256 = models.CharField(_("a PDF ellenőrzőösszege"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("méret (bájt)"), default=0)
    pages = models.PositiveIntegerField(_("oldalak"), default=0)
    render_ms = models.PositiveIntegerField(_("készítés ideje (ms)"), default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nyomtatható kérelem")
        verbose_name_plural = _("nyomtatható kérelmek")
        ordering = ["change_request", "-submission"]
        constraints = [
            models.UniqueConstraint(fields=["change_request", "submission"], name="request_print_one_per_submission"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.change_request_id}/{self.submission}"
