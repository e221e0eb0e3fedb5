"""Checking the rows of a registration table: what would happen to each, and why not."""

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from portal.accounts.models import Kind, login_key_for

from ..models import Learner, Municipality, Subsystem
from .table import Row, header_key

NEW = "new"
EXISTING = "existing"
ERROR = "error"
SKIPPED = "skipped"

NAME_MISSING = _("Hiányzik a név.")
EMAIL_MISSING = _("Hiányzik az e-mail cím.")
EMAIL_INVALID = _("Érvénytelen e-mail cím: %(email)s.")
EMAIL_DUPLICATE = _("Ez az e-mail cím a táblázatban többször szerepel (először a(z) %(first)s. sorban).")
EMAIL_TWO_NAMES = _("Ugyanez az e-mail cím más névvel is szerepel a táblázatban (%(other)s, %(row)s. sor); mindenkinek saját e-mail cím kell.")
EMAIL_SHARED = _("Közös vagy hivatali címnek látszik (%(email)s); a kollégának saját e-mail címet adjon meg, vagy erősítse meg, hogy ez az ő saját címe.")
MUNICIPALITY_MISSING = _("Hiányzik az önkormányzat.")
MUNICIPALITY_UNKNOWN = _("Ismeretlen önkormányzat: %(name)s.")
MUNICIPALITY_OUTSIDE = _("%(name)s nem tartozik az Ön hivatalához (%(office)s).")
NO_SUBSYSTEM = _("Nincs megjelölt szakrendszer: tegyen x-et legalább egy szakrendszer oszlopába.")
BAD_MARK = _("Ismeretlen jelölés a(z) „%(subsystem)s” oszlopban: „%(value)s”; x-et írjon, vagy hagyja üresen.")
OTHER_ROLE = _("Ezzel az e-mail címmel már más szerepkörű felhasználó van regisztrálva.")
OTHER_MUNICIPALITY = _("Ennek a kollégának már van fiókja %(municipality)s önkormányzatnál; áthelyezését az ASP Oktatás végzi.")
EXISTING_ACCOUNT = _("Már van fiókja: nem kap új fiókot, a megjelölt szakrendszerek hozzáférését megkapja. Ha nem emlékszik a jelszavára, az „Elfelejtette jelszavát?” linkkel állíthat be újat.")
EXISTING_NOTHING_NEW = _("Már van fiókja, és minden megjelölt szakrendszerhez hozzáfér. Ha nem emlékszik a jelszavára, az „Elfelejtette jelszavát?” linkkel állíthat be újat.")
EMPTY_ROW = _("Üres sor, kihagyjuk.")

YES_MARKS = {"x", "igen", "i", "1", "✓", "✔", "yes", "y", "true", "igaz"}
NO_MARKS = {"", "nem", "n", "0", "-", "no", "false", "hamis"}
SHARED_LOCAL_PARTS = {
    "polgarmester", "jegyzo", "aljegyzo", "hivatal", "info", "titkarsag", "penzugy", "ado",
    "adougy", "adougyek", "igazgatas", "onkormanyzat", "ugyfelszolgalat", "iroda", "kozoshivatal",
    "admin", "office", "mail", "postmaster", "ph", "pmh", "pm", "onkorm", "hivatalvezeto",
    "polgarmesteri.hivatal", "kozos.hivatal", "ugykezelo", "iktato", "iktatas", "szervezes",
}
SHARED_PREFIXES = ("polgarmester", "jegyzo", "aljegyzo", "hivatal", "onkormanyzat", "titkarsag",
                   "ugyfelszolgalat", "kozoshivatal", "pmhivatal")

_email_validator = EmailValidator()


def email_normalise(value: str) -> str:
    """One form of an address: Unicode NFKC, no spaces or mailto:, lower case."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip("<> \t").lower()


def email_valid(email: str) -> bool:
    try:
        _email_validator(email)
    except ValidationError:
        return False
    return True


def email_looks_shared(email: str) -> bool:
    local = unidecode(email.split("@", 1)[0]).lower()
    compact = local.replace("-", "").replace("_", "")
    return local in SHARED_LOCAL_PARTS or compact in SHARED_LOCAL_PARTS or compact.startswith(SHARED_PREFIXES)


@dataclass
class RowResult:
    number: int
    name: str
    email: str
    position: str
    municipality: str
    subsystems: list[str] = field(default_factory=list)  # subsystem codes
    outcome: str = NEW
    messages: list[str] = field(default_factory=list)
    needs_confirmation: bool = False
    municipality_id: int | None = None
    user_id: int | None = None
    new_subsystems: list[str] = field(default_factory=list)

    def error(self, message) -> None:
        self.outcome = ERROR
        self.messages.append(str(message))

    def as_dict(self) -> dict:
        return {
            "row": self.number, "name": self.name, "email": self.email, "position": self.position,
            "municipality": self.municipality, "subsystems": self.subsystems, "outcome": self.outcome,
            "messages": self.messages, "confirm": self.needs_confirmation,
        }


@dataclass
class CheckResult:
    rows: list[RowResult]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def has_errors(self) -> bool:
        return any(r.outcome == ERROR for r in self.rows)

    @property
    def needs_confirmation(self) -> bool:
        return any(r.needs_confirmation and r.outcome != ERROR for r in self.rows)

    def summary(self) -> dict:
        return {
            "new": self.count(NEW), "existing": self.count(EXISTING), "error": self.count(ERROR),
            "skipped": self.count(SKIPPED),
            "confirm": sum(1 for r in self.rows if r.needs_confirmation),
        }


def _chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def rows_check(*, rows: list[Row], notary_office=None) -> CheckResult:
    """What committing these rows would do, row by row, without writing anything."""
    subsystems = {s.name: s.code for s in Subsystem.objects.all()}
    municipalities = {header_key(m.name): m for m in Municipality.objects.select_related("notary_office")}
    results: list[RowResult] = []
    for row in rows:
        result = RowResult(number=row.number, name=row.name, email=email_normalise(row.email),
                           position=row.position, municipality=row.municipality)
        results.append(result)
        if row.is_empty:
            result.outcome = SKIPPED
            result.messages.append(str(EMPTY_ROW))
            continue
        _row_fields_check(result, row, subsystems, municipalities, notary_office)
    _duplicates_check(results)
    _existing_accounts_check(results)
    return CheckResult(rows=results)


def _row_fields_check(result, row, subsystems, municipalities, notary_office) -> None:
    if not row.name:
        result.error(NAME_MISSING)
    if not result.email:
        result.error(EMAIL_MISSING)
    elif not email_valid(result.email):
        result.error(EMAIL_INVALID % {"email": row.email})
    elif email_looks_shared(result.email):
        result.needs_confirmation = True
        result.messages.append(str(EMAIL_SHARED % {"email": result.email}))
    if not row.municipality:
        result.error(MUNICIPALITY_MISSING)
    else:
        municipality = municipalities.get(header_key(row.municipality))
        if municipality is None:
            result.error(MUNICIPALITY_UNKNOWN % {"name": row.municipality})
        elif notary_office is not None and municipality.notary_office_id != notary_office.pk:
            result.error(MUNICIPALITY_OUTSIDE % {"name": municipality.name, "office": notary_office.name})
        else:
            result.municipality_id = municipality.pk
            result.municipality = municipality.name
    for header, value in row.marks.items():
        mark = value.strip().casefold()
        if mark in YES_MARKS:
            result.subsystems.append(subsystems[header])
        elif mark not in NO_MARKS:
            result.error(BAD_MARK % {"subsystem": header, "value": value})
    if not result.subsystems and not any(m.strip().casefold() not in NO_MARKS for m in row.marks.values()):
        result.error(NO_SUBSYSTEM)


def _duplicates_check(results: list[RowResult]) -> None:
    first_by_email: dict[str, RowResult] = {}
    for result in results:
        if result.outcome == SKIPPED or not result.email:
            continue
        first = first_by_email.get(result.email)
        if first is None:
            first_by_email[result.email] = result
        elif header_key(first.name) != header_key(result.name):
            result.error(EMAIL_TWO_NAMES % {"other": first.name, "row": first.number})
            if not any(str(m).startswith(str(EMAIL_TWO_NAMES)[:40]) for m in first.messages):
                first.error(EMAIL_TWO_NAMES % {"other": result.name, "row": result.number})
        else:
            result.error(EMAIL_DUPLICATE % {"first": first.number})


def _existing_accounts_check(results: list[RowResult]) -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    candidates = [r for r in results if r.outcome != SKIPPED and r.email]
    keys = list({login_key_for(kind=Kind.LEARNER, username=r.email) for r in candidates})
    users = {}
    for chunk in _chunks(keys):
        for user in User.objects.filter(login_key__in=chunk):
            users[user.login_key] = user
    learners = {}
    enrolled: dict[int, set[str]] = {}
    user_ids = [u.pk for u in users.values()]
    for chunk in _chunks(user_ids):
        for learner in Learner.objects.filter(user_id__in=chunk).select_related("municipality"):
            learners[learner.user_id] = learner
        for user_id, code in Learner.objects.filter(user_id__in=chunk).values_list(
            "user_id", "enrolments__subsystem__code"
        ):
            if code:
                enrolled.setdefault(user_id, set()).add(code)
    for result in candidates:
        user = users.get(login_key_for(kind=Kind.LEARNER, username=result.email))
        if user is None:
            continue
        result.user_id = user.pk
        learner = learners.get(user.pk)
        if user.kind != Kind.LEARNER or learner is None:
            result.error(OTHER_ROLE)
            continue
        if result.municipality_id and learner.municipality_id != result.municipality_id and not learner.is_withdrawn:
            result.error(OTHER_MUNICIPALITY % {"municipality": learner.municipality.name})
            continue
        if result.outcome == ERROR:
            continue
        result.outcome = EXISTING
        result.new_subsystems = [c for c in result.subsystems if c not in enrolled.get(user.pk, set())]
        result.messages.append(str(EXISTING_ACCOUNT if result.new_subsystems else EXISTING_NOTHING_NEW))
