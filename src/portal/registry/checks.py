"""Yes/no tests of the identifiers an institution record holds, for the record's validation.

Every rule lives in ``portal.core.identifiers`` (format, check digits, county,
bank and postal codes); these helpers normalise what was typed the same way the
identifier form fields do and answer whether it is valid, so the record's
validation and the fields always agree. Empty values are the caller's business.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from portal.core import identifiers
from portal.core.spreadsheet import formula_like


def _valid(normalise, validate, value: str) -> bool:
    return identifiers.is_valid(validate, normalise(value))


def tax_number_valid(value: str) -> bool:
    return _valid(identifiers.tax_number_normalise, identifiers.tax_number_validate, value)


def tax_number_normalise(value: str) -> str:
    """The XXXXXXXX-X-XX form when the number is valid; otherwise what was typed."""
    if not tax_number_valid(value):
        return value.strip()
    return identifiers.tax_number_format(identifiers.tax_number_normalise(value))


def bank_account_valid(value: str) -> bool:
    return _valid(identifiers.bank_account_number_normalise, identifiers.bank_account_number_validate, value)


def om_id_valid(value: str) -> bool:
    return _valid(identifiers.om_id_normalise, identifiers.om_id_validate, value)


def pir_valid(value: str) -> bool:
    return _valid(identifiers.pir_normalise, identifiers.pir_validate, value)


def maintainer_id_valid(value: str) -> bool:
    return _valid(identifiers.maintainer_id_normalise, identifiers.maintainer_id_validate, value)


def postal_code_valid(value: str) -> bool:
    return _valid(identifiers.postal_code_normalise, identifiers.postal_code_validate, value)


def email_valid(value: str) -> bool:
    return _valid(identifiers.email_normalise, identifiers.email_validate, value)


def phone_valid(value: str) -> bool:
    return _valid(identifiers.phone_number_normalise, identifiers.phone_number_validate, value)


def website_valid(value: str) -> bool:
    url = value.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def name_valid(value: str) -> bool:
    """A name may not begin like a spreadsheet formula (=, +, -, @, tab, carriage return): exported
    to CSV or XLSX it would run in the reader's spreadsheet program (``core.spreadsheet``)."""
    return not (formula_like(value) or formula_like(value.strip()))
