"""One schema of the institution record: institution, predecessors, licences, sites, tasks.

The same dataclasses are the change-request payload (``to_dict``/``from_dict``,
stored as JSON on the request), are validated before submit (``validate``),
are compared for the office (``diff``), are printed in the PDF, are served by
the API and are written to and read from the register tables
(``apply_to_register``/``from_register``).

Dates are ISO strings (``YYYY-MM-DD``) and code-list values are codes, so a
payload is plain JSON; addresses are dictionaries with the keys of ``ADDRESS_KEYS``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core.addresses import (
    HUNGARY,
    Address,
    AddressVocabulary,
    address_errors,
    address_vocabulary,
)

from . import checks
from .codes import CodeBook

TAB_BASIC = "alapadatok"
TAB_PREDECESSORS = "jogelodok"
TAB_LICENCES = "mukodesi-engedelyek"
TAB_SITES = "feladatellatasi-helyek"
TAB_TASKS = "ellatott-feladatok"
TAB_MAINTAINER = "fenntarto"

SEAT = "seat"
OWN_ADMINISTRATION = "own"
NO_ADMINISTRATION = "none"
SITE_KINDS = {
    SEAT: _("székhely"),
    OWN_ADMINISTRATION: _("önálló ügyvitellel rendelkező feladatellátási hely"),
    NO_ADMINISTRATION: _("önálló ügyvitellel nem rendelkező feladatellátási hely"),
}
ADMINISTRATION_TYPES = {"member": _("tagintézmény"), "premises": _("telephely")}
ADDRESS_KEYS = (
    "country", "postal_code", "settlement", "street_name", "street_type",
    "house_number", "details", "lot_number",
)
# Before the shared address form, the register stored country codes; they read as names.
LEGACY_COUNTRY_CODES = {
    "HU": HUNGARY, "AT": "Ausztria", "HR": "Horvátország", "DE": "Németország", "RO": "Románia",
    "RS": "Szerbia", "SK": "Szlovákia", "SI": "Szlovénia", "UA": "Ukrajna",
}
CAPACITY_FIELDS = {
    "max_day_pupils": _("Nappali képzésben felvehető maximális létszám"),
    "max_practical_pupils": _("Gyakorlati képzésben felvehető maximális létszám"),
    "places": _("Férőhelyek száma"),
    "group_rooms": _("Óvodai csoportszobák száma"),
    "dormitory_rooms": _("Hálótermek száma"),
    "classrooms": _("Tantermek száma"),
}
FACILITY_FIELDS = {
    "gym": _("tornaterem"),
    "gym_room": _("tornaszoba"),
    "pool": _("uszoda"),
    "kitchen": _("konyha"),
    "library": _("könyvtár"),
    "science_lab": _("természetlabor"),
    "workshop": _("tanműhely"),
    "sports_field": _("sportpálya"),
    "unified_school": _("egységes iskola"),
    "foreign_school": _("külföldi iskola"),
}
SHORT_NAME_MAX = 32

# Messages of validation, asserted exactly by the tests.
MISSING = _("Kötelezően kitöltendő mező.")
TAX_NUMBER_INVALID = _("Adja meg az adószámot XXXXXXXX-X-XX formában, érvényes ellenőrző számjeggyel.")
OM_ID_INVALID = _("Az OM azonosító 6 számjegyből áll.")
EMAIL_INVALID = _("Adjon meg egy érvényes e-mail címet, például nev@intezmeny.hu.")
PHONE_INVALID = _("Adja meg a telefonszámot számjegyekkel, például +36 1 234 5678.")
WEBSITE_INVALID = _("Adjon meg egy érvényes webcímet, például www.iskola.hu.")
BANK_ACCOUNT_INVALID = _(
    "Adja meg a bankszámlaszámot XXXXXXXX-XXXXXXXX vagy XXXXXXXX-XXXXXXXX-XXXXXXXX formában."
)
POSTAL_CODE_INVALID = _("Az irányítószám 4 számjegyből áll.")
DATE_INVALID = _("Adjon meg egy valós dátumot ÉÉÉÉ-HH-NN formában.")
CODE_INVALID = _("Válasszon a listából.")
SHORT_NAME_NOT_ALLOWED = _("Rövid névvel csak a többcélú intézmények rendelkezhetnek.")
SHORT_NAME_TOO_LONG = _("A rövidített név legfeljebb 32 karakter lehet.")
NAME_FORMULA = _(
    "A név nem kezdődhet =, +, -, @ jellel, tabulátorral vagy sortöréssel, mert a táblázatkezelők "
    "képletként futtatnák. Kezdje a nevet betűvel vagy számmal."
)
NO_SEAT = _("Az intézménynek pontosan egy székhelye kell legyen; még nincs székhely megadva.")
TWO_SEATS = _("Az intézménynek pontosan egy székhelye lehet; ez a hely is székhelyként van megjelölve.")
ADMINISTERING_SITE_MISSING = _(
    "Adja meg, melyik önálló ügyvitellel rendelkező feladatellátási hely látja el az ügyvitelt."
)
ADMINISTERING_SITE_WITHOUT_ADMINISTRATION = _(
    "Az ügyvitelt ellátó feladatellátási hely nem rendelkezik önálló ügyvitellel."
)
PREDECESSOR_SITE_MISSING = _("Adja meg, melyik korábbi feladatellátási helyről van szó.")
SITE_WITHOUT_TASKS = _("Minden feladatellátási helyhez legalább egy ellátott feladatot fel kell venni.")
TASK_COMBINATION_NOT_ALLOWED = _(
    "Ez a feladatkombináció (alapfeladat, speciális jellemző, képzési rendszer) "
    "a II. számú melléklet szerint nem érvényes."
)
SUPPLEMENT_NOT_ALLOWED = _("Ehhez a feladatkombinációhoz ez a kiegészítés nem rögzíthető.")
SUPPLEMENT_VALUE_INVALID = _("Válasszon a kiegészítés típusához tartozó értékek közül.")
GRADE_COUNT_INVALID = _("Az évfolyamok száma 1 és 13 közötti egész szám.")
CAPACITY_MISSING = _("Adja meg a számot (ha nincs ilyen, 0).")
CAPACITY_INVALID = _("Nem negatív egész számot adjon meg.")
FACILITY_UNSET = _("Jelölje, hogy a feladatellátási hely rendelkezik-e ezzel (igen vagy nem).")
MAINTAINER_MISSING = _("A fenntartó nem szerepel a nyilvántartásban.")
SCHOOL_YEAR_INVALID = _("Adja meg a tanévet ÉÉÉÉ/ÉÉÉÉ formában, például 2025/2026.")
LEGACY_ADDRESS = _(
    "A cím korábban szövegként volt tárolva (Pontosítás). Töltse ki a közterület nevét, jellegét "
    "és a házszámot, majd törölje a Pontosítás mező tartalmát."
)

# Status changes of a site or of the whole institution (suspension, termination).
SUSPEND = "suspend"
TERMINATE = "terminate"
STATUS_CHANGE_KINDS = {SUSPEND: _("Szünetelés"), TERMINATE: _("Megszüntetés")}
# Marks of an approved task in a data change.
TASK_MARKS = {"delete": _("Törlésre jelölt"), "suspend": _("Szünetelésre jelölt")}


def new_key() -> str:
    return secrets.token_hex(4)


_EMPTY_ADDRESS: dict = {}


def empty_address() -> dict:
    if not _EMPTY_ADDRESS:
        _EMPTY_ADDRESS.update(Address().to_dict())
    return dict(_EMPTY_ADDRESS)


def address_text(address: dict | None) -> str:
    if not address:
        return ""
    address = _address(address)
    if address.get("country", HUNGARY) != HUNGARY:
        return ", ".join(p for p in [address.get("country", ""), address.get("details", "")] if p)
    street = " ".join(
        p for p in [address.get("street_name"), address.get("street_type"), address.get("house_number")] if p
    )
    parts = [
        " ".join(p for p in [address.get("postal_code"), address.get("settlement")] if p),
        street, address.get("details", ""),
        f"hrsz. {address['lot_number']}" if address.get("lot_number") else "",
    ]
    return ", ".join(p for p in parts if p)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value):
    """``value`` as JSON-ready lists and dicts: what ``dataclasses.asdict`` returns, without its
    ``copy.deepcopy`` of every string and number (the record's values are immutable or rebuilt)."""
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list:
        return [plain(item) for item in value]
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    return value


@dataclass
class Problem:
    """One reason a record cannot be submitted: where it is (tab, site, task, field) and why."""

    tab: str
    field: str
    message: str
    site: str = ""
    task: str = ""


@dataclass
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Licence:
    issuer: str = ""
    place: str = ""
    issued_on: str = ""
    decision_number: str = ""
    operation_start: str = ""
    issuer_address: dict = field(default_factory=empty_address)
    key: str = field(default_factory=new_key)


@dataclass
class Administration:
    name: str = ""
    administration_type: str = ""
    short_name: str = ""
    bank_account: str = ""
    head: Contact = field(default_factory=Contact)
    billing_address: dict = field(default_factory=empty_address)


@dataclass
class StatusChange:
    """Suspension (effective date, school year) or termination (reason, effective date)."""

    kind: str = ""
    effective_from: str = ""
    school_year: str = ""
    reason: str = ""


@dataclass
class Supplement:
    kind: str = ""
    value: str = ""


@dataclass
class TaskRecord:
    base_task: str = ""
    special_characteristic: str = ""
    schedule: str = ""
    grade_count: int | None = None
    supplements: list[Supplement] = field(default_factory=list)
    key: str = field(default_factory=new_key)
    status: str = ""  # "" active, "suspended"
    marked: str = ""  # "", "delete", "suspend" (only on approved tasks of a data change)

    @property
    def combination(self) -> tuple[str, str, str]:
        return (self.base_task, self.special_characteristic, self.schedule)


@dataclass
class SiteRecord:
    kind: str = OWN_ADMINISTRATION
    name: str = ""
    address: dict = field(default_factory=empty_address)
    predecessor_om_id: str = ""
    predecessor_site: str = ""
    contact: Contact = field(default_factory=Contact)
    administration: Administration = field(default_factory=Administration)
    administered_by: str = ""
    capacities: dict = field(default_factory=lambda: {k: None for k in CAPACITY_FIELDS})
    facilities: dict = field(default_factory=lambda: {k: None for k in FACILITY_FIELDS})
    tasks: list[TaskRecord] = field(default_factory=list)
    number: str = ""
    key: str = field(default_factory=new_key)
    status: str = ""  # "" active, "suspended"
    status_change: StatusChange = field(default_factory=StatusChange)

    @property
    def is_terminating(self) -> bool:
        return self.status_change.kind == TERMINATE

    @property
    def has_administration(self) -> bool:
        return self.kind in (SEAT, OWN_ADMINISTRATION)


@dataclass
class InstitutionRecord:
    om_id: str = ""
    pir: str = ""
    maintainer_id: str = ""
    tax_number: str = ""
    name: str = ""
    short_name: str = ""
    character: str = ""
    institution_type: str = ""
    website: str = ""
    head: Contact = field(default_factory=Contact)
    head_mobile: str = ""
    tiszk_number: str = ""
    founder_type: str = ""
    founder_name: str = ""
    founder_seat: dict = field(default_factory=empty_address)
    founding_place: str = ""
    founding_date: str = ""
    predecessors: list[str] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    sites: list[SiteRecord] = field(default_factory=list)
    status_change: StatusChange = field(default_factory=StatusChange)

    # --- payload -----------------------------------------------------------------
    def to_dict(self) -> dict:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> InstitutionRecord:
        data = dict(data or {})
        record = cls(**_plain(cls, data, skip={
            "head", "founder_seat", "predecessors", "licences", "sites", "status_change"}))
        record.status_change = StatusChange(**_plain(StatusChange, data.get("status_change") or {}))
        record.head = Contact(**_plain(Contact, data.get("head") or {}))
        record.founder_seat = _address(data.get("founder_seat"))
        record.predecessors = [str(p) for p in data.get("predecessors") or []]
        record.licences = [_licence(item) for item in data.get("licences") or []]
        record.sites = [_site(item) for item in data.get("sites") or []]
        record.normalise()
        return record

    def normalise(self) -> None:
        """Rules that are not choices: the seat carries the institution's name."""
        for site in self.sites:
            if site.kind == SEAT:
                site.name = self.name
                site.administration.name = self.name
                site.administration.administration_type = ""
            if site.kind != NO_ADMINISTRATION:
                site.administered_by = ""
            else:
                site.administration = Administration()

    # --- navigation ---------------------------------------------------------------
    def site(self, key: str) -> SiteRecord | None:
        return next((s for s in self.sites if s.key == key), None)

    @property
    def seat(self) -> SiteRecord | None:
        return next((s for s in self.sites if s.kind == SEAT), None)

    def administering_sites(self) -> list[SiteRecord]:
        return [s for s in self.sites if s.has_administration]

    def task_combinations(self) -> list[tuple[str, str, str, int | None]]:
        """Distinct valid combinations already recorded anywhere ("Választás a meglévő feladatok közül")."""
        seen: dict[tuple, None] = {}
        for site in self.sites:
            for task in site.tasks:
                seen.setdefault((*task.combination, task.grade_count), None)
        return list(seen)

    # --- validation ---------------------------------------------------------------
    def addresses(self) -> list[dict]:
        """Every address of the record (to load the address vocabulary they need at once)."""
        found = [self.founder_seat] + [lic.issuer_address for lic in self.licences]
        for site in self.sites:
            found += [site.address, site.administration.billing_address]
        return found

    def validate(self, *, codes: CodeBook, maintainer_exists: bool = True,
                 vocabulary: AddressVocabulary | None = None) -> list[Problem]:
        """Every problem; addresses are checked with one ``AddressVocabulary`` (3 queries in all)."""
        if vocabulary is None:
            vocabulary = address_vocabulary(postal_codes={
                a.get("postal_code", "") for a in self.addresses() if a and a.get("postal_code")})
        problems: list[Problem] = []
        problems += self._validate_basic(codes, vocabulary)
        problems += self._validate_sites(codes, vocabulary)
        if not maintainer_exists:
            problems.append(Problem(TAB_MAINTAINER, "maintainer", str(MAINTAINER_MISSING)))
        return problems

    def _validate_basic(self, codes: CodeBook, vocabulary: AddressVocabulary) -> list[Problem]:
        out: list[Problem] = []

        def add(fieldname: str, message) -> None:
            out.append(Problem(TAB_BASIC, fieldname, str(message)))

        if not self.tax_number:
            add("tax_number", MISSING)
        elif not checks.tax_number_valid(self.tax_number):
            add("tax_number", TAX_NUMBER_INVALID)
        if not self.name.strip():
            add("name", MISSING)
        _validate_names(add, name=self.name, short_name=self.short_name, founder_name=self.founder_name)
        if self.short_name and self.institution_type not in codes.multi_purpose_types:
            add("short_name", SHORT_NAME_NOT_ALLOWED)
        _require_code(add, "character", self.character, codes.characters)
        _require_code(add, "institution_type", self.institution_type, codes.institution_types)
        if self.website and not checks.website_valid(self.website):
            add("website", WEBSITE_INVALID)
        _validate_contact(add, "head", self.head, email_required=True)
        if self.head_mobile and not checks.phone_valid(self.head_mobile):
            add("head_mobile", PHONE_INVALID)
        _require_code(add, "founder_type", self.founder_type, codes.founder_types)
        if not self.founder_name.strip():
            add("founder_name", MISSING)
        _validate_address(add, "founder_seat", self.founder_seat, vocabulary=vocabulary)
        if not self.founding_place.strip():
            add("founding_place", MISSING)
        _validate_date(add, "founding_date", self.founding_date, required=True)
        for index, om_id in enumerate(self.predecessors):
            if not checks.om_id_valid(om_id):
                out.append(Problem(TAB_PREDECESSORS, f"predecessors-{index}-om_id", str(OM_ID_INVALID)))
        for index, licence in enumerate(self.licences):
            prefix = f"licences-{index}-"

            def add_licence(fieldname: str, message) -> None:
                out.append(Problem(TAB_LICENCES, fieldname, str(message)))

            for name in ("issuer", "place", "decision_number"):
                if not getattr(licence, name).strip():
                    add_licence(prefix + name, MISSING)
            _validate_date(add_licence, prefix + "issued_on", licence.issued_on, required=True)
            _validate_date(add_licence, prefix + "operation_start", licence.operation_start, required=True)
            _validate_address(add_licence, prefix + "issuer_address", licence.issuer_address, required=False,
                              vocabulary=vocabulary)
        return out

    def _validate_sites(self, codes: CodeBook, vocabulary: AddressVocabulary) -> list[Problem]:
        out: list[Problem] = []
        seats = [s for s in self.sites if s.kind == SEAT]
        if not seats:
            out.append(Problem(TAB_SITES, "add-site", str(NO_SEAT)))
        for extra in seats[1:]:
            out.append(Problem(TAB_SITES, "kind", str(TWO_SEATS), site=extra.key))
        by_key = {s.key: s for s in self.sites if not s.is_terminating}
        for site in self.sites:
            if site.status_change.kind:
                out += [Problem(TAB_SITES, f"status_{p.field}", p.message, site=site.key)
                        for p in validate_status_change(site.status_change)]
            if not site.is_terminating:
                out += _validate_site(site, by_key, codes, vocabulary)
        return out

    # --- presentation -------------------------------------------------------------
    def flatten(self, codes: CodeBook) -> dict[tuple[str, str], str]:
        """Every value as (section, label) -> text, in reading order; the diff compares these."""
        rows: dict[tuple[str, str], str] = {}
        basic = str(_("Intézményi alapadatok"))
        for label, value in self.basic_rows(codes):
            rows[(basic, label)] = value
        for site in self.sites:
            section = f"{_('Feladatellátási hely')} {site.number or ''} {site.name}".replace("  ", " ")
            for label, value in site_rows(site, self, codes):
                rows[(section, label)] = value
            for index, task in enumerate(site.tasks, start=1):
                rows[(section, f"{_('Ellátott feladat')} {index}")] = task_text(task, codes)
        return rows

    def basic_rows(self, codes: CodeBook) -> list[tuple[str, str]]:
        rows = [
            (_("OM azonosító"), self.om_id),
            (_("PIR szám"), self.pir),
            (_("Adószám"), self.tax_number),
            (_("Intézmény neve"), self.name),
            (_("Intézmény rövid neve"), self.short_name),
            (_("Intézmény jellege"), codes.label("characters", self.character)),
            (_("Intézmény típusa"), codes.label("institution_types", self.institution_type)),
            (_("Intézmény weblapja"), self.website),
            (_("Intézményvezető neve"), self.head.name),
            (_("Intézményvezető telefonszáma"), self.head.phone),
            (_("Intézményvezető mobilszáma"), self.head_mobile),
            (_("Intézményvezető e-mail címe"), self.head.email),
            (_("TISZK nyilvántartási száma"), self.tiszk_number),
            (_("Alapító típusa"), codes.label("founder_types", self.founder_type)),
            (_("Alapító neve"), self.founder_name),
            (_("Alapító székhelye"), address_text(self.founder_seat)),
            (_("Alapító okirat kelte"), f"{self.founding_place} {self.founding_date}".strip()),
            (_("Jogelődök"), ", ".join(self.predecessors)),
        ]
        if self.status_change.kind:
            rows.append((_("Bejelentett változás"), status_change_text(self.status_change)))
        for index, lic in enumerate(self.licences, start=1):
            rows.append((
                f"{_('Működési engedély')} {index}",
                f"{lic.issuer}, {lic.place} {lic.issued_on}, {_('határozat')}: {lic.decision_number}, "
                f"{_('működés kezdete')}: {lic.operation_start}, {address_text(lic.issuer_address)}".strip(", "),
            ))
        return [(str(label), value or "") for label, value in rows]


def site_rows(site: SiteRecord, record: InstitutionRecord, codes: CodeBook) -> list[tuple[str, str]]:
    administering = record.site(site.administered_by)
    rows = [
        (_("Típus"), str(SITE_KINDS.get(site.kind, site.kind))),
        (_("Név"), site.name),
        (_("Cím"), address_text(site.address)),
        (_("Jogelőd feladatellátási hely"),
         f"{site.predecessor_om_id} {site.predecessor_site}".strip()),
        (_("Kapcsolattartó"), contact_text(site.contact)),
    ]
    if site.has_administration:
        adm = site.administration
        rows += [
            (_("Ügyviteli név"), adm.name),
            (_("Ügyvitel típusa"), str(ADMINISTRATION_TYPES.get(adm.administration_type, ""))),
            (_("Rövidített név"), adm.short_name),
            (_("Bankszámlaszám"), adm.bank_account),
            (_("Vezető"), contact_text(adm.head)),
            (_("Számlázási cím"), address_text(adm.billing_address)),
        ]
    else:
        rows.append((_("Ügyvitelt ellátó hely"), administering.name if administering else ""))
    if site.status:
        rows.append((_("Állapot"), str(_("szünetel"))))
    if site.status_change.kind:
        rows.append((_("Bejelentett változás"), status_change_text(site.status_change)))
    for name, label in CAPACITY_FIELDS.items():
        value = site.capacities.get(name)
        rows.append((label, "" if value is None else str(value)))
    for name, label in FACILITY_FIELDS.items():
        value = site.facilities.get(name)
        rows.append((label, "" if value is None else str(_("van") if value else _("nincs"))))
    return [(str(label), value or "") for label, value in rows]


def status_change_text(change: StatusChange) -> str:
    if not change.kind:
        return ""
    parts = [str(STATUS_CHANGE_KINDS.get(change.kind, change.kind)),
             f"{_('hatálybalépés')}: {change.effective_from}"]
    if change.kind == SUSPEND:
        parts.append(f"{_('tanév')}: {change.school_year}")
    else:
        parts.append(f"{_('megszűnés oka')}: {change.reason}")
    return ", ".join(parts)


def contact_text(contact: Contact) -> str:
    return ", ".join(p for p in [contact.name, contact.phone, contact.email] if p)


def task_text(task: TaskRecord, codes: CodeBook) -> str:
    parts = [
        codes.label("base_tasks", task.base_task),
        codes.label("special_characteristics", task.special_characteristic),
        codes.label("schedules", task.schedule),
    ]
    if task.grade_count:
        parts.append(f"{_('évfolyam')}: {task.grade_count}")
    for sup in task.supplements:
        parts.append(
            f"{codes.label('supplement_kinds', sup.kind)}: "
            f"{codes.supplement_values.get(sup.kind, {}).get(sup.value, sup.value)}"
        )
    if task.status:
        parts.append(str(_("szünetel")))
    if task.marked:
        parts.append(str(TASK_MARKS.get(task.marked, task.marked)))
    return "; ".join(p for p in parts if p)


@dataclass
class Change:
    section: str
    label: str
    old: str
    new: str


def diff(old: InstitutionRecord | None, new: InstitutionRecord, *, codes: CodeBook) -> list[Change]:
    """What the office should look at: every value that differs (all of them for a new record)."""
    before = old.flatten(codes) if old is not None else {}
    after = new.flatten(codes)
    changes = []
    for key in list(after) + [k for k in before if k not in after]:
        if before.get(key, "") != after.get(key, ""):
            changes.append(Change(key[0], key[1], before.get(key, ""), after.get(key, "")))
    return changes


# --- helpers of validation ---------------------------------------------------------

def school_year_valid(value: str) -> bool:
    parts = value.split("/")
    return (len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts)
            and int(parts[1]) == int(parts[0]) + 1)


def validate_status_change(change: StatusChange) -> list[Problem]:
    """Suspension: effective date and school year; termination: reason and effective date."""
    out: list[Problem] = []

    def add(fieldname: str, message) -> None:
        out.append(Problem(TAB_SITES, fieldname, str(message)))

    if change.kind not in STATUS_CHANGE_KINDS:
        add("kind", CODE_INVALID)
        return out
    _validate_date(add, "effective_from", change.effective_from, required=True)
    if change.kind == SUSPEND:
        if not change.school_year:
            add("school_year", MISSING)
        elif not school_year_valid(change.school_year):
            add("school_year", SCHOOL_YEAR_INVALID)
    elif not change.reason:
        add("reason", MISSING)
    return out


def _require_code(add, name: str, value: str, choices: dict) -> None:
    if not value:
        add(name, MISSING)
    elif value not in choices:
        add(name, CODE_INVALID)


def validate_name(value: str) -> None:
    """A form field validator: the name may not begin like a spreadsheet formula."""
    if value and not checks.name_valid(value):
        raise ValidationError(NAME_FORMULA, code="formula")


def _validate_names(add, **names: str) -> None:
    """Names that begin like a spreadsheet formula are refused (``checks.name_valid``)."""
    for fieldname, value in names.items():
        if value and not checks.name_valid(value):
            add(fieldname, NAME_FORMULA)


def _validate_contact(add, prefix: str, contact: Contact, *, email_required: bool) -> None:
    if not contact.name.strip():
        add(f"{prefix}_name", MISSING)
    _validate_names(add, **{f"{prefix}_name": contact.name})
    if contact.phone and not checks.phone_valid(contact.phone):
        add(f"{prefix}_phone", PHONE_INVALID)
    if not contact.email:
        if email_required:
            add(f"{prefix}_email", MISSING)
    elif not checks.email_valid(contact.email):
        add(f"{prefix}_email", EMAIL_INVALID)


STREET_PARTS = ("street_name", "street_type", "house_number")


def _validate_address(add, prefix: str, data: dict, *, required: bool = True,
                      vocabulary: AddressVocabulary | None = None) -> None:
    """The shared address rules (``core.addresses.address_errors``), reported as
    ``<prefix>-<part>`` (the field names of the address sub-form).

    A Hungarian address whose text is only in "Pontosítás" (imported free text) asks for
    the street data with ``LEGACY_ADDRESS`` instead of the generic message.
    """
    address = Address.from_dict(_address(data))
    if address.is_empty and not required:
        return
    errors = address_errors(address, vocabulary=vocabulary)
    legacy = (not address.is_foreign and address.details and not address.lot_number
              and not any(getattr(address, name) for name in STREET_PARTS))
    if legacy:
        errors.pop("street_name", None)
        for name in STREET_PARTS:
            add(f"{prefix}-{name}", LEGACY_ADDRESS)
    for part, messages in errors.items():
        add(f"{prefix}-{part}", messages[0])


def _validate_date(add, name: str, value: str, *, required: bool) -> None:
    if not value:
        if required:
            add(name, MISSING)
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        add(name, DATE_INVALID)


def _validate_site(site: SiteRecord, by_key: dict[str, SiteRecord], codes: CodeBook,
                   vocabulary: AddressVocabulary | None = None) -> list[Problem]:
    out: list[Problem] = []

    def add(fieldname: str, message) -> None:
        out.append(Problem(TAB_SITES, fieldname, str(message), site=site.key))

    if site.kind not in SITE_KINDS:
        add("kind", CODE_INVALID)
    if not site.name.strip():
        add("name", MISSING)
    _validate_names(add, name=site.name)
    _validate_address(add, "address", site.address, vocabulary=vocabulary)
    if site.predecessor_om_id:
        if not checks.om_id_valid(site.predecessor_om_id):
            add("predecessor_om_id", OM_ID_INVALID)
        if not site.predecessor_site.strip():
            add("predecessor_site", PREDECESSOR_SITE_MISSING)
    _validate_contact(add, "contact", site.contact, email_required=True)
    if site.has_administration:
        adm = site.administration
        if not adm.name.strip():
            add("admin_name", MISSING)
        _validate_names(add, admin_name=adm.name, admin_short_name=adm.short_name)
        if site.kind == OWN_ADMINISTRATION and adm.administration_type not in ADMINISTRATION_TYPES:
            add("admin_administration_type", MISSING if not adm.administration_type else CODE_INVALID)
        if len(adm.short_name) > SHORT_NAME_MAX:
            add("admin_short_name", SHORT_NAME_TOO_LONG)
        if adm.bank_account and not checks.bank_account_valid(adm.bank_account):
            add("admin_bank_account", BANK_ACCOUNT_INVALID)
        _validate_contact(add, "admin_head", adm.head, email_required=True)
        _validate_address(add, "admin_billing_address", adm.billing_address, required=False,
                          vocabulary=vocabulary)
    elif site.kind == NO_ADMINISTRATION:
        target = by_key.get(site.administered_by)
        if target is None or target is site:
            add("administered_by", ADMINISTERING_SITE_MISSING)
        elif not target.has_administration:
            add("administered_by", ADMINISTERING_SITE_WITHOUT_ADMINISTRATION)
    for name in CAPACITY_FIELDS:
        value = site.capacities.get(name)
        if value is None or value == "":
            add(name, CAPACITY_MISSING)
        elif not isinstance(value, int) or value < 0:
            add(name, CAPACITY_INVALID)
    for name in FACILITY_FIELDS:
        if site.facilities.get(name) not in (True, False):
            add(name, FACILITY_UNSET)
    if not site.tasks:
        out.append(Problem(TAB_TASKS, "add-task", str(SITE_WITHOUT_TASKS), site=site.key))
    for task in site.tasks:
        out += _validate_task(task, site, codes)
    return out


def _validate_task(task: TaskRecord, site: SiteRecord, codes: CodeBook) -> list[Problem]:
    out: list[Problem] = []

    def add(fieldname: str, message) -> None:
        out.append(Problem(TAB_TASKS, fieldname, str(message), site=site.key, task=task.key))

    for name, choices in (
        ("base_task", codes.base_tasks),
        ("special_characteristic", codes.special_characteristics),
        ("schedule", codes.schedules),
    ):
        _require_code(add, name, getattr(task, name), choices)
    if out:
        return out
    if not codes.combination_allowed(*task.combination):
        add("base_task", TASK_COMBINATION_NOT_ALLOWED)
        return out
    if task.grade_count is not None and not (isinstance(task.grade_count, int) and 1 <= task.grade_count <= 13):
        add("grade_count", GRADE_COUNT_INVALID)
    for index, sup in enumerate(task.supplements):
        if not codes.supplement_allowed(*task.combination, sup.kind):
            add(f"supplements-{index}-kind", SUPPLEMENT_NOT_ALLOWED)
        elif not codes.supplement_value_valid(sup.kind, sup.value):
            add(f"supplements-{index}-value", SUPPLEMENT_VALUE_INVALID)
    return out


# --- helpers of deserialisation ------------------------------------------------------

def _plain(cls, data: dict, skip: set[str] = frozenset()) -> dict:
    names = {f for f in cls.__dataclass_fields__ if f not in skip}
    return {k: v for k, v in data.items() if k in names}


def _address(data: dict | None) -> dict:
    """An address dictionary with every key; a stored country code reads as the country name."""
    address = empty_address()
    address.update({k: str(v or "") for k, v in (data or {}).items() if k in ADDRESS_KEYS})
    address["country"] = LEGACY_COUNTRY_CODES.get(address["country"], address["country"]) or HUNGARY
    return address


def _licence(data: dict) -> Licence:
    licence = Licence(**_plain(Licence, data, skip={"issuer_address"}))
    licence.issuer_address = _address(data.get("issuer_address"))
    return licence


def _task(data: dict) -> TaskRecord:
    task = TaskRecord(**_plain(TaskRecord, data, skip={"supplements"}))
    task.supplements = [Supplement(**_plain(Supplement, s)) for s in data.get("supplements") or []]
    return task


def _site(data: dict) -> SiteRecord:
    site = SiteRecord(**_plain(SiteRecord, data, skip={
        "address", "contact", "administration", "capacities", "facilities", "tasks", "status_change",
    }))
    site.status_change = StatusChange(**_plain(StatusChange, data.get("status_change") or {}))
    site.address = _address(data.get("address"))
    site.contact = Contact(**_plain(Contact, data.get("contact") or {}))
    adm = dict(data.get("administration") or {})
    site.administration = Administration(**_plain(Administration, adm, skip={"head", "billing_address"}))
    site.administration.head = Contact(**_plain(Contact, adm.get("head") or {}))
    site.administration.billing_address = _address(adm.get("billing_address"))
    site.capacities = {k: (data.get("capacities") or {}).get(k) for k in CAPACITY_FIELDS}
    site.facilities = {k: (data.get("facilities") or {}).get(k) for k in FACILITY_FIELDS}
    site.tasks = [_task(t) for t in data.get("tasks") or []]
    return site


# --- the register tables ---------------------------------------------------------------

def from_register(institution) -> InstitutionRecord:
    """The current record of ``institution`` (4 queries, whatever the number of sites and tasks)."""
    from .models import Site, Task

    sites = list(Site.objects.filter(institution=institution, is_active=True).order_by("number"))
    key_of = {s.pk: s.key for s in sites}
    tasks_by_site: dict[int, list[TaskRecord]] = {}
    for task in Task.objects.filter(site__in=sites).order_by("position", "id"):
        tasks_by_site.setdefault(task.site_id, []).append(_task({
            "key": task.key, "base_task": task.base_task,
            "special_characteristic": task.special_characteristic, "schedule": task.schedule,
            "grade_count": task.grade_count, "supplements": task.supplements, "status": task.status,
        }))
    record = InstitutionRecord(
        om_id=institution.om_id or "", pir=institution.pir,
        maintainer_id=(institution.maintainer.maintainer_id or "") if institution.maintainer_id else "",
        tax_number=institution.tax_number, name=institution.name, short_name=institution.short_name,
        character=institution.character, institution_type=institution.institution_type,
        website=institution.website,
        head=Contact(institution.head_name, institution.head_phone, institution.head_email),
        head_mobile=institution.head_mobile, tiszk_number=institution.tiszk_number,
        founder_type=institution.founder_type, founder_name=institution.founder_name,
        founder_seat=_address(institution.founder_seat), founding_place=institution.founding_place,
        founding_date=institution.founding_date.isoformat() if institution.founding_date else "",
        predecessors=[p.om_id for p in institution.predecessors.all()],
        licences=[
            _licence({
                "issuer": lic.issuer, "place": lic.place, "issued_on": lic.issued_on.isoformat(),
                "decision_number": lic.decision_number, "operation_start": lic.operation_start.isoformat(),
                "issuer_address": lic.issuer_address, "key": lic.key or str(lic.pk),
            })
            for lic in institution.licences.all()
        ],
    )
    for site in sites:
        record.sites.append(_site({
            "key": site.key, "number": site.number, "kind": site.kind, "name": site.name,
            "address": site.address, "predecessor_om_id": site.predecessor_om_id,
            "predecessor_site": site.predecessor_site, "contact": site.contact,
            "administration": site.administration,
            "administered_by": key_of.get(site.administered_by_id, ""),
            "capacities": site.capacities, "facilities": site.facilities,
            "status": "suspended" if site.status == "suspended" else "",
        }))
        record.sites[-1].tasks = tasks_by_site.get(site.pk, [])
    return record


INSTITUTION_FIELDS = (
    "pir", "tax_number", "name", "short_name", "character", "institution_type", "website",
    "head_mobile", "tiszk_number", "founder_type", "founder_name", "founder_seat", "founding_place",
)


def apply_to_register(record: InstitutionRecord, *, institution) -> None:
    """Write ``record`` into the register tables of ``institution`` (already saved or new).

    A diff, not a rewrite: the current rows are read once per table and only the rows that
    differ are inserted, updated or deleted (``registry.bulk``: one statement of each kind per
    table, however many sites and tasks). Sites are matched by key, so they keep their number
    and identity; a removed site is made inactive, never deleted.
    """
    from .models import InstitutionPredecessor, OperatingLicence

    is_new = institution.pk is None
    for name in INSTITUTION_FIELDS:
        setattr(institution, name, getattr(record, name))
    institution.tax_number = checks.tax_number_normalise(record.tax_number)
    institution.head_name, institution.head_phone, institution.head_email = (
        record.head.name, record.head.phone, record.head.email,
    )
    institution.founding_date = date.fromisoformat(record.founding_date) if record.founding_date else None
    from .search import institution_search_fields_set

    institution_search_fields_set(institution, record)
    institution.save()

    predecessors = [
        InstitutionPredecessor(institution=institution, om_id=om_id, position=i)
        for i, om_id in enumerate(record.predecessors)
    ]
    _replace_if_changed(InstitutionPredecessor, institution, predecessors, ("om_id", "position"), is_new=is_new)
    licences = [
        OperatingLicence(
            institution=institution, issuer=lic.issuer, place=lic.place,
            issued_on=date.fromisoformat(lic.issued_on), decision_number=lic.decision_number,
            operation_start=date.fromisoformat(lic.operation_start),
            issuer_address=lic.issuer_address, key=lic.key, position=i,
        )
        for i, lic in enumerate(record.licences)
    ]
    _replace_if_changed(OperatingLicence, institution, licences, LICENCE_COLUMNS, is_new=is_new)
    _apply_sites(record, institution=institution, is_new=is_new)


LICENCE_COLUMNS = ("issuer", "place", "issued_on", "decision_number", "operation_start", "issuer_address",
                   "key", "position")


def _replace_if_changed(model, institution, rows: list, columns: tuple[str, ...], *, is_new: bool) -> None:
    """Short lists (predecessors, licences): left alone when equal, else replaced."""
    from . import bulk

    if not is_new:
        current = list(model.objects.filter(institution=institution).order_by("position", "id"))
        if [[getattr(r, c) for c in columns] for r in current] == [[getattr(r, c) for c in columns] for r in rows]:
            return
        bulk.rows_delete(model, [r.pk for r in current])
    bulk.rows_insert(model, rows)


def _site_values(site: SiteRecord) -> dict:
    change = site.status_change
    status: dict = {"status": site.status, "is_active": True}
    if change.kind == SUSPEND:
        status = {"status": "suspended", "status_from": date.fromisoformat(change.effective_from),
                  "status_school_year": change.school_year, "is_active": True}
    elif change.kind == TERMINATE:
        status = {"status": "terminated", "status_from": date.fromisoformat(change.effective_from),
                  "termination_reason": change.reason, "is_active": False}
    return status | {
        "kind": site.kind, "name": site.name, "address": site.address,
        "predecessor_om_id": site.predecessor_om_id, "predecessor_site": site.predecessor_site,
        "contact": plain(site.contact),
        "administration": plain(site.administration) if site.has_administration else {},
        "capacities": site.capacities, "facilities": site.facilities,
    }


SITE_COLUMNS = ("status", "status_from", "status_school_year", "termination_reason", "is_active", "kind", "name",
                "address", "predecessor_om_id", "predecessor_site", "contact", "administration", "capacities",
                "facilities", "administered_by")
TASK_COLUMNS = ("site", "key", "base_task", "special_characteristic", "schedule", "grade_count", "supplements",
                "position", "status")


def _changed(row, values: dict) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def _apply_sites(record: InstitutionRecord, *, institution, is_new: bool) -> None:
    from . import bulk
    from .models import Site, Task

    existing = {} if is_new else {s.key: s for s in Site.objects.filter(institution=institution)}
    used_numbers = {int(s.number) for s in existing.values() if s.number.isdigit()}
    next_number = max(used_numbers, default=0) + 1
    to_create, to_update = [], []
    rows: dict[str, Site] = {}
    wanted: dict[str, dict] = {}
    for site in sorted(record.sites, key=lambda s: s.kind != SEAT):  # the seat is 001 when new
        row = existing.get(site.key)
        values = _site_values(site)
        if row is None:
            row = Site(institution=institution, key=site.key, number=f"{next_number:03d}", **values)
            next_number += 1
            to_create.append(row)
        elif _changed(row, values):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
        rows[site.key] = row
        wanted[site.key] = values
        site.number = row.number
    # Which site administers which: known only once new administering sites have their ids.
    administered_by = {
        site.key: rows[site.administered_by]
        for site in record.sites
        if site.kind == NO_ADMINISTRATION and site.administered_by in rows and not site.is_terminating
    }
    later: list = []  # new sites administered by another new site: inserted after it
    for row in to_create:
        target = administered_by.get(row.key)
        if target is not None and target.pk is None:
            later.append(row)
        else:
            row.administered_by = target
    waiting = {id(row) for row in later}
    first = [row for row in to_create if id(row) not in waiting]
    bulk.rows_insert(Site, first)
    for row in later:
        row.administered_by = administered_by[row.key]
    bulk.rows_insert(Site, later)
    updating = {row.pk for row in to_update}
    for key, row in existing.items():
        target = administered_by.get(key)
        if key not in wanted and row.is_active:  # removed from the record: kept, inactive
            row.is_active = False
            updating.add(row.pk)
        if row.administered_by_id != (target.pk if target else None):
            row.administered_by = target
            updating.add(row.pk)
    to_update = [row for row in existing.values() if row.pk in updating]
    bulk.rows_update(Site, to_update, SITE_COLUMNS)

    current = {} if is_new else {t.key: t for t in Task.objects.filter(site__institution=institution)}
    task_create, task_update = [], []
    for site in record.sites:
        for i, task in enumerate(t for t in site.tasks if t.marked != "delete"):
            values = {
                "site_id": rows[site.key].pk, "base_task": task.base_task,
                "special_characteristic": task.special_characteristic, "schedule": task.schedule,
                "grade_count": task.grade_count, "supplements": [plain(s) for s in task.supplements],
                "position": i, "status": "suspended" if (task.status or task.marked == "suspend") else "",
            }
            task_row = current.pop(task.key, None)
            if task_row is None:
                task_create.append(Task(key=task.key, **values))
            elif _changed(task_row, values):
                for name, value in values.items():
                    setattr(task_row, name, value)
                task_update.append(task_row)
    bulk.rows_delete(Task, [row.pk for row in current.values()])  # tasks no longer in the record
    bulk.rows_update(Task, task_update, TASK_COLUMNS)
    bulk.rows_insert(Task, task_create)
    for site in record.sites:  # the record as it now stands in the register
        site.tasks = [t for t in site.tasks if t.marked != "delete"]
        for task in site.tasks:
            if task.marked == "suspend":
                task.status, task.marked = "suspended", ""
        if site.status_change.kind == SUSPEND:
            site.status = "suspended"
    record.sites = [s for s in record.sites if not s.is_terminating]
