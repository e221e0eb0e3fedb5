from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.fields import BankAccountNumberFormField, EmailFormField, PhoneNumberFormField

from .schema import MISSING, SHORT_NAME_MAX, validate_name

SHORT_NAME_TOO_LONG = _("A rövid név legfeljebb 32 karakter lehet.")


class IdCardForm(forms.Form):
    """"Oktatási igazolványokkal kapcsolatos adatok" of one site (seed p. 23)."""

    short_name = forms.CharField(
        label=_("Rövid név"), required=True, help_text=_(
            "A hivatalos névből képzett, legfeljebb 32 karakter hosszúságú megnevezés, amely a "
            "diákigazolványon és a pedagógusigazolványon szerepel."),
        error_messages={"required": str(MISSING)}, validators=[validate_name])
    billing_name = forms.CharField(label=_("Számlázási név"), required=False, max_length=300,
                                   validators=[validate_name])
    bank_account = BankAccountNumberFormField(
        label=_("Bankszámlaszám"), required=False,
        help_text=_("XXXXXXXX-XXXXXXXX vagy XXXXXXXX-XXXXXXXX-XXXXXXXX"))
    admin_name = forms.CharField(label=_("Diákigazolvány ügyintéző neve"), required=True, max_length=200,
                                 error_messages={"required": str(MISSING)}, validators=[validate_name])
    admin_phone = PhoneNumberFormField(label=_("Ügyintéző telefonszáma"), required=False)
    admin_email = EmailFormField(label=_("Ügyintéző e-mail címe"), required=False)

    def __init__(self, *args, own_billing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_billing = own_billing
        self.address_forms = {}
        if own_billing:
            from portal.core.address_forms import AddressForm

            from .schema import _address

            self.address_forms["billing_address"] = AddressForm(
                self.data if self.is_bound else None, prefix="billing_address", legend=_("Számlázási cím"),
                initial=_address(self.initial.get("billing_address")))
            self.fields["billing_name"].required = True
            self.fields["billing_name"].error_messages["required"] = str(MISSING)
        else:
            for name in ("billing_name", "bank_account"):
                del self.fields[name]

    def clean_short_name(self):
        value = self.cleaned_data["short_name"].strip()
        if len(value) > SHORT_NAME_MAX:
            raise forms.ValidationError(SHORT_NAME_TOO_LONG)
        return value

    def is_valid(self) -> bool:
        return all([super().is_valid()] + [f.is_valid() for f in self.address_forms.values()])

    @property
    def address_errors_any(self) -> bool:
        return any(f.errors for f in self.address_forms.values())

    def to_data(self) -> dict:
        data = {k: (v or "") for k, v in self.cleaned_data.items()}
        if "billing_address" in self.address_forms:
            data["billing_address"] = self.address_forms["billing_address"].address.to_dict()
        return data


class RelationCountForm(forms.Form):
    active_enrolments = forms.IntegerField(label=_("Aktív gyermek/tanulói jogviszonyok"), min_value=0,
                                           error_messages={"invalid": _("Nem negatív egész számot adjon meg."),
                                                           "min_value": _("Nem negatív egész számot adjon meg."),
                                                           "required": str(MISSING)})
    active_employments = forms.IntegerField(label=_("Aktív alkalmazotti jogviszonyok"), min_value=0,
                                            error_messages={"invalid": _("Nem negatív egész számot adjon meg."),
                                                            "min_value": _("Nem negatív egész számot adjon meg."),
                                                            "required": str(MISSING)})


class OfficeInstitutionForm(forms.Form):
    om_id = forms.CharField(label=_("Intézmény OM azonosítója"), max_length=6,
                            error_messages={"required": str(MISSING)})
