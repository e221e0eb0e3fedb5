"""One schema of the maintainer record: official data, seat, representative, association members.

The same dataclasses are the change-request payload (``to_dict``/``from_dict``),
are validated before submit (``validate`` -> ``Problem(tab, field, message)``),
are compared (``diff``; the printable change request shows only the changes),
are printed in the PDF, serve the public page and are written to and read from
the register (``apply_to_register``/``from_register``).

Identifiers are kept in their canonical form (digits; phone numbers ``+36...``)
and shown formatted; addresses are ``core.addresses.Address`` dictionaries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers as ids
from portal.core.addresses import Address, address_errors

from . import checks
from .schema import NAME_FORMULA, Change, Problem, empty_address, new_key

TAB_DATA = "adatok"
TAB_MEMBERS = "tagok"
TAB_TERMINATION = "megszunes"
ACTIVE = "active"
TERMINATED = "terminated"
STATUSES = {ACTIVE: _("aktív"), TERMINATED: _("megszűnt")}

# Messages of validation, asserted exactly by the tests.
MISSING = _("Kötelezően kitöltendő mező.")
TAX_NUMBER_REQUIRED = _("Adja meg az adószámot: a társulásos formában működő fenntartók kivételével kötelező.")
PIR_REQUIRED = _("Költségvetési szerv fenntartónál adja meg a PIR számot (törzskönyvi azonosító).")
TYPE_INVALID = _("Válassza ki a fenntartó típusát a listából.")
NEW_ONLY_ACTIVE = _("Új fenntartó csak aktív státusszal jelenthető be.")
WEBSITE_INVALID = _("Adjon meg egy érvényes webcímet, például www.fenntarto.hu.")
NO_MEMBERS = _("A fenntartói társulásnak legalább egy tagját fel kell venni.")
TWO_LEAD_MEMBERS = _("A társulásnak legfeljebb egy gesztora lehet; most több tag is gesztorként van megjelölve.")
MEMBERS_NOT_ASSOCIATION = _("Társulási tagokat csak fenntartói társulás típusú fenntartónál lehet rögzíteni.")
TYPE_CHANGE_WITHOUT_DOCUMENT = _(
    "A fenntartó típusa csak a változást igazoló okirat csatolásával módosítható. "
    "Csatolja az okiratot (PDF vagy JPG)."
)
TERMINATION_DATE_REQUIRED = _("Adja meg a megszűnés dátumát.")
DATE_INVALID = _("Adjon meg egy valós dátumot ÉÉÉÉ-HH-NN formában.")
TERMINATION_INSTITUTIONS_REMAIN = _(
    "A fenntartó csak akkor szüntethető meg, ha fenntartásában már nincs köznevelési intézmény. "
    "Jelenleg fenntartott intézmények száma: {count}."
)



@dataclass(frozen=True)
class TypeInfo:
    name: str
    is_association: bool = False
    is_budgetary: bool = False
    is_school_district: bool = False


def maintainer_types() -> dict[str, TypeInfo]:
    """The maintainer types (code list VI) with their flags; from the data file before loading."""
    from portal.core.models import MaintainerType

    rows = {
        t.code: TypeInfo(t.name, t.is_association, t.is_budgetary, t.is_school_district)
        for t in MaintainerType.objects.filter(is_active=True)
    }
    if rows:
        return rows
    from portal.core.services.codelists import codelist_rows

    return {
        r["code"]: TypeInfo(r["name"], r["is_association"] == "igen", r["is_budgetary"] == "igen",
                            r["is_school_district"] == "igen")
        for r in codelist_rows("maintainer_types.csv")
    }



@dataclass
class Person:
    """A representative (képviselő): of the maintainer or of an association member."""

    name: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    mobile: str = ""
    fax: str = ""
    address: dict = field(default_factory=empty_address)


@dataclass
class MemberRecord:
    pir: str = ""
    name: str = ""
    is_lead: bool = False
    address: dict = field(default_factory=empty_address)
    representative: Person = field(default_factory=Person)
    key: str = field(default_factory=new_key)


@dataclass
class MaintainerRecord:
    maintainer_id: str = ""
    name: str = ""
    maintainer_type: str = ""
    tax_number: str = ""
    statistical_number: str = ""
    pir: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""
    status: str = ACTIVE
    seat: dict = field(default_factory=empty_address)
    representative: Person = field(default_factory=Person)
    members: list[MemberRecord] = field(default_factory=list)
    termination_date: str = ""

    # --- payload -----------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> MaintainerRecord:
        data = dict(data or {})
        record = cls(**_plain(cls, data, skip={"seat", "representative", "members"}))
        record.seat = _address(data.get("seat"))
        record.representative = _person(data.get("representative"))
        record.members = [_member(m) for m in data.get("members") or []]
        return record

    def member(self, key: str) -> MemberRecord | None:
        return next((m for m in self.members if m.key == key), None)

    # --- validation ---------------------------------------------------------------
    def validate(self, *, types: dict[str, TypeInfo], is_new: bool = False) -> list[Problem]:
        out: list[Problem] = []

        def add(name: str, message) -> None:
            out.append(Problem(TAB_DATA, name, str(message)))

        if not self.name.strip():
            add("name", MISSING)
        elif not checks.name_valid(self.name):
            add("name", NAME_FORMULA)
        info = types.get(self.maintainer_type)
        if not self.maintainer_type or info is None:
            add("maintainer_type", TYPE_INVALID)
        is_association = bool(info and info.is_association)
        if not self.tax_number:
            if not is_association:
                add("tax_number", TAX_NUMBER_REQUIRED)
        else:
            _identifier(add, "tax_number", ids.tax_number_validate, self.tax_number)
        if self.statistical_number:
            if _identifier(add, "statistical_number", ids.statistical_number_validate, self.statistical_number):
                _identifier(add, "statistical_number", lambda v: ids.statistical_number_check_tax_number(
                    v, self.tax_number), self.statistical_number)
        if not self.pir:
            if info and info.is_budgetary:
                add("pir", PIR_REQUIRED)
        else:
            _identifier(add, "pir", ids.pir_validate, self.pir)
        if not self.phone:
            add("phone", MISSING)
        else:
            _identifier(add, "phone", ids.phone_number_validate, self.phone)
        if self.fax:
            _identifier(add, "fax", ids.phone_number_validate, self.fax)
        if not self.email:
            add("email", MISSING)
        else:
            _identifier(add, "email", ids.email_validate, self.email)
        if self.website and not _website_valid(self.website):
            add("website", WEBSITE_INVALID)
        if self.status not in STATUSES:
            add("status", MISSING)
        elif is_new and self.status != ACTIVE:
            add("status", NEW_ONLY_ACTIVE)
        _validate_address(add, "seat", self.seat)
        _validate_person(add, "rep", self.representative)
        out += self._validate_members(is_association)
        return out

    def _validate_members(self, is_association: bool) -> list[Problem]:
        out: list[Problem] = []
        if not is_association:
            if self.members:
                out.append(Problem(TAB_MEMBERS, "add-member", str(MEMBERS_NOT_ASSOCIATION)))
            return out
        if not self.members:
            out.append(Problem(TAB_MEMBERS, "add-member", str(NO_MEMBERS)))
        leads = [m for m in self.members if m.is_lead]
        for member in leads[1:]:
            out.append(Problem(TAB_MEMBERS, "is_lead", str(TWO_LEAD_MEMBERS), site=member.key))
        for member in self.members:
            def add(name: str, message, key=member.key) -> None:
                out.append(Problem(TAB_MEMBERS, name, str(message), site=key))

            if not member.name.strip():
                add("name", MISSING)
            elif not checks.name_valid(member.name):
                add("name", NAME_FORMULA)
            if member.pir:
                _identifier(add, "pir", ids.pir_validate, member.pir)
            _validate_address(add, "address", member.address)
            _validate_person(add, "rep", member.representative, email_required=False)
        return out

    def validate_termination(self) -> list[Problem]:
        if not self.termination_date:
            return [Problem(TAB_TERMINATION, "termination_date", str(TERMINATION_DATE_REQUIRED))]
        try:
            date.fromisoformat(self.termination_date)
        except ValueError:
            return [Problem(TAB_TERMINATION, "termination_date", str(DATE_INVALID))]
        return []

    # --- presentation -------------------------------------------------------------
    def rows(self, types: dict[str, TypeInfo]) -> list[tuple[str, str]]:
        info = types.get(self.maintainer_type)
        return [
            (str(_("Fenntartói azonosító")), self.maintainer_id),
            (str(_("Fenntartó neve")), self.name),
            (str(_("Fenntartó típusa")), info.name if info else self.maintainer_type),
            (str(_("Adószám")), _formatted(ids.tax_number_format, ids.tax_number_validate, self.tax_number)),
            (str(_("KSH statisztikai számjel")), _formatted(
                ids.statistical_number_format, ids.statistical_number_validate, self.statistical_number)),
            (str(_("PIR szám")), self.pir),
            (str(_("Telefonszám")), phone_text(self.phone)),
            (str(_("Faxszám")), phone_text(self.fax)),
            (str(_("E-mail cím")), self.email),
            (str(_("Weblap")), self.website),
            (str(_("Státusz")), str(STATUSES.get(self.status, self.status))),
            (str(_("Székhely")), address_text(self.seat)),
        ]

    def flatten(self, types: dict[str, TypeInfo]) -> dict[tuple[str, str], str]:
        """Every value as (section, label) -> text in reading order; the diff compares these."""
        out: dict[tuple[str, str], str] = {}
        data = str(_("Fenntartói adatok"))
        for label, value in self.rows(types):
            out[(data, label)] = value
        rep = str(_("A fenntartó képviselője"))
        for label, value in person_rows(self.representative):
            out[(rep, label)] = value
        for member in self.members:
            section = f"{_('Társulási tag')}: {member.name or member.key}"
            for label, value in member_rows(member):
                out[(section, label)] = value
        if self.termination_date:
            out[(data, str(_("Megszűnés dátuma")))] = self.termination_date
        return out


def person_rows(person: Person) -> list[tuple[str, str]]:
    return [
        (str(_("Képviselő neve")), person.name),
        (str(_("Képviselő beosztása")), person.position),
        (str(_("Képviselő telefonszáma")), phone_text(person.phone)),
        (str(_("Képviselő e-mail címe")), person.email),
        (str(_("Képviselő mobilszáma")), phone_text(person.mobile)),
        (str(_("Képviselő faxszáma")), phone_text(person.fax)),
        (str(_("Képviselő címe")), address_text(person.address)),
    ]


def member_rows(member: MemberRecord) -> list[tuple[str, str]]:
    return [
        (str(_("PIR szám")), member.pir),
        (str(_("Társulási tag neve")), member.name),
        (str(_("Gesztor")), str(_("igen")) if member.is_lead else str(_("nem"))),
        (str(_("Társulási tag címe")), address_text(member.address)),
        *person_rows(member.representative),
    ]


def diff(old: MaintainerRecord | None, new: MaintainerRecord, *, types: dict[str, TypeInfo]) -> list[Change]:
    """What changed from ``old`` to ``new``; every filled value of ``new`` when ``old`` is None."""
    after = new.flatten(types)
    if old is None:
        return [Change(k[0], k[1], "", v) for k, v in after.items() if v]
    before = old.flatten(types)
    return [
        Change(key[0], key[1], before.get(key, ""), after.get(key, ""))
        for key in list(after) + [k for k in before if k not in after]
        if before.get(key, "") != after.get(key, "")
    ]


def address_text(data: dict | None) -> str:
    address = Address.from_dict(data)
    return "" if address.is_empty else address.one_line()


def phone_text(value: str) -> str:
    return _formatted(ids.phone_number_format, ids.phone_number_validate, value)


def _formatted(format_, validate, value: str) -> str:
    return format_(value) if value and ids.is_valid(validate, value) else value


# --- helpers of validation ---------------------------------------------------------

def _identifier(add, name: str, validate, value: str) -> bool:
    try:
        validate(value)
    except ValidationError as error:
        add(name, error.messages[0])
        return False
    return True


def _website_valid(value: str) -> bool:
    from . import checks

    return checks.website_valid(value)


def _validate_address(add, prefix: str, data: dict) -> None:
    address = Address.from_dict(data)
    if address.is_empty:
        add(f"{prefix}-postal_code" if not address.is_foreign else f"{prefix}-details", MISSING)
        return
    for part, messages in address_errors(address).items():
        add(f"{prefix}-{part}", messages[0])


def _validate_person(add, prefix: str, person: Person, *, email_required: bool = True) -> None:
    if not person.name.strip():
        add(f"{prefix}_name", MISSING)
    elif not checks.name_valid(person.name):
        add(f"{prefix}_name", NAME_FORMULA)
    for name in ("phone", "mobile", "fax"):
        value = getattr(person, name)
        if value:
            _identifier(add, f"{prefix}_{name}", ids.phone_number_validate, value)
    if person.email:
        _identifier(add, f"{prefix}_email", ids.email_validate, person.email)
    elif email_required:
        add(f"{prefix}_email", MISSING)
    address = Address.from_dict(person.address)
    if not address.is_empty:
        for part, messages in address_errors(address).items():
            add(f"{prefix}_address-{part}", messages[0])


# --- helpers of deserialisation ------------------------------------------------------

def _plain(cls, data: dict, skip=frozenset()) -> dict:
    names = {f for f in cls.__dataclass_fields__ if f not in skip}
    return {k: v for k, v in data.items() if k in names}


def _address(data: dict | None) -> dict:
    return Address.from_dict(data).to_dict()


def _person(data: dict | None) -> Person:
    data = dict(data or {})
    person = Person(**_plain(Person, data, skip={"address"}))
    person.address = _address(data.get("address"))
    return person


def _member(data: dict) -> MemberRecord:
    member = MemberRecord(**_plain(MemberRecord, data, skip={"address", "representative"}))
    member.is_lead = bool(member.is_lead)
    member.address = _address(data.get("address"))
    member.representative = _person(data.get("representative"))
    return member


# --- the register tables ---------------------------------------------------------------

MAINTAINER_FIELDS = ("name", "tax_number", "statistical_number", "pir", "phone", "fax", "email", "website")


def from_register(maintainer) -> MaintainerRecord:
    """The current record of ``maintainer`` (2 queries)."""
    record = MaintainerRecord(
        maintainer_id=maintainer.maintainer_id or "",
        maintainer_type=maintainer.maintainer_type.code if maintainer.maintainer_type_id else "",
        status=maintainer.status, seat=_address(maintainer.seat),
        representative=_person(maintainer.representative or {"email": maintainer.representative_email}),
        **{name: getattr(maintainer, name) for name in MAINTAINER_FIELDS},
    )
    record.members = [
        _member({"key": m.key, "pir": m.pir, "name": m.name, "is_lead": m.is_lead, "address": m.address,
                 "representative": m.representative})
        for m in maintainer.members.all()
    ]
    return record


def apply_to_register(record: MaintainerRecord, *, maintainer) -> None:
    """Write ``record`` into ``maintainer`` (saved here) and its association members."""
    from portal.core.models import MaintainerType

    from .models import AssociationMember

    renamed = maintainer.pk is not None and maintainer.name != record.name
    for name in MAINTAINER_FIELDS:
        setattr(maintainer, name, getattr(record, name))
    maintainer.maintainer_type = MaintainerType.objects.get(code=record.maintainer_type)
    maintainer.seat = record.seat
    maintainer.representative = asdict(record.representative)
    maintainer.representative_email = record.representative.email
    maintainer.save()
    if renamed:  # the public search finds institutions by their maintainer's name
        from .search import maintainer_institutions_search_text_refresh

        maintainer_institutions_search_text_refresh(maintainer=maintainer)
    AssociationMember.objects.filter(maintainer=maintainer).delete()
    if maintainer.maintainer_type.is_association:
        AssociationMember.objects.bulk_create([
            AssociationMember(
                maintainer=maintainer, key=m.key, pir=m.pir, name=m.name, is_lead=m.is_lead,
                address=m.address, representative=asdict(m.representative), position=i,
            )
            for i, m in enumerate(record.members)
        ])
