"""Hungarian identifiers: normalise, validate and format each one.

Every identifier has three pure functions named by the glossary:

- ``<name>_normalise(value) -> str`` never raises; it drops what people type between the parts
  (spaces, dashes) and returns the canonical form that the database stores;
- ``<name>_validate(value) -> None`` takes a normalised value and raises ``ValidationError`` with
  one Hungarian message constant per kind of mistake (tests assert these exactly);
- ``<name>_format(value) -> str`` turns a canonical value into the form people read.

Reference lists (county codes, bank codes, postal codes) are read once from
``core/data/reference/`` and cached. The rules are summarised in docs/decisions.md ("Identifiers").
"""

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "reference"

# Weights of the Hungarian "9-7-3-1" check: sum(digit * weight) must end in 0.
CHECK_WEIGHTS = (9, 7, 3, 1)
PIR_WEIGHTS = (9, 7, 3, 1, 9, 1)

# Spaces of any kind, hyphens and dashes people type (or paste) between the parts.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—−]+")

# --- messages (module constants, asserted exactly by tests) ----------------------------------

TAX_NUMBER_FORMAT = _("Adja meg az adószámot XXXXXXXX-X-XX formában.")
TAX_NUMBER_CHECK_DIGIT = _(
    "Az adószám első nyolc számjegye hibás: az ellenőrző számjegy (a 8.) nem egyezik. "
    "Ellenőrizze, nem gépelte-e el."
)
TAX_NUMBER_VAT_CODE = _("Az adószám 9. számjegye, az áfakód csak 1, 2, 3, 4 vagy 5 lehet.")
TAX_NUMBER_COUNTY_CODE = _(
    "Az adószám utolsó két számjegye, a területi kód nem létezik. Ellenőrizze, nem gépelte-e el."
)
TAX_NUMBER_STEM_FORMAT = _("Adja meg az adószám törzsszámát 8 számjeggyel (HU előtaggal is lehet).")
STATISTICAL_NUMBER_FORMAT = _(
    "Adja meg a KSH statisztikai számjelet XXXXXXXX-XXXX-XXX-XX formában."
)
STATISTICAL_NUMBER_CHECK_DIGIT = _(
    "A statisztikai számjel első nyolc számjegye (az adószám törzsszáma) hibás: "
    "az ellenőrző számjegy nem egyezik."
)
STATISTICAL_NUMBER_COUNTY_CODE = _(
    "A statisztikai számjel utolsó két számjegye, a megyekód csak 01 és 20 között lehet."
)
STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH = _(
    "A statisztikai számjel első nyolc számjegye nem egyezik az adószám első nyolc számjegyével."
)
BANK_ACCOUNT_NUMBER_FORMAT = _(
    "Adja meg a bankszámlaszámot XXXXXXXX-XXXXXXXX vagy XXXXXXXX-XXXXXXXX-XXXXXXXX formában."
)
BANK_ACCOUNT_NUMBER_FIRST_BLOCK = _(
    "A bankszámlaszám első nyolc számjegye hibás: az ellenőrző számjegy nem egyezik. "
    "Ellenőrizze, nem gépelte-e el."
)
BANK_ACCOUNT_NUMBER_SECOND_BLOCK = _(
    "A bankszámlaszám 9. számjegytől kezdődő része hibás: az ellenőrző számjegy nem egyezik. "
    "Ellenőrizze, nem gépelte-e el."
)
BANK_ACCOUNT_NUMBER_BANK_CODE = _(
    "A bankszámlaszám első három számjegye nem magyar bank kódja. Ellenőrizze, nem gépelte-e el."
)
BANK_ACCOUNT_NUMBER_IBAN = _(
    "Az IBAN formában megadott számlaszám ellenőrző számjegyei (a HU utáni két számjegy) hibásak."
)
OM_ID_FORMAT = _("Adja meg az OM azonosítót 6 számjeggyel, például 031202.")
PIR_FORMAT = _("Adja meg a PIR számot (törzskönyvi azonosító számot) 6 számjeggyel.")
PIR_CHECK_DIGIT = _(
    "A PIR szám hibás: az ellenőrző számjegy (a 6.) nem egyezik. Ellenőrizze, nem gépelte-e el."
)
MAINTAINER_ID_FORMAT = _("Adja meg a fenntartói azonosítót 8 számjeggyel.")
POSTAL_CODE_FORMAT = _("Adja meg az irányítószámot 4 számjeggyel.")
POSTAL_CODE_UNKNOWN = _("Ilyen irányítószám nincs a Magyar Posta irányítószám-jegyzékében.")
EMAIL_FORMAT = _("Adja meg az e-mail-címet nev@pelda.hu formában.")
PHONE_NUMBER_FORMAT = _(
    "Adja meg a telefonszámot körzetszámmal, például +36 1 234 5678 vagy 06 30 123 4567 formában."
)
PHONE_NUMBER_AREA_CODE = _(
    "A telefonszám körzetszáma nem létezik. Budapest: 1, mobil: 20, 30, 31, 50, 70, "
    "vidék: kétjegyű körzetszám."
)
PHONE_NUMBER_LENGTH = _(
    "A telefonszám hossza nem megfelelő: budapesti és mobilszámban 7, vidéki számban 6 számjegy "
    "követi a körzetszámot."
)

# --- known exceptions in the real registers -------------------------------------------------

# Real State Treasury register entries (mak_pir_torzskonyv_2013_adoszamok.csv) that break the
# rules below. They are real numbers of real bodies, so they are accepted as they are.
# PIR number of the Alkotmányvédelmi Hivatal: the only one of 20,548 whose check digit fails.
PIR_REGISTER_EXCEPTIONS = frozenset({"756824"})
# Tax numbers with VAT code 0 (three nationality self-governments, two bodies closed in 2007).
TAX_NUMBER_REGISTER_EXCEPTIONS = frozenset(
    {"15575140018", "15585967005", "16848205017", "15587196002", "16629709002"}
)

VAT_CODES = frozenset("12345")
# Area codes followed by 7 digits: Budapest, the mobile networks and the nation-wide (VoIP) 21.
PHONE_SEVEN_DIGIT_CODES = frozenset({"1", "20", "21", "30", "31", "50", "70"})
# The other geographic area codes, followed by 6 digits.
PHONE_SIX_DIGIT_CODES = frozenset(
    "22 23 24 25 26 27 28 29 32 33 34 35 36 37 42 44 45 46 47 48 49 52 53 54 56 57 59 "
    "62 63 66 68 69 72 73 74 75 76 77 78 79 82 83 84 85 87 88 89 92 93 94 95 96 99".split()
)
HUNGARY_CALLING_CODE = "+36"


# --- shared helpers ---------------------------------------------------------------------------


def weighted_sum(digits: str, weights: tuple[int, ...] = CHECK_WEIGHTS) -> int:
    return sum(int(d) * weights[i % len(weights)] for i, d in enumerate(digits))


def check_digits_ok(digits: str) -> bool:
    """The 9-7-3-1 check: sum(digit x 9,7,3,1,9,7,3,1...) ends in 0."""
    return weighted_sum(digits) % 10 == 0


def check_digit_for(body: str, weights: tuple[int, ...] = CHECK_WEIGHTS) -> str:
    """The last digit that makes ``body`` + digit pass the check (its weight is always 1 here:
    position 8, 16 and 24 of the 9-7-3-1 run, and position 6 of the PIR weights)."""
    return str(-weighted_sum(body, weights) % 10)


def pir_check_digits_ok(digits: str) -> bool:
    """PIR: the first five digits weighted 9,7,3,1,9 plus the 6th (weight 1) end in 0.

    (Not the plain 9-7-3-1 run: the 6th weight would then be 7. Checked on the Treasury list.)
    """
    return weighted_sum(digits, PIR_WEIGHTS) % 10 == 0


def strip_separators(value: str) -> str:
    return _SEPARATORS.sub("", str(value or ""))


def _digits_of_length(value: str, *lengths: int) -> bool:
    return value.isascii() and value.isdigit() and len(value) in lengths


def _fail(message, code: str):
    raise ValidationError(message, code=code)


def _read_csv(name: str) -> Iterator[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _column(name: str, *columns: str) -> frozenset[str]:
    return frozenset(row[c].strip() for row in _read_csv(name) for c in columns if row[c].strip())


# --- reference lists (read once) ---------------------------------------------------------------


@cache
def tax_number_county_codes() -> frozenset[str]:
    """Last two digits of a tax number: the tax directorate's code (NAV)."""
    return _column("nav_igazgatosagi_kodok_teroszt.csv", "nav_ig_tarsas", "nav_ig_egyeni")


@cache
def statistical_number_county_codes() -> frozenset[str]:
    """KSH county codes 01-20 (21 and 22 of the list are statistical aggregates, not places)."""
    return frozenset(c for c in _column("ksh_megyekodok.csv", "megye_kod") if c <= "20")


@cache
def bank_codes() -> frozenset[str]:
    return _column("hu_bank_codes_mnb_via_schwifty.csv", "bank_code")


@cache
def postal_codes() -> frozenset[str]:
    return _column("posta_irsz_2024-05_telepulesek.csv", "iranyitoszam") | _column(
        "posta_irsz_2024-05_utcak.csv", "iranyitoszam"
    )


# --- tax number (adószám) NNNNNNNC-V-KK ------------------------------------------------------


def tax_number_normalise(value: str) -> str:
    return strip_separators(value)


def tax_number_validate(value: str) -> None:
    if not _digits_of_length(value, 11):
        _fail(TAX_NUMBER_FORMAT, "format")
    if value in TAX_NUMBER_REGISTER_EXCEPTIONS:
        return
    if not check_digits_ok(value[:8]):
        _fail(TAX_NUMBER_CHECK_DIGIT, "check_digit")
    if value[8] not in VAT_CODES:
        _fail(TAX_NUMBER_VAT_CODE, "vat_code")
    if value[9:] not in tax_number_county_codes():
        _fail(TAX_NUMBER_COUNTY_CODE, "county_code")


def tax_number_format(value: str) -> str:
    if not _digits_of_length(value, 11):
        return value
    return f"{value[:8]}-{value[8]}-{value[9:]}"


# --- tax number stem (törzsszám; with HU in front it is the EU VAT number) ---------------------


def tax_number_stem_normalise(value: str) -> str:
    stem = strip_separators(value).upper()
    return stem[2:] if stem.startswith("HU") else stem


def tax_number_stem_validate(value: str) -> None:
    if not _digits_of_length(value, 8):
        _fail(TAX_NUMBER_STEM_FORMAT, "format")
    if not check_digits_ok(value):
        _fail(TAX_NUMBER_CHECK_DIGIT, "check_digit")


def tax_number_stem_format(value: str) -> str:
    return value


# --- KSH statistical number (statisztikai számjel) TTTTTTTT-AAAA-GGG-MM ------------------------


def statistical_number_normalise(value: str) -> str:
    return strip_separators(value)


def statistical_number_validate(value: str) -> None:
    if not _digits_of_length(value, 17):
        _fail(STATISTICAL_NUMBER_FORMAT, "format")
    if not check_digits_ok(value[:8]):
        _fail(STATISTICAL_NUMBER_CHECK_DIGIT, "check_digit")
    if value[15:] not in statistical_number_county_codes():
        _fail(STATISTICAL_NUMBER_COUNTY_CODE, "county_code")


def statistical_number_format(value: str) -> str:
    if not _digits_of_length(value, 17):
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:15]}-{value[15:]}"


def statistical_number_matches_tax_number(statistical_number: str, tax_number: str) -> bool:
    """Both normalised: the statistical number starts with the tax number's 8-digit stem."""
    return statistical_number[:8] == tax_number[:8]


# The name the foundation issue uses for the cross-check.
ksh_number_matches_tax_number = statistical_number_matches_tax_number


def statistical_number_check_tax_number(statistical_number: str, tax_number: str) -> None:
    """For forms that ask both: raise when both are given and their stems differ."""
    if statistical_number and tax_number:
        if not statistical_number_matches_tax_number(statistical_number, tax_number):
            _fail(STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH, "tax_number_mismatch")


# --- bank account number (bankszámlaszám, GIRO) 8-8 or 8-8-8 -----------------------------------


def bank_account_number_normalise(value: str) -> str:
    """Digits only; a Hungarian IBAN with correct check digits becomes its 24-digit account."""
    compact = strip_separators(value).upper()
    if _is_hungarian_iban(compact) and _iban_check_ok(compact):
        return compact[4:]
    return compact


def bank_account_number_validate(value: str) -> None:
    if _is_hungarian_iban(value):
        _fail(BANK_ACCOUNT_NUMBER_IBAN, "iban_check_digits")
    if not _digits_of_length(value, 16, 24):
        _fail(BANK_ACCOUNT_NUMBER_FORMAT, "format")
    if not check_digits_ok(value[:8]):
        _fail(BANK_ACCOUNT_NUMBER_FIRST_BLOCK, "check_digit")
    if not check_digits_ok(value[8:]):
        _fail(BANK_ACCOUNT_NUMBER_SECOND_BLOCK, "check_digit")
    if value[:3] not in bank_codes():
        _fail(BANK_ACCOUNT_NUMBER_BANK_CODE, "bank_code")


def bank_account_number_format(value: str) -> str:
    if not _digits_of_length(value, 16, 24):
        return value
    return "-".join(value[i : i + 8] for i in range(0, len(value), 8))


def _is_hungarian_iban(value: str) -> bool:
    return len(value) == 28 and value.startswith("HU") and _digits_of_length(value[2:], 26)


def _iban_check_ok(value: str) -> bool:
    rearranged = value[4:] + "1730" + value[2:4]  # H=17, U=30
    return int(rearranged) % 97 == 1


# --- OM ID, PIR number, maintainer ID ----------------------------------------------------------


def om_id_normalise(value: str) -> str:
    return strip_separators(value)


def om_id_validate(value: str) -> None:
    if not _digits_of_length(value, 6):
        _fail(OM_ID_FORMAT, "format")


def om_id_format(value: str) -> str:
    return value


def pir_normalise(value: str) -> str:
    return strip_separators(value)


def pir_validate(value: str) -> None:
    if not _digits_of_length(value, 6):
        _fail(PIR_FORMAT, "format")
    if not pir_check_digits_ok(value) and value not in PIR_REGISTER_EXCEPTIONS:
        _fail(PIR_CHECK_DIGIT, "check_digit")


def pir_format(value: str) -> str:
    return value


def maintainer_id_normalise(value: str) -> str:
    return strip_separators(value)


def maintainer_id_validate(value: str) -> None:
    if not _digits_of_length(value, 8):
        _fail(MAINTAINER_ID_FORMAT, "format")


def maintainer_id_format(value: str) -> str:
    return value


# --- postal code (irányítószám) ----------------------------------------------------------------


def postal_code_normalise(value: str) -> str:
    return strip_separators(value)


def postal_code_validate(value: str) -> None:
    if not _digits_of_length(value, 4):
        _fail(POSTAL_CODE_FORMAT, "format")
    if value not in postal_codes():
        _fail(POSTAL_CODE_UNKNOWN, "unknown")


def postal_code_format(value: str) -> str:
    return value


# --- e-mail address ----------------------------------------------------------------------------

_email_validator = EmailValidator(message=EMAIL_FORMAT, code="format")


def email_normalise(value: str) -> str:
    """Trimmed and lower-cased whole (login keys compare e-mail addresses case-insensitively)."""
    return str(value or "").strip().lower()


def email_validate(value: str) -> None:
    _email_validator(value)


def email_format(value: str) -> str:
    return value


# --- phone number (telefonszám): canonical +36XXXXXXXX(X) ---------------------------------------

_PHONE_NOISE = re.compile(r"[\s\-‐‑‒–—−/().]+")


def phone_number_normalise(value: str) -> str:
    """'06 30 123 4567', '+36-1/234-5678', '0036...' or '30 123 4567' -> '+36301234567'."""
    compact = _PHONE_NOISE.sub("", str(value or ""))
    for prefix in ("+36", "0036", "06"):
        if compact.startswith(prefix):
            return HUNGARY_CALLING_CODE + compact[len(prefix) :]
    if compact[:1] in "123456789" and compact.isdigit() and len(compact) in (8, 9):
        return HUNGARY_CALLING_CODE + compact
    return compact


def phone_number_validate(value: str) -> None:
    national = value.removeprefix(HUNGARY_CALLING_CODE)
    if national == value or not _digits_of_length(national, 7, 8, 9, 10):
        _fail(PHONE_NUMBER_FORMAT, "format")
    area_code, subscriber = phone_number_split(national)
    if area_code not in PHONE_SEVEN_DIGIT_CODES | PHONE_SIX_DIGIT_CODES:
        _fail(PHONE_NUMBER_AREA_CODE, "area_code")
    if len(subscriber) != (7 if area_code in PHONE_SEVEN_DIGIT_CODES else 6):
        _fail(PHONE_NUMBER_LENGTH, "length")


def phone_number_format(value: str) -> str:
    """'+36301234567' -> '+36 30 123 4567'; '+3612345678' -> '+36 1 234 5678'."""
    national = value.removeprefix(HUNGARY_CALLING_CODE)
    if national == value or not national.isdigit():
        return value
    area_code, subscriber = phone_number_split(national)
    return " ".join([HUNGARY_CALLING_CODE, area_code, subscriber[:3], subscriber[3:]])


def phone_number_split(national: str) -> tuple[str, str]:
    """Area code and subscriber number of a national number (without 06 or +36)."""
    size = 1 if national.startswith("1") else 2
    return national[:size], national[size:]


# --- for the form and model fields -------------------------------------------------------------


def is_valid(validate, value: str) -> bool:
    try:
        validate(value)
    except ValidationError:
        return False
    return True
