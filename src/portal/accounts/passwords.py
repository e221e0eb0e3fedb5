"""The product's password rules, each with its own Hungarian message.

The seed's rule (at least 6 characters, letters and digits) is the floor; we
ask for 8, refuse common passwords (Django's list of 20,000 and a Hungarian
list) and passwords that contain the user's own identifiers.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 8
TOO_SHORT = _("A jelszónak legalább 8 karakter hosszúnak kell lennie.")
TOO_COMMON = _("Ez a jelszó túl gyakori, könnyen kitalálható. Válasszon másikat.")
LETTERS_AND_DIGITS = _("A jelszónak betűt és számot is tartalmaznia kell.")
CONTAINS_IDENTIFIER = _("A jelszó nem tartalmazhatja a felhasználónevet, az e-mail címet vagy az azonosítót.")
HELP_TEXT = _(
    "Legalább 8 karakter, betűt és számot is tartalmazzon (például Hófehérke7törpe). "
    "Ne legyen gyakori jelszó, és ne tartalmazza a felhasználónevét, e-mail címét vagy azonosítóját."
)

HUNGARIAN_COMMON = Path(__file__).resolve().parent / "data" / "common_passwords_hu.txt"


class MinimumLengthValidator:
    def __init__(self, min_length: int = MIN_LENGTH):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(TOO_SHORT, code="password_too_short")

    def get_help_text(self) -> str:
        return str(TOO_SHORT)


@lru_cache(maxsize=1)
def _hungarian_common() -> frozenset[str]:
    lines = HUNGARIAN_COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


class CommonPasswordsValidator(CommonPasswordValidator):
    """Django's list of common passwords plus common Hungarian ones."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower().strip()
        if lowered in self.passwords or lowered in _hungarian_common():
            raise ValidationError(TOO_COMMON, code="password_too_common")

    def get_help_text(self) -> str:
        return str(TOO_COMMON)


class LettersAndDigitsValidator:
    def validate(self, password: str, user=None) -> None:
        if not (re.search(r"[^\W\d_]", password) and re.search(r"\d", password)):
            raise ValidationError(LETTERS_AND_DIGITS, code="letters_and_digits")

    def get_help_text(self) -> str:
        return str(LETTERS_AND_DIGITS)


class NoIdentifierValidator:
    def validate(self, password: str, user=None) -> None:
        if user is None or not hasattr(user, "identifiers"):
            return
        lowered = password.lower()
        if any(value.lower() in lowered for value in user.identifiers()):
            raise ValidationError(CONTAINS_IDENTIFIER, code="contains_identifier")

    def get_help_text(self) -> str:
        return str(CONTAINS_IDENTIFIER)
