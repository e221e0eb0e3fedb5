"""Login and password forms. Each login form builds the ``login_key`` from what was typed;
the view passes it to ``django.contrib.auth.authenticate`` so django-axes sees every attempt."""

import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import EMAIL_KINDS, Kind, login_key_for
from .passwords import HELP_TEXT as PASSWORD_HELP
from .selectors import district_login_key, maintainer_login_key

LOGIN_FAILED = _(
    "A megadott adatokkal nem lehet belépni. Ellenőrizze a beírt azonosítót, "
    "felhasználónevet és jelszót, majd próbálja újra."
)
OM_ID_REQUIRED = _("Adja meg az intézmény OM azonosítóját.")
OM_ID_FORMAT = _("Az OM azonosító 6 számjegyből áll, például 030521.")
USERNAME_REQUIRED = _("Adja meg a felhasználónevet.")
PASSWORD_REQUIRED = _("Adja meg a jelszót.")
MASTER_PASSWORD_REQUIRED = _("Adja meg a mesterjelszót.")
MAINTAINER_ID_REQUIRED = _("Adja meg a 8 jegyű fenntartói azonosítót.")
MAINTAINER_ID_FORMAT = _("A fenntartói azonosító 8 számjegyből áll, például 18050016.")
MAINTAINER_USERNAME_MISMATCH = _("A felhasználónév a fenntartói azonosító; hagyja üresen, vagy írja be ugyanazt.")
EMAIL_REQUIRED = _("Adja meg az e-mail címét.")
EMAIL_FORMAT = _("Adja meg az e-mail címet nev@example.hu formában.")
TOTP_REQUIRED = _("Adja meg a hitelesítő alkalmazásban látható 6 jegyű kódot.")
TOTP_FORMAT = _("A kód 6 számjegyből áll.")
TOTP_WRONG = _("A kód nem megfelelő vagy lejárt. Írja be az alkalmazásban éppen látható kódot.")
TOTP_THROTTLED = _("Túl sok hibás kód. Várjon egy percet, majd írja be az éppen látható kódot.")
NEW_PASSWORD_REQUIRED = _("Adja meg az új jelszót.")
NEW_PASSWORD_AGAIN_REQUIRED = _("Írja be az új jelszót még egyszer.")
PASSWORD_MISMATCH = _("A két jelszó nem egyezik. Írja be ugyanazt a jelszót mindkét mezőbe.")
OLD_PASSWORD_REQUIRED = _("Adja meg a jelenlegi jelszavát.")
OLD_PASSWORD_WRONG = _("A jelenlegi jelszó nem megfelelő.")
SAME_AS_OLD = _("Az új jelszó nem lehet azonos a jelenlegivel.")
CODE_REQUIRED = _("Adja meg a levélben kapott kódot.")

PASSWORD_MAX = 128


def _digits(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


class OmIdField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("OM azonosító"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("error_messages", {"required": OM_ID_REQUIRED, "max_length": OM_ID_FORMAT})
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = _digits(super().clean(value))
        if not re.fullmatch(r"\d{6}", value):
            raise ValidationError(OM_ID_FORMAT, code="format")
        return value


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Jelszó"))
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", PASSWORD_MAX)
        kwargs.setdefault("error_messages", {"required": PASSWORD_REQUIRED})
        autocomplete = kwargs.pop("autocomplete", "current-password")
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": autocomplete}))
        super().__init__(**kwargs)


class LoginForm(forms.Form):
    """Base: subclasses define the fields and ``login_key()``."""

    kind: str = ""
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def login_key(self) -> str:
        raise NotImplementedError

    def kinds(self) -> frozenset[str]:
        """The kinds of account this login mode may let in."""
        return frozenset({self.kind})

    def add_login_failure(self) -> None:
        self.add_error(None, LOGIN_FAILED)


class InstitutionLoginForm(LoginForm):
    om_id = OmIdField()
    username = forms.CharField(label=_("Felhasználónév"), max_length=150,
                               error_messages={"required": USERNAME_REQUIRED},
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = PasswordField()
    district = forms.BooleanField(label=_("Tankerületi belépés"), required=False,
                                  help_text=_("Jelölje be, ha tankerületi központ nevében lép be a "
                                              "fenntartott intézmény adataihoz."))

    field_order = ["om_id", "username", "password", "district", "next"]

    @property
    def kind(self) -> str:
        return Kind.DISTRICT if self.cleaned_data.get("district") else Kind.INSTITUTION

    def login_key(self) -> str:
        data = self.cleaned_data
        if data.get("district"):
            return district_login_key(om_id=data["om_id"], username=data["username"])
        return login_key_for(kind=Kind.INSTITUTION, scope=data["om_id"], username=data["username"])


class MasterLoginForm(LoginForm):
    kind = Kind.MASTER
    om_id = OmIdField()
    password = PasswordField(label=_("Mesterjelszó"), error_messages={"required": MASTER_PASSWORD_REQUIRED})

    field_order = ["om_id", "password", "next"]

    def login_key(self) -> str:
        return login_key_for(kind=Kind.MASTER, scope=self.cleaned_data["om_id"])


class MaintainerLoginForm(LoginForm):
    kind = Kind.MAINTAINER
    maintainer_id = forms.CharField(
        label=_("Fenntartói azonosító"), max_length=20,
        error_messages={"required": MAINTAINER_ID_REQUIRED, "max_length": MAINTAINER_ID_FORMAT},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    username = forms.CharField(
        label=_("Felhasználónév"), max_length=20, required=False,
        help_text=_("Ugyanaz, mint a fenntartói azonosító; ha üresen hagyja, azzal töltjük ki."),
        # Seed p. 28: clicking the field fills it with the ID typed above (portal.js, data-fill-from).
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-fill-from": "id_maintainer_id"}),
    )
    password = PasswordField()

    field_order = ["maintainer_id", "username", "password", "next"]

    def clean_maintainer_id(self) -> str:
        value = _digits(self.cleaned_data["maintainer_id"])
        if not re.fullmatch(r"\d{8}", value):
            raise ValidationError(MAINTAINER_ID_FORMAT, code="format")
        return value

    def clean(self):
        data = super().clean()
        maintainer_id = data.get("maintainer_id")
        username = _digits(data.get("username", ""))
        if maintainer_id and username and username != maintainer_id:
            self.add_error("username", MAINTAINER_USERNAME_MISMATCH)
        return data

    def login_key(self) -> str:
        return maintainer_login_key(self.cleaned_data["maintainer_id"])


class OfficeLoginForm(LoginForm):
    kind = Kind.OFFICE
    username = forms.CharField(label=_("Felhasználónév"), max_length=150,
                               error_messages={"required": USERNAME_REQUIRED},
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = PasswordField()

    field_order = ["username", "password", "next"]

    def login_key(self) -> str:
        return login_key_for(kind=Kind.OFFICE, username=self.cleaned_data["username"])


class EmailLoginForm(LoginForm):
    kind = Kind.LEARNER

    def kinds(self) -> frozenset[str]:
        return EMAIL_KINDS
    email = forms.EmailField(label=_("E-mail cím"), max_length=254,
                             error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_FORMAT},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = PasswordField()

    field_order = ["email", "password", "next"]

    def login_key(self) -> str:
        return login_key_for(kind=Kind.LEARNER, username=self.cleaned_data["email"])


class TotpForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Hitelesítő kód"), max_length=12,
        help_text=_("A hitelesítő alkalmazásban (például Google Authenticator, Microsoft Authenticator, "
                    "FreeOTP) látható 6 jegyű szám."),
        error_messages={"required": TOTP_REQUIRED, "max_length": TOTP_FORMAT},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_otp_token(self) -> str:
        value = _digits(self.cleaned_data["otp_token"])
        if not re.fullmatch(r"\d{6}", value):
            raise ValidationError(TOTP_FORMAT, code="format")
        return value


class NewPasswordForm(forms.Form):
    """New password twice, checked against the product's rules for ``user``."""

    new_password1 = PasswordField(label=_("Új jelszó"), help_text=PASSWORD_HELP, autocomplete="new-password",
                                  error_messages={"required": NEW_PASSWORD_REQUIRED})
    new_password2 = PasswordField(label=_("Új jelszó még egyszer"), autocomplete="new-password",
                                  error_messages={"required": NEW_PASSWORD_AGAIN_REQUIRED})

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", PASSWORD_MISMATCH)
        elif first and self.user is not None:
            try:
                validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data


class PasswordChangeForm(NewPasswordForm):
    old_password = PasswordField(label=_("Jelenlegi jelszó"), error_messages={"required": OLD_PASSWORD_REQUIRED})

    field_order = ["old_password", "new_password1", "new_password2"]

    def clean(self):
        data = super().clean()
        if data.get("old_password") and data.get("new_password1") == data.get("old_password"):
            self.add_error("new_password1", SAME_AS_OLD)
        return data


class PasswordResetForm(forms.Form):
    email = forms.EmailField(label=_("E-mail cím"), max_length=254,
                             help_text=_("Az a cím, amelyre a belépési azonosítóit kapta."),
                             error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_FORMAT},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class MaintainerCodeForm(NewPasswordForm):
    maintainer_id = MaintainerLoginForm.base_fields["maintainer_id"]
    code = forms.CharField(label=_("Levélben kapott kód"), max_length=30,
                           help_text=_("10 karakter, például ABCDE-FGH23. A kötőjelet nem kell beírni."),
                           error_messages={"required": CODE_REQUIRED},
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))

    field_order = ["maintainer_id", "code", "new_password1", "new_password2"]

    clean_maintainer_id = MaintainerLoginForm.clean_maintainer_id
