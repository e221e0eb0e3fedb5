"""SCORM packages, their launchable items (SCOs) and each learner's attempts with cmi data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..scorm.launch import LaunchTarget, launch_target


class Package(models.Model):
    class Version(models.TextChoices):
        SCORM12 = "1.2", "SCORM 1.2"
        SCORM2004 = "2004", "SCORM 2004"

    course = models.ForeignKey(
        "training.Course", on_delete=models.CASCADE, related_name="packages", verbose_name=_("tananyag")
    )
    title = models.CharField(_("cím"), max_length=300)
    identifier = models.CharField(_("azonosító"), max_length=300, blank=True)
    version = models.CharField(_("SCORM változat"), max_length=8, choices=Version.choices)
    edition = models.CharField(_("kiadás"), max_length=40, blank=True)
    root = models.CharField(_("tárhely mappa"), max_length=200, unique=True)
    original_name = models.CharField(_("fájlnév"), max_length=255)
    size = models.PositiveBigIntegerField(_("méret (bájt)"), default=0)
    file_count = models.PositiveIntegerField(_("fájlok"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("feltöltő"),
    )
    uploaded_at = models.DateTimeField(_("feltöltve"), auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM csomag")
        verbose_name_plural = _("SCORM csomagok")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_2004(self) -> bool:
        return self.version == self.Version.SCORM2004


class Sco(models.Model):
    """One launchable item of the organisation, in manifest order."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="scos")
    order = models.PositiveIntegerField(_("sorrend"))
    identifier = models.CharField(_("azonosító"), max_length=300)
    title = models.CharField(_("cím"), max_length=300)
    depth = models.PositiveSmallIntegerField(_("szint"), default=0)
    href = models.CharField(_("indító fájl"), max_length=1000)
    parameters = models.CharField(_("paraméterek"), max_length=1000, blank=True)
    is_sco = models.BooleanField(_("SCO"), default=True)
    launch_data = models.TextField(_("indítási adat"), blank=True)
    mastery_score = models.DecimalField(
        _("teljesítési ponthatár"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    scaled_passing_score = models.DecimalField(
        _("skálázott ponthatár"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    completion_threshold = models.DecimalField(
        _("teljesítési küszöb"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    max_time_allowed = models.CharField(_("megengedett idő"), max_length=40, blank=True)
    time_limit_action = models.CharField(_("időtúllépéskor"), max_length=40, blank=True)
    # SCORM 2004: the objective IDs of imsss:objectives (primary first), the delivery controls
    # and the shared data buckets (adlcp:data: [{"id", "read", "write", "global"}]).
    objective_ids = models.JSONField(_("célok"), default=list, blank=True)
    completion_set_by_content = models.BooleanField(_("teljesítést a tananyag állítja"), default=False)
    objective_set_by_content = models.BooleanField(_("eredményt a tananyag állítja"), default=False)
    shared_data = models.JSONField(_("megosztott adatok"), default=list, blank=True)

    class Meta:
        verbose_name = _("tananyagelem")
        verbose_name_plural = _("tananyagelemek")
        ordering = ["package", "order"]
        constraints = [
            models.UniqueConstraint(fields=["package", "order"], name="sco_unique_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def launch(self) -> LaunchTarget:
        """The launch file, query and fragment: the href with the item's parameters (IMS CP)."""
        return launch_target(self.href, self.parameters)


class Attempt(models.Model):
    """A learner's attempt at one SCO: the stored cmi data and the fields reports need."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts",
        verbose_name=_("felhasználó"),
    )
    sco = models.ForeignKey(Sco, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(_("kísérlet"), default=1)
    cmi = models.JSONField(_("cmi adatok"), default=dict, blank=True)
    completion_status = models.CharField(_("teljesítés"), max_length=20, default="not attempted")
    success_status = models.CharField(_("eredmény"), max_length=20, default="unknown")
    score_raw = models.DecimalField(_("pontszám"), max_digits=12, decimal_places=4, null=True, blank=True)
    score_scaled = models.DecimalField(
        _("skálázott pontszám"), max_digits=9, decimal_places=7, null=True, blank=True
    )
    total_seconds = models.DecimalField(_("összes idő (mp)"), max_digits=14, decimal_places=2, default=0)
    sessions = models.PositiveIntegerField(_("munkamenetek"), default=0)
    is_open = models.BooleanField(_("folyamatban"), default=False)
    suspended = models.BooleanField(_("felfüggesztve"), default=False)
    # Counts the commits: a commit updates the row only at the revision it read.
    revision = models.PositiveIntegerField(_("változat"), default=0)
    started_at = models.DateTimeField(_("kezdve"), auto_now_add=True)
    updated_at = models.DateTimeField(_("módosítva"), auto_now=True)

    class Meta:
        verbose_name = _("kísérlet")
        verbose_name_plural = _("kísérletek")
        constraints = [
            models.UniqueConstraint(fields=["user", "sco", "number"], name="attempt_unique_number"),
        ]
        ordering = ["sco", "-number"]

    def __str__(self) -> str:
        return f"{self.user} – {self.sco} #{self.number}"

    @property
    def is_completed(self) -> bool:
        return self.completion_status == "completed"


class SharedData(models.Model):
    """A SCORM 2004 4th Edition shared data bucket (adl.data) of one learner. ``scope`` is
    ``package:<id>``, or ``global`` when the organisation says ``sharedDataGlobalToSystem``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(Package, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(_("hatókör"), max_length=40)
    target_id = models.CharField(_("azonosító"), max_length=500)
    store = models.TextField(_("tartalom"), blank=True)
    updated_at = models.DateTimeField(_("módosítva"), auto_now=True)

    class Meta:
        verbose_name = _("megosztott adat")
        verbose_name_plural = _("megosztott adatok")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "target_id"], name="shared_data_unique"),
        ]

    @staticmethod
    def scope_for(*, package_id: int, bucket: dict) -> str:
        return "global" if bucket.get("global") else f"package:{package_id}"
