"""People and plans: learners and notaries scoped to municipalities, training plans, intakes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notary(models.Model):
    """A notary (jegyző) acts for every municipality its office serves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notary",
        verbose_name=_("felhasználó"),
    )
    notary_office = models.ForeignKey(
        "training.NotaryOffice", on_delete=models.PROTECT, related_name="notaries",
        verbose_name=_("jegyzői hivatal"),
    )

    class Meta:
        verbose_name = _("jegyző")
        verbose_name_plural = _("jegyzők")

    def __str__(self) -> str:
        return str(self.user)


class Learner(models.Model):
    """A member of municipal staff with an account (one per personal e-mail)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner",
        verbose_name=_("felhasználó"),
    )
    municipality = models.ForeignKey(
        "training.Municipality", on_delete=models.PROTECT, related_name="learners",
        verbose_name=_("önkormányzat"),
    )
    position = models.CharField(_("munkakör"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("meghívó elküldve"), null=True, blank=True)
    invitations_sent = models.PositiveSmallIntegerField(_("elküldött meghívók"), default=0)
    withdrawn_at = models.DateTimeField(_("kivezetve"), null=True, blank=True)
    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)

    class Meta:
        verbose_name = _("beiskolázott")
        verbose_name_plural = _("beiskolázottak")
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class TrainingPlan(models.Model):
    municipality = models.ForeignKey(
        "training.Municipality", on_delete=models.PROTECT, related_name="training_plans",
        verbose_name=_("önkormányzat"),
    )
    year = models.PositiveSmallIntegerField(_("év"))
    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)

    class Meta:
        verbose_name = _("beiskolázási terv")
        verbose_name_plural = _("beiskolázási tervek")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="training_plan_unique_year"),
        ]
        ordering = ["-year", "municipality__name"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Intake(models.Model):
    """One uploaded enrolment table (regisztrációs kérelem): checked by a dry run, then committed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("ellenőrzésre vár")
        CHECKED = "checked", _("ellenőrizve")
        COMMITTED = "committed", _("rögzítve")
        REJECTED = "rejected", _("hibás, nem rögzíthető")

    created_at = models.DateTimeField(_("feltöltve"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("feltöltő"),
    )
    notary_office = models.ForeignKey(
        "training.NotaryOffice", null=True, blank=True, on_delete=models.PROTECT,
        related_name="intakes", verbose_name=_("jegyzői hivatal"),
    )
    file = models.FileField(_("táblázat"), upload_to="training/intakes/%Y/%m/")
    original_name = models.CharField(_("fájlnév"), max_length=255)
    year = models.PositiveSmallIntegerField(_("év"))
    status = models.CharField(_("állapot"), max_length=12, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("sorok"), default=0)
    summary = models.JSONField(_("összesítés"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("rögzítve"), null=True, blank=True)
    # Big tables are checked and committed by the worker (training_intake_jobs_run); the page
    # shows the progress and refreshes itself until the job is done.
    job = models.CharField(_("háttérfeladat"), max_length=10, blank=True,
                           choices=[("check", _("ellenőrzés")), ("commit", _("rögzítés"))])
    job_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("kérte"),
    )
    job_confirm_shared = models.BooleanField(default=False)
    job_requested_at = models.DateTimeField(null=True, blank=True)
    job_started_at = models.DateTimeField(null=True, blank=True)
    job_rows_done = models.PositiveIntegerField(default=0)
    job_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("regisztrációs kérelem")
        verbose_name_plural = _("regisztrációs kérelmek")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Enrolment(models.Model):
    """A learner may study one subsystem's courses."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("beiskolázott")
    )
    subsystem = models.ForeignKey(
        "training.Subsystem", on_delete=models.PROTECT, related_name="enrolments",
        verbose_name=_("szakrendszer"),
    )
    training_plan = models.ForeignKey(
        TrainingPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments",
        verbose_name=_("beiskolázási terv"),
    )
    intake = models.ForeignKey(
        Intake, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments",
        verbose_name=_("regisztrációs kérelem"),
    )
    created_at = models.DateTimeField(_("létrehozva"), auto_now_add=True)

    class Meta:
        verbose_name = _("beiskolázás")
        verbose_name_plural = _("beiskolázások")
        constraints = [
            models.UniqueConstraint(fields=["learner", "subsystem"], name="enrolment_unique_subsystem"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} – {self.subsystem}"


class Invitation(models.Model):
    """A learner's invitation mail (login + link to set the password). A commit queues one per new
    learner; the worker (``training_invitations_send_due``) issues the link and mails it."""

    class State(models.TextChoices):
        PENDING = "pending", _("küldésre vár")
        SENT = "sent", _("elküldve")
        CANCELLED = "cancelled", _("visszavonva")

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("beiskolázott")
    )
    intake = models.ForeignKey(
        Intake, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations",
        verbose_name=_("regisztrációs kérelem"),
    )
    state = models.CharField(_("állapot"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("létrehozva"), default=timezone.now)
    sent_at = models.DateTimeField(_("elküldve"), null=True, blank=True)
    note = models.CharField(_("megjegyzés"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("meghívó")
        verbose_name_plural = _("meghívók")
        indexes = [models.Index(fields=["state", "id"], name="training_invitation_due")]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.state}"
