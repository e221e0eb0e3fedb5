"""Register records: maintainers and institutions.

The register keeps the current state in relational tables (institution,
predecessors, operating licences, sites, tasks) and one version per approved
change request (valid from, recorded at, by whom, from which request) holding
a snapshot of the record in the schema of ``registry.schema``.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Maintainer(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("aktív")
        TERMINATED = "terminated", _("megszűnt")

    maintainer_id = models.CharField(
        _("fenntartói azonosító"), max_length=8, unique=True, null=True, blank=True
    )
    name = models.CharField(_("fenntartó neve"), max_length=300)
    maintainer_type = models.ForeignKey(
        "core.MaintainerType", on_delete=models.PROTECT, verbose_name=_("fenntartó típusa")
    )
    status = models.CharField(_("státusz"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    representative_email = models.EmailField(_("képviselő e-mail címe"), blank=True)
    # The full record (registry.maintainer_schema): identifiers, contacts, seat, representative.
    pir = models.CharField(_("PIR szám"), max_length=6, blank=True, db_index=True)
    tax_number = models.CharField(_("adószám"), max_length=11, blank=True, db_index=True)
    statistical_number = models.CharField(_("KSH statisztikai számjel"), max_length=17, blank=True)
    phone = models.CharField(_("telefonszám"), max_length=16, blank=True)
    fax = models.CharField(_("faxszám"), max_length=16, blank=True)
    email = models.CharField(_("e-mail cím"), max_length=254, blank=True)
    website = models.CharField(_("weblap"), max_length=300, blank=True)
    seat = models.JSONField(_("székhely"), default=dict, blank=True)
    representative = models.JSONField(_("képviselő"), default=dict, blank=True)
    approved_at = models.DateTimeField(_("nyilvántartásba véve"), null=True, blank=True)
    terminated_on = models.DateField(_("megszűnés dátuma"), null=True, blank=True)

    class Meta:
        verbose_name = _("fenntartó")
        verbose_name_plural = _("fenntartók")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.maintainer_id})" if self.maintainer_id else self.name

    @property
    def is_school_district(self) -> bool:
        return self.maintainer_type.is_school_district


class Institution(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("bejelentés alatt")
        ACTIVE = "active", _("működő")
        SUSPENDED = "suspended", _("szünetelő")
        TERMINATED = "terminated", _("megszűnt")

    om_id = models.CharField(_("OM azonosító"), max_length=6, unique=True, null=True, blank=True)
    name = models.CharField(_("intézmény neve"), max_length=300)
    status = models.CharField(_("státusz"), max_length=20, choices=Status.choices, default=Status.PENDING)
    maintainer = models.ForeignKey(
        Maintainer, null=True, blank=True, on_delete=models.PROTECT,
        related_name="institutions", verbose_name=_("fenntartó"),
    )
    head_email = models.EmailField(_("intézményvezető e-mail címe"), blank=True)
    pir = models.CharField(_("PIR szám"), max_length=6, blank=True, db_index=True)
    tax_number = models.CharField(_("adószám"), max_length=13, blank=True)
    short_name = models.CharField(_("intézmény rövid neve"), max_length=200, blank=True)
    character = models.CharField(_("intézmény jellege"), max_length=80, blank=True)
    institution_type = models.CharField(_("intézmény típusa"), max_length=80, blank=True)
    website = models.CharField(_("intézmény weblapja"), max_length=300, blank=True)
    head_name = models.CharField(_("intézményvezető neve"), max_length=200, blank=True)
    head_phone = models.CharField(_("intézményvezető telefonszáma"), max_length=40, blank=True)
    head_mobile = models.CharField(_("intézményvezető mobilszáma"), max_length=40, blank=True)
    tiszk_number = models.CharField(_("TISZK nyilvántartási száma"), max_length=40, blank=True)
    founder_type = models.CharField(_("alapító típusa"), max_length=80, blank=True)
    founder_name = models.CharField(_("alapító neve"), max_length=300, blank=True)
    founder_seat = models.JSONField(_("alapító székhelye"), default=dict, blank=True)
    founding_place = models.CharField(_("alapító okirat keltének helye"), max_length=200, blank=True)
    founding_date = models.DateField(_("alapító okirat kelte"), null=True, blank=True)
    approved_at = models.DateTimeField(_("nyilvántartásba véve"), null=True, blank=True)
    # Suspension or termination of the whole institution (set on approval of that request).
    status_from = models.DateField(_("szünetelés/megszűnés hatálybalépése"), null=True, blank=True)
    status_school_year = models.CharField(_("szünetelés tanéve"), max_length=9, blank=True)
    termination_reason = models.CharField(_("megszűnés oka"), max_length=80, blank=True)
    # Search columns (registry.search): folded name, OM ID, settlement and maintainer; seat county
    # and settlement. Written by ``schema.apply_to_register`` and the national loader.
    search_text = models.CharField(_("keresési szöveg"), max_length=600, blank=True, db_index=True)
    seat_county = models.CharField(_("székhely vármegyéje"), max_length=2, blank=True, db_index=True)
    seat_settlement = models.CharField(_("székhely települése"), max_length=100, blank=True, db_index=True)
    # The seat as a result row shows it, so that a search page is one query (no join to sites).
    seat_postal_code = models.CharField(_("székhely irányítószáma"), max_length=10, blank=True)
    seat_settlement_name = models.CharField(_("székhely településneve"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("intézmény")
        verbose_name_plural = _("intézmények")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="institution_name_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.om_id})" if self.om_id else self.name


class InstitutionPredecessor(models.Model):
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="predecessors"
    )
    om_id = models.CharField(_("jogelőd OM azonosítója"), max_length=6)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("jogelőd")
        verbose_name_plural = _("jogelődök")
        ordering = ["position", "id"]


class OperatingLicence(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="licences")
    issuer = models.CharField(_("engedélyező neve"), max_length=300)
    place = models.CharField(_("engedély keltének helye"), max_length=200)
    issued_on = models.DateField(_("engedély kelte"))
    decision_number = models.CharField(_("határozat száma"), max_length=100)
    operation_start = models.DateField(_("működés kezdete"))
    issuer_address = models.JSONField(_("engedélyező címe"), default=dict, blank=True)
    key = models.CharField(_("azonosító a kérelemben"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("működési engedély")
        verbose_name_plural = _("működési engedélyek")
        ordering = ["position", "id"]


class Site(models.Model):
    """A feladatellátási hely: the seat, a site with or without own administration."""

    class Kind(models.TextChoices):
        SEAT = "seat", _("székhely")
        OWN_ADMINISTRATION = "own", _("önálló ügyvitellel rendelkező feladatellátási hely")
        NO_ADMINISTRATION = "none", _("önálló ügyvitellel nem rendelkező feladatellátási hely")

    class AdministrationType(models.TextChoices):
        MEMBER = "member", _("tagintézmény")
        PREMISES = "premises", _("telephely")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="sites")
    key = models.CharField(_("azonosító a kérelemben"), max_length=20)
    number = models.CharField(_("feladatellátási hely sorszáma"), max_length=3)
    kind = models.CharField(_("feladatellátási hely típusa"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("feladatellátási hely neve"), max_length=300)
    address = models.JSONField(_("feladatellátási hely címe"), default=dict, blank=True)
    predecessor_om_id = models.CharField(_("jogelőd OM azonosítója"), max_length=6, blank=True)
    predecessor_site = models.CharField(_("jogelőd feladatellátási hely"), max_length=300, blank=True)
    contact = models.JSONField(_("kapcsolattartó"), default=dict, blank=True)
    administration = models.JSONField(_("ügyviteli adatok"), default=dict, blank=True)
    administered_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="administers",
        verbose_name=_("ügyvitelt ellátó feladatellátási hely"),
    )
    capacities = models.JSONField(_("oktatási jellemzők"), default=dict, blank=True)
    facilities = models.JSONField(_("helyiségek és jellemzők"), default=dict, blank=True)
    is_active = models.BooleanField(_("aktív"), default=True)
    status = models.CharField(_("állapot"), max_length=20, blank=True)  # "", suspended, terminated
    status_from = models.DateField(_("szünetelés/megszűnés hatálybalépése"), null=True, blank=True)
    status_school_year = models.CharField(_("szünetelés tanéve"), max_length=9, blank=True)
    termination_reason = models.CharField(_("megszűnés oka"), max_length=80, blank=True)
    # The register holds no pupils or staff: the office keeps (sets or imports) the counts of
    # active enrolment and employment relations, which block suspension and termination.
    active_enrolments = models.PositiveIntegerField(_("aktív gyermek/tanulói jogviszonyok"), default=0)
    active_employments = models.PositiveIntegerField(_("aktív alkalmazotti jogviszonyok"), default=0)

    class Meta:
        verbose_name = _("feladatellátási hely")
        verbose_name_plural = _("feladatellátási helyek")
        ordering = ["institution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="site_number_unique"),
            models.UniqueConstraint(fields=["institution", "key"], name="site_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Task(models.Model):
    """An ellátott feladat: base task, special characteristic, schedule, grades, supplements."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(_("azonosító a kérelemben"), max_length=20)
    base_task = models.CharField(_("alapfeladat"), max_length=80, db_index=True)
    special_characteristic = models.CharField(_("speciális jellemző"), max_length=80)
    schedule = models.CharField(_("képzési rendszer"), max_length=80)
    grade_count = models.PositiveSmallIntegerField(_("évfolyamok száma"), null=True, blank=True)
    supplements = models.JSONField(_("kiegészítések"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("állapot"), max_length=20, blank=True)  # "", suspended

    class Meta:
        verbose_name = _("ellátott feladat")
        verbose_name_plural = _("ellátott feladatok")
        ordering = ["site", "position", "id"]


class RegisterVersion(models.Model):
    """One approved change of a register record: when it is valid, who recorded it, from which request,
    and the whole record as it then stood (``data``, in the shape of its schema)."""

    number = models.PositiveIntegerField(_("változat"))
    valid_from = models.DateField(_("hatályos"))
    recorded_at = models.DateTimeField(_("rögzítve"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("rögzítette"),
    )
    data = models.JSONField(_("adatok"), encoder=DjangoJSONEncoder)

    class Meta:
        abstract = True


class InstitutionVersion(RegisterVersion):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="versions")
    change_request = models.ForeignKey(
        "changes.ChangeRequest", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="versions", verbose_name=_("kérelem"),
    )

    class Meta:
        verbose_name = _("intézményi változat")
        verbose_name_plural = _("intézményi változatok")
        ordering = ["institution", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="institution_version_unique"),
        ]


class AssociationMember(models.Model):
    """A member of a maintainer association (társulási tag); at most one is the lead (gesztor)."""

    maintainer = models.ForeignKey(Maintainer, on_delete=models.CASCADE, related_name="members")
    key = models.CharField(_("azonosító a kérelemben"), max_length=20)
    pir = models.CharField(_("PIR szám"), max_length=6, blank=True)
    name = models.CharField(_("társulási tag neve"), max_length=300)
    is_lead = models.BooleanField(_("gesztor"), default=False)
    address = models.JSONField(_("társulási tag címe"), default=dict, blank=True)
    representative = models.JSONField(_("társulási tag képviselője"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("társulási tag")
        verbose_name_plural = _("társulási tagok")
        ordering = ["maintainer", "position", "id"]


class MaintainerVersion(RegisterVersion):
    maintainer = models.ForeignKey(Maintainer, on_delete=models.CASCADE, related_name="versions")
    change_request = models.ForeignKey(
        "changes.ChangeRequest", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="maintainer_versions", verbose_name=_("kérelem"),
    )

    class Meta:
        verbose_name = _("fenntartói változat")
        verbose_name_plural = _("fenntartói változatok")
        ordering = ["maintainer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["maintainer", "number"], name="maintainer_version_unique"),
        ]


class IdentifierCounter(models.Model):
    """The last identifier handed out of a kind ("om_id"); identifiers are never reused."""

    name = models.CharField(max_length=40, primary_key=True)
    last_value = models.PositiveIntegerField()


class IdCardData(models.Model):
    """Oktatási igazolványokkal kapcsolatos adatok of one site (applied without a request)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="id_card_data")
    data = models.JSONField(_("adatok"), default=dict)
    updated_at = models.DateTimeField(_("módosítva"), auto_now=True)

    class Meta:
        verbose_name = _("oktatási igazolvány adatai")
        verbose_name_plural = _("oktatási igazolvány adatai")


class IdCardChange(models.Model):
    """A change of a site's ID-card data that takes effect at ``effective_at``."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="id_card_changes")
    data = models.JSONField(_("új adatok"))
    effective_at = models.DateTimeField(_("érvénybe lép"), db_index=True)
    applied_at = models.DateTimeField(_("átvezetve"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oktatási igazolvány adatmódosítás")
        verbose_name_plural = _("oktatási igazolvány adatmódosítások")
        ordering = ["effective_at", "pk"]
