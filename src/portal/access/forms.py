"""Forms of the access manager. They only parse input; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

GRANTED, NOT_GRANTED = "1", "0"
RIGHT_CHOICES = [(GRANTED, _("Jogosult")), (NOT_GRANTED, _("Nem jogosult"))]


def right_field(label, *, initial: bool, disabled: bool = False, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=RIGHT_CHOICES, widget=forms.RadioSelect, required=True,
        initial=GRANTED if initial else NOT_GRANTED, disabled=disabled, help_text=help_text,
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Felhasználónév"), max_length=150, required=False,
        help_text=_("Az intézményen belül egyedi; a felhasználó ezzel és az OM azonosítóval lép be."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(label=_("Név"), max_length=200, required=False,
                                help_text=_("Nem kötelező: a munkatárs neve, hogy a listában felismerje."))
    password = forms.CharField(
        label=_("Jelszó"), required=False, strip=False,
        help_text=_("Legalább 8 karakter, betűt és számot is tartalmazzon (pl. Hófehérke7törpe)."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Jelszó még egyszer"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    may_change_password = right_field(
        _("Jelszóváltoztatás joga"), initial=True,
        help_text=_("Ha jogosult, a felhasználónak első belépéskor meg kell változtatnia az Ön által megadott jelszót."),
    )

    PASSWORDS_DIFFER = _("A két jelszó nem egyezik. Írja be mindkét mezőbe ugyanazt.")

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", self.PASSWORDS_DIFFER)
        return data


class UserPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Új jelszó"), required=False, strip=False,
        help_text=_("Legalább 8 karakter, betűt és számot is tartalmazzon."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Új jelszó még egyszer"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", UserCreateForm.PASSWORDS_DIFFER)
        return data


class UserRightsForm(forms.Form):
    """"Felhasználó nézet": Jogosult / Nem jogosult for the password right and each module."""

    def __init__(self, *args, states, rights: set[str], may_change_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["may_change_password"] = right_field(_("Jelszóváltoztatás joga"), initial=may_change_password)
        for state in states:
            module = state.module
            notes = []
            if state.ineligible_reason:
                notes.append(str(_("Az intézmény számára nem elérhető: ")) + state.ineligible_reason)
            if module.closed_by_centre:
                notes.append(str(_("Központ lezárta")) + (f": {module.closed_reason}" if module.closed_reason else ""))
            self.fields[f"module_{module.code}"] = right_field(
                module.name, initial=module.code in rights,
                disabled=not state.is_eligible, help_text=" ".join(notes),
            )
        self.states = states

    def granted_codes(self) -> set[str]:
        return {
            state.module.code for state in self.states
            if state.is_eligible and self.cleaned_data[f"module_{state.module.code}"] == GRANTED
        }

    def password_right(self) -> bool:
        return self.cleaned_data["may_change_password"] == GRANTED


class ModuleUsersForm(forms.Form):
    """"Projekt nézet": which users of the institution are "Jogosult" for one module."""

    def __init__(self, *args, users, holder_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.users = list(users)
        for user in self.users:
            label = user.username + (f" ({user.full_name})" if user.full_name else "")
            if not user.is_active:
                label += " – " + str(_("letiltva"))
            self.fields[f"user_{user.pk}"] = right_field(label, initial=user.pk in holder_ids)

    def granted_ids(self) -> set[int]:
        return {u.pk for u in self.users if self.cleaned_data[f"user_{u.pk}"] == GRANTED}


class HeadEmailForm(forms.Form):
    email = forms.CharField(
        label=_("Intézményvezetői e-mail cím"), max_length=254, required=False,
        help_text=_("Az Oktatási Hivatal ide küldi az intézményvezetőnek szóló leveleket és a mesterjelszó-linket."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ModuleCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("A lezárás indoka"), max_length=500, required=False,
        help_text=_("A felhasználók ezt látják a modul neve mellett, pl. „Az adatszolgáltatási időszak véget ért.”"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MasterLinkForm(forms.Form):
    om_id = forms.CharField(
        label=_("OM azonosító"), max_length=6, required=False,
        help_text=_("A link az intézmény nyilvántartott intézményvezetői e-mail címére megy."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
