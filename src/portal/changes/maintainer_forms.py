"""Forms of the maintainer module. They check formats; completeness is checked on submit
(``MaintainerRecord.validate``), so a draft keeps whatever was typed correctly."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers as ids
from portal.core.address_forms import AddressForm
from portal.core.addresses import FIELD_NAMES, HUNGARY, Address
from portal.core.fields import (
    EmailFormField,
    OmIdFormField,
    PhoneNumberFormField,
    PirFormField,
    StatisticalNumberFormField,
    TaxNumberFormField,
)
from portal.registry import checks
from portal.registry import maintainer_schema as ms
from portal.registry.maintainer_schema import MaintainerRecord, MemberRecord, Person, TypeInfo
from portal.registry.schema import validate_name


class DraftAddressForm(AddressForm):
    """An address a draft may leave empty; anything typed is checked as usual."""

    def clean(self):
        if not any(self._raw(name) for name in FIELD_NAMES if name != "country"):
            self.address = Address(country=self._raw("country") or HUNGARY)
            return self.cleaned_data
        return super().clean()


def _website_check(value: str) -> None:
    if value and not checks.website_valid(value):
        raise ValidationError(ms.WEBSITE_INVALID)


def _text(label, *, max_length: int = 300, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _person_fields(prefix: str) -> dict[str, forms.Field]:
    return {
        f"{prefix}_name": _text(_("Képviselő neve"), max_length=200, validators=[validate_name]),
        f"{prefix}_position": _text(_("Képviselő beosztása"), max_length=200),
        f"{prefix}_phone": PhoneNumberFormField(label=_("Képviselő telefonszáma"), required=False),
        f"{prefix}_email": EmailFormField(label=_("Képviselő e-mail címe"), required=False),
        f"{prefix}_mobile": PhoneNumberFormField(label=_("Képviselő mobilszáma"), required=False),
        f"{prefix}_fax": PhoneNumberFormField(label=_("Képviselő faxszáma"), required=False),
    }


def _person_initial(prefix: str, person: Person) -> dict:
    return {f"{prefix}_{name}": getattr(person, name) for name in
            ("name", "position", "phone", "email", "mobile", "fax")}


def _person_from(data: dict, prefix: str, address: Address) -> Person:
    values = {name: (data.get(f"{prefix}_{name}") or "").strip() for name in
              ("name", "position", "phone", "email", "mobile", "fax")}
    return Person(**values, address=address.to_dict())


class MaintainerForm(forms.Form):
    name = _text(_("Fenntartó neve"), validators=[validate_name], help_text=_("A fenntartó hivatalos, okiratokban szereplő megnevezése."))
    maintainer_type = forms.ChoiceField(label=_("Fenntartó típusa"), required=False)
    tax_number = TaxNumberFormField(
        label=_("Adószám"), required=False,
        help_text=_("XXXXXXXX-X-XX formában. A társulásos formában működő fenntartók kivételével kötelező."))
    statistical_number = StatisticalNumberFormField(
        label=_("KSH statisztikai számjel"), required=False,
        help_text=_("XXXXXXXX-XXXX-XXX-XX formában; az első nyolc számjegy az adószám első nyolc számjegye."))
    pir = PirFormField(label=_("PIR szám"), required=False, help_text=_(
        "Ha a fenntartó költségvetési szerv: a Magyar Államkincstár törzskönyvi azonosítója."))
    phone = PhoneNumberFormField(label=_("Fenntartó telefonszáma"), required=False)
    fax = PhoneNumberFormField(label=_("Fenntartó faxszáma"), required=False)
    email = EmailFormField(label=_("Fenntartó e-mail címe"), required=False)
    website = _text(_("Fenntartó weblapja"), validators=[_website_check],
                    help_text=_("Akkor töltse ki, ha a fenntartó saját honlappal rendelkezik."))
    status = forms.ChoiceField(label=_("Fenntartó státusza"), required=False,
                               help_text=_("Új fenntartó bejelentése esetén csak aktív lehet."))

    def __init__(self, *args, types: dict[str, TypeInfo], is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maintainer_type"].choices = [("", _("– válasszon –"))] + [
            (code, info.name) for code, info in types.items()]
        statuses = {ms.ACTIVE: ms.STATUSES[ms.ACTIVE]} if is_new else ms.STATUSES
        self.fields["status"].choices = list(statuses.items())
        if not is_new:
            self.fields["status"].disabled = True
        self.fields.update(_person_fields("rep"))
        self.fields["rep_email"].help_text = _("Az Oktatási Hivatal üzeneteit erre a címre küldjük.")

    @staticmethod
    def initial_from(record: MaintainerRecord) -> dict:
        return {
            name: getattr(record, name) for name in (
                "name", "maintainer_type", "tax_number", "statistical_number", "pir", "phone", "fax",
                "email", "website", "status")
        } | _person_initial("rep", record.representative)

    def clean(self):
        cleaned = super().clean()
        try:
            ids.statistical_number_check_tax_number(
                cleaned.get("statistical_number") or "", cleaned.get("tax_number") or "")
        except ValidationError as error:
            self.add_error("statistical_number", error)
        return cleaned

    def apply(self, record: MaintainerRecord, *, seat: Address, rep_address: Address) -> None:
        data = self.cleaned_data
        for name in ("name", "maintainer_type", "tax_number", "statistical_number", "pir", "phone", "fax",
                     "email", "website"):
            setattr(record, name, (data.get(name) or "").strip())
        if not self.fields["status"].disabled:
            record.status = data.get("status") or ms.ACTIVE
        record.seat = seat.to_dict()
        record.representative = _person_from(data, "rep", rep_address)


class MemberForm(forms.Form):
    pir = PirFormField(label=_("PIR szám"), required=False, help_text=_(
        "Önkormányzati tag esetében a Magyar Államkincstárnál szereplő törzskönyvi azonosító."))
    name = _text(_("Társulási tag neve"), validators=[validate_name])
    is_lead = forms.BooleanField(label=_("Gesztor"), required=False,
                                 help_text=_("Jelölje, ha ez a tag a társulás gesztora."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_person_fields("rep"))

    @staticmethod
    def initial_from(member: MemberRecord) -> dict:
        return {"pir": member.pir, "name": member.name, "is_lead": member.is_lead} | _person_initial(
            "rep", member.representative)

    def to_member(self, member: MemberRecord, *, address: Address, rep_address: Address) -> MemberRecord:
        data = self.cleaned_data
        return replace(member, pir=(data.get("pir") or "").strip(), name=data["name"].strip(),
                       is_lead=bool(data.get("is_lead")), address=address.to_dict(),
                       representative=_person_from(data, "rep", rep_address))


class TerminationForm(forms.Form):
    termination_date = forms.DateField(
        label=_("Megszűnés dátuma"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": str(ms.DATE_INVALID)})


REQUEST_NUMBER_REQUIRED = _("Adja meg a kérelem számát.")
CONTINUE_EMAIL_REQUIRED = _("Adja meg a bejelentésben megadott képviselői e-mail címet.")


class AnnouncementContinueForm(forms.Form):
    """Continue a new-maintainer announcement from another browser: its number and the e-mail in it."""

    request_number = forms.IntegerField(
        label=_("Kérelem száma"), min_value=1,
        help_text=_("A bejelentés mentése után a kérelem oldalán látható szám."),
        error_messages={"required": REQUEST_NUMBER_REQUIRED, "invalid": _("A kérelem száma csak számjegyekből áll."),
                        "min_value": _("A kérelem száma csak számjegyekből áll.")})
    email = forms.EmailField(
        label=_("A képviselő e-mail címe"), help_text=_("A bejelentésben megadott cím; ide küldjük a kódot."),
        error_messages={"required": CONTINUE_EMAIL_REQUIRED, "invalid": _("Adjon meg érvényes e-mail címet.")})


class AnnouncementCodeForm(forms.Form):
    request_number = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("A kapott kód"), max_length=6,
        help_text=_("A bejelentésben megadott képviselői e-mail címre küldött 6 jegyű kód."),
        error_messages={"required": _("Adja meg a kódot.")})


class InstitutionLinkForm(forms.Form):
    om_id = OmIdFormField(label=_("Az intézmény OM azonosítója"),
                          error_messages={"required": _("Adja meg az intézmény OM azonosítóját.")})
    valid_from = forms.DateField(label=_("Hatályos"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Az okirat szerinti hatály kezdete; üresen a mai nap."),
                                 error_messages={"invalid": str(ms.DATE_INVALID)})


class PasswordLetterForm(forms.Form):
    received_on = forms.DateField(
        label=_("Az írásbeli kérelem beérkezése"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Adja meg, mikor érkezett az írásbeli kérelem."),
                        "invalid": str(ms.DATE_INVALID)})
    reference = _text(_("Iktatószám vagy megjegyzés"), max_length=200)


class MaintainerSearchForm(forms.Form):
    q = _text(_("Fenntartó neve vagy azonosítója"), max_length=200)
