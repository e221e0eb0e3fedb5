"""Addresses: one value object used everywhere, its validation, and a parser for legacy text.

A Hungarian address has a postal code, a settlement, a street (name, type, house number)
and/or a lot number (helyrajzi szám), and free details (pontosítás). A foreign address is a
country and the whole address written in ``details``.

One-line form (what ``Address.one_line`` writes and ``address_parse`` reads back)::

    1055 Budapest, Kossuth Lajos tér 1-3.
    7900 Szigetvár, Turbék puszta, hrsz. 0275/3, 2. épület
    Stephansplatz 1, 1010 Wien, Ausztria
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields

from django.utils.translation import gettext_lazy as _

from . import selectors

HUNGARY = "Magyarország"

FIELD_NAMES = (
    "country", "postal_code", "settlement", "street_name", "street_type",
    "house_number", "details", "lot_number",
)
# The parts that only a Hungarian address may have.
DOMESTIC_PARTS = ("postal_code", "settlement", "street_name", "street_type", "house_number", "lot_number")

ERROR_COUNTRY_UNKNOWN = _("Válasszon országot a listából, például Magyarország.")
ERROR_POSTAL_CODE_REQUIRED = _("Adja meg az irányítószámot.")
ERROR_POSTAL_CODE_FORMAT = _("Az irányítószám négy számjegy, például 1055.")
ERROR_POSTAL_CODE_UNKNOWN = _(
    "A(z) %(code)s irányítószám nem szerepel a posta jegyzékében. Ellenőrizze az "
    "irányítószámot."
)
ERROR_SETTLEMENT_REQUIRED = _("Adja meg a települést.")
ERROR_SETTLEMENT_MISMATCH = _(
    "A település nem egyezik az irányítószámmal. "
    "A(z) %(code)s irányítószámhoz tartozó település: %(suggestions)s."
)
ERROR_STREET_OR_LOT_REQUIRED = _(
    "Adja meg a közterület nevét, jellegét és a házszámot, vagy a helyrajzi "
    "számot."
)
ERROR_STREET_NAME_REQUIRED = _("Adja meg a közterület nevét.")
ERROR_STREET_TYPE_REQUIRED = _("Válassza ki a közterület jellegét.")
ERROR_STREET_TYPE_UNKNOWN = _("Válasszon közterület-jelleget a listából.")
ERROR_HOUSE_NUMBER_REQUIRED = _("Adja meg a házszámot, vagy ha nincs, a helyrajzi számot.")
ERROR_LOT_NUMBER_FORMAT = _(
    "A helyrajzi szám számokból és törtvonalakból áll, például 0275/3 vagy "
    "1234/5/A/12."
)
ERROR_FOREIGN_PART = _(
    "Külföldi címnél ezt a mezőt hagyja üresen; a címet a Pontosítás mezőbe "
    "írja."
)
ERROR_FOREIGN_DETAILS_REQUIRED = _("Külföldi címnél írja be a teljes címet a Pontosítás mezőbe.")

POSTAL_CODE_RE = re.compile(r"^\d{4}$")
LOT_NUMBER_RE = re.compile(r"^\d[0-9A-Za-z/]*$")

# Common abbreviations of street types in legacy text.
STREET_TYPE_ABBREVIATIONS = {
    "u.": "utca", "krt.": "körút", "ltp.": "lakótelep", "sgt.": "sugárút", "stny.": "sétány",
    "rkp.": "rakpart", "ü.": "út",
}

_WHITESPACE_RE = re.compile(r"\s+")
_LEADING_POSTAL_RE = re.compile(r"^(?:H-?\s*)?(\d{4})(?![\d])[\s,]*(.*)$", re.IGNORECASE)
_LOT_SEGMENT_RE = re.compile(r"^hrsz\.?\s*:?\s*(\S.*)$", re.IGNORECASE)
_HOUSE_NUMBER_RE = re.compile(r"^\d[\w/.\-]*$")
_SEGMENT_SPLIT_RE = re.compile(r"\s*,\s*|\s+(?=hrsz\b)", re.IGNORECASE)


def _clean(value) -> str:
    """Collapse whitespace; ``None`` becomes empty."""
    return _WHITESPACE_RE.sub(" ", str(value or "")).strip()


def _house_number_clean(value: str) -> str:
    """The trailing dot after a house number is punctuation, not part of the number."""
    return value[:-1] if value.endswith(".") and value[:-1][-1:].isdigit() else value


@dataclass(frozen=True)
class Address:
    country: str = HUNGARY
    postal_code: str = ""
    settlement: str = ""
    street_name: str = ""
    street_type: str = ""
    house_number: str = ""
    details: str = ""
    lot_number: str = ""

    def __post_init__(self) -> None:
        for field in fields(self):
            object.__setattr__(self, field.name, _clean(getattr(self, field.name)))
        object.__setattr__(self, "country", self.country or HUNGARY)
        object.__setattr__(self, "house_number", _house_number_clean(self.house_number))

    @property
    def is_foreign(self) -> bool:
        return self.country.casefold() != HUNGARY.casefold()

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FIELD_NAMES if name != "country")

    def one_line(self) -> str:
        """The address on one line in Hungarian style: "1055 Budapest, Kossuth Lajos tér 1-3."."""
        if self.is_foreign:
            return ", ".join(part for part in (self.details, self.country) if part)
        house = self.house_number + "." if self.house_number[-1:].isdigit() else self.house_number
        street = " ".join(part for part in (self.street_name, self.street_type, house) if part)
        lot = f"hrsz. {self.lot_number}" if self.lot_number else ""
        head = " ".join(part for part in (self.postal_code, self.settlement) if part)
        return ", ".join(part for part in (head, street, lot, self.details) if part)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping | None) -> "Address":
        """Read back what ``to_dict`` stored; unknown keys are ignored, missing ones are empty."""
        data = data or {}
        return cls(**{name: data.get(name) or "" for name in FIELD_NAMES})

    def __str__(self) -> str:
        return self.one_line()


# --- validation -------------------------------------------------------------------------

# Messages about a part not (yet) given, as opposed to a part given wrongly. A draft form may
# allow these (``AddressForm.allow_incomplete``); the submit validation reports them.
INCOMPLETE_ERRORS = (
    ERROR_POSTAL_CODE_REQUIRED, ERROR_SETTLEMENT_REQUIRED, ERROR_STREET_OR_LOT_REQUIRED,
    ERROR_STREET_NAME_REQUIRED, ERROR_STREET_TYPE_REQUIRED, ERROR_HOUSE_NUMBER_REQUIRED,
    ERROR_FOREIGN_DETAILS_REQUIRED,
)


def address_errors(address: Address, *, vocabulary: "AddressVocabulary | None" = None) -> dict[str, list[str]]:
    """Per-part Hungarian messages for what is wrong with ``address``; empty when it is valid.

    Without ``vocabulary`` the reference tables are read (a few queries per call); a caller that
    checks many addresses loads an ``AddressVocabulary`` once and passes it in (no queries).
    """
    errors: dict[str, list[str]] = {}
    if address.country.casefold() not in {name.casefold() for name in _country_names(vocabulary)}:
        errors["country"] = [str(ERROR_COUNTRY_UNKNOWN)]
    checks = _foreign_errors(address) if address.is_foreign else _domestic_errors(address, vocabulary)
    for part, message in checks:
        errors.setdefault(part, []).append(str(message))
    return errors


def _foreign_errors(address: Address) -> Iterable[tuple[str, str]]:
    for part in DOMESTIC_PARTS:
        if getattr(address, part):
            yield part, ERROR_FOREIGN_PART
    if not address.details:
        yield "details", ERROR_FOREIGN_DETAILS_REQUIRED


def _country_names(vocabulary: "AddressVocabulary | None") -> list[str]:
    return list(vocabulary.countries) if vocabulary is not None else selectors.country_names()


def _settlement_names(code: str, vocabulary: "AddressVocabulary | None") -> list[str]:
    if vocabulary is None:
        return selectors.postal_code_settlement_names(code=code)
    return sorted(vocabulary.settlements_by_postal_code.get(code, ()))


def _street_type_names(vocabulary: "AddressVocabulary | None") -> Iterable[str]:
    return set(vocabulary.street_types.values()) if vocabulary is not None else selectors.street_type_names()


def _domestic_errors(address: Address, vocabulary=None) -> Iterable[tuple[str, str]]:
    yield from _postal_code_and_settlement_errors(address, vocabulary)
    yield from _street_errors(address, vocabulary)
    if address.lot_number and not LOT_NUMBER_RE.match(address.lot_number):
        yield "lot_number", ERROR_LOT_NUMBER_FORMAT


def _postal_code_and_settlement_errors(address: Address, vocabulary=None) -> Iterable[tuple[str, str]]:
    code = address.postal_code
    if not code:
        yield "postal_code", ERROR_POSTAL_CODE_REQUIRED
    elif not POSTAL_CODE_RE.match(code):
        yield "postal_code", ERROR_POSTAL_CODE_FORMAT
    if not address.settlement:
        yield "settlement", ERROR_SETTLEMENT_REQUIRED
    if not POSTAL_CODE_RE.match(code):
        return
    names = _settlement_names(code, vocabulary)
    if not names:
        yield "postal_code", ERROR_POSTAL_CODE_UNKNOWN % {"code": code}
    elif address.settlement and _settlement_for(address.settlement, names) is None:
        yield "settlement", ERROR_SETTLEMENT_MISMATCH % {"code": code, "suggestions": ", ".join(names)}


def _settlement_for(text: str, names: Iterable[str]) -> str | None:
    """The listed settlement name that ``text`` spells (ignoring case), if any."""
    return next((name for name in names if name.casefold() == text.casefold()), None)


def _street_errors(address: Address, vocabulary=None) -> Iterable[tuple[str, str]]:
    has_street = bool(address.street_name or address.street_type or address.house_number)
    if not has_street:
        if not address.lot_number:
            yield "street_name", ERROR_STREET_OR_LOT_REQUIRED
        return
    if not address.street_name:
        yield "street_name", ERROR_STREET_NAME_REQUIRED
    if not address.street_type:
        yield "street_type", ERROR_STREET_TYPE_REQUIRED
    elif address.street_type not in _street_type_names(vocabulary):
        yield "street_type", ERROR_STREET_TYPE_UNKNOWN
    if not address.house_number and not address.lot_number:
        yield "house_number", ERROR_HOUSE_NUMBER_REQUIRED


def address_normalize(address: Address, *, vocabulary: "AddressVocabulary | None" = None) -> Address:
    """The same address with the country and settlement spelt as in the reference lists."""
    country = _settlement_for(address.country, _country_names(vocabulary)) or address.country
    settlement = address.settlement
    if not address.is_foreign and POSTAL_CODE_RE.match(address.postal_code):
        names = _settlement_names(address.postal_code, vocabulary)
        settlement = _settlement_for(settlement, names) or settlement
    return Address(**{**address.to_dict(), "country": country, "settlement": settlement})


# --- parsing legacy one-line text -------------------------------------------------------

class AddressVocabulary:
    """What the parser recognises: street types, country names, settlements per postal code."""

    def __init__(
        self,
        *,
        street_types: Iterable[str] = (),
        countries: Iterable[str] = (HUNGARY,),
        settlements_by_postal_code: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.street_types = {name.casefold(): name for name in street_types}
        for abbreviation, name in STREET_TYPE_ABBREVIATIONS.items():
            if name.casefold() in self.street_types:
                self.street_types.setdefault(abbreviation, self.street_types[name.casefold()])
        self.max_type_words = max((len(name.split()) for name in self.street_types), default=1)
        self.countries = sorted(set(countries) | {HUNGARY}, key=len, reverse=True)
        self.settlements_by_postal_code = {
            code: sorted(names, key=len, reverse=True)
            for code, names in (settlements_by_postal_code or {}).items()
        }

    def street_type(self, text: str) -> str | None:
        return self.street_types.get(text.casefold())

    def split_country(self, text: str) -> tuple[str | None, str]:
        """(country, rest) when ``text`` is a country name or ends with ", <country name>"."""
        for name in self.countries:
            tail = text[-len(name):]
            before = text[: len(text) - len(name)].rstrip()
            if tail.casefold() == name.casefold() and (not before or before.endswith(",")):
                return name, before.rstrip(",").strip()
        return None, text


def address_vocabulary(*, postal_codes: Iterable[str] | None = None) -> AddressVocabulary:
    """The vocabulary from the reference tables (three queries); with ``postal_codes``, only the
    settlements of those codes are loaded (enough to validate addresses with those codes)."""
    return AddressVocabulary(
        street_types=selectors.street_type_names(),
        countries=selectors.country_names(),
        settlements_by_postal_code=selectors.postal_code_settlement_map(codes=postal_codes),
    )


def address_parse(text: str, *, vocabulary: AddressVocabulary | None = None) -> Address:
    """Split a legacy one-line address into parts; what cannot be split stays in ``details``.

    Reads "1055 Budapest, Kossuth Lajos tér 1-3." and everything ``Address.one_line`` writes.
    Never raises; nothing of the text is dropped except separators.
    """
    text = _clean(text)
    if not text:
        return Address()
    vocabulary = vocabulary or address_vocabulary()
    country, rest = vocabulary.split_country(text)
    if country and country != HUNGARY:
        return Address(country=country, details=rest)
    match = _LEADING_POSTAL_RE.match(rest)
    if not match:
        return Address(details=rest)
    code, after = match.groups()
    settlement, remainder = _split_settlement(code, after, vocabulary)
    if not settlement:
        return Address(details=rest)
    return Address(postal_code=code, settlement=settlement, **_parse_segments(remainder, vocabulary))


def _split_settlement(code: str, text: str, vocabulary: AddressVocabulary) -> tuple[str, str]:
    """(settlement, rest): up to the first comma, else a settlement known for the postal code."""
    if "," in text:
        settlement, rest = text.split(",", 1)
        return (settlement.strip(), rest.strip()) if settlement.strip() else ("", text)
    for name in vocabulary.settlements_by_postal_code.get(code, ()):
        if text.casefold().startswith(name.casefold()) and text[len(name):len(name) + 1] in ("", " "):
            return text[: len(name)], text[len(name):].strip()
    return (text, "") if text and " " not in text else ("", text)


def _parse_segments(text: str, vocabulary: AddressVocabulary) -> dict[str, str]:
    """Street, lot number and details from the comma-separated text after the settlement.

    The first segment that reads as a street is the street, unless a lot number came first;
    the first "hrsz." segment is the lot number; everything else is details, in order.
    """
    parts = {"street_name": "", "street_type": "", "house_number": "", "lot_number": ""}
    details: list[str] = []
    looking_for_street = True
    for segment in (s for s in _SEGMENT_SPLIT_RE.split(text) if s):
        lot = _LOT_SEGMENT_RE.match(segment)
        if lot and not parts["lot_number"]:
            parts["lot_number"] = lot.group(1)
            looking_for_street = False
            continue
        street = _split_street(segment, vocabulary) if looking_for_street else None
        if street is None:
            details.append(segment)
            continue
        name, street_type, house_number, rest = street
        parts.update(street_name=name, street_type=street_type, house_number=house_number)
        details.extend([rest] if rest else [])
        looking_for_street = False
    return {**parts, "details": ", ".join(details)}


def _split_street(segment: str, vocabulary: AddressVocabulary) -> tuple[str, str, str, str] | None:
    """(name, type, house number, rest) for "Kossuth Lajos tér 1-3. fszt." or None.

    The street type is the longest listed type ending at the rightmost place that is
    followed by a house number (a token starting with a digit) or by nothing.
    """
    tokens = segment.split(" ")
    for end in range(len(tokens), 1, -1):
        after = tokens[end:]
        if after and not _HOUSE_NUMBER_RE.match(after[0]):
            continue
        for words in range(min(vocabulary.max_type_words, end - 1), 0, -1):
            street_type = vocabulary.street_type(" ".join(tokens[end - words:end]))
            if street_type:
                house_number = _house_number_clean(after[0]) if after else ""
                return " ".join(tokens[: end - words]), street_type, house_number, " ".join(after[1:])
    return None
