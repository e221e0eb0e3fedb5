"""Form and model fields for the Hungarian identifiers of ``portal.core.identifiers``.

Form fields normalise what was typed (``to_python``), validate it with the identifier's Hungarian
messages and show a valid value in its readable form; an invalid value is shown exactly as typed.
Model fields store the normalised canonical form (digits only, ``+36...`` for phone numbers).
"""

from django import forms
from django.db import models

from portal.core import identifiers as ids

NUMERIC_INPUT = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


class IdentifierFormField(forms.CharField):
    """A text field for one identifier; subclasses name the identifier's three functions."""

    normalise = staticmethod(str)
    validate_identifier = staticmethod(lambda value: None)
    format = staticmethod(str)
    input_attrs: dict[str, str] = NUMERIC_INPUT

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)  # typed values may hold spaces, dashes, +36 or HU..
        kwargs.pop("min_length", None)
        super().__init__(**kwargs)
        self.validators.append(self.validate_identifier)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value) if value not in self.empty_values else value

    def prepare_value(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return value
        canonical = self.normalise(value)
        if ids.is_valid(self.validate_identifier, canonical):
            return self.format(canonical)
        return value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **self.input_attrs}


class TaxNumberFormField(IdentifierFormField):
    normalise = staticmethod(ids.tax_number_normalise)
    validate_identifier = staticmethod(ids.tax_number_validate)
    format = staticmethod(ids.tax_number_format)


class StatisticalNumberFormField(IdentifierFormField):
    normalise = staticmethod(ids.statistical_number_normalise)
    validate_identifier = staticmethod(ids.statistical_number_validate)
    format = staticmethod(ids.statistical_number_format)


class BankAccountNumberFormField(IdentifierFormField):
    normalise = staticmethod(ids.bank_account_number_normalise)
    validate_identifier = staticmethod(ids.bank_account_number_validate)
    format = staticmethod(ids.bank_account_number_format)
    # IBANs start with HU, so no numeric keyboard here.
    input_attrs = {"autocomplete": "off", "spellcheck": "false"}


class OmIdFormField(IdentifierFormField):
    normalise = staticmethod(ids.om_id_normalise)
    validate_identifier = staticmethod(ids.om_id_validate)
    format = staticmethod(ids.om_id_format)


class PirFormField(IdentifierFormField):
    normalise = staticmethod(ids.pir_normalise)
    validate_identifier = staticmethod(ids.pir_validate)
    format = staticmethod(ids.pir_format)


class MaintainerIdFormField(IdentifierFormField):
    normalise = staticmethod(ids.maintainer_id_normalise)
    validate_identifier = staticmethod(ids.maintainer_id_validate)
    format = staticmethod(ids.maintainer_id_format)


class PostalCodeFormField(IdentifierFormField):
    normalise = staticmethod(ids.postal_code_normalise)
    validate_identifier = staticmethod(ids.postal_code_validate)
    format = staticmethod(ids.postal_code_format)
    input_attrs = {"inputmode": "numeric", "autocomplete": "postal-code", "spellcheck": "false"}


class EmailFormField(IdentifierFormField):
    """A text input (not type=email), so the browser never replaces our Hungarian message."""

    normalise = staticmethod(ids.email_normalise)
    validate_identifier = staticmethod(ids.email_validate)
    format = staticmethod(ids.email_format)
    input_attrs = {
        "inputmode": "email",
        "autocomplete": "email",
        "autocapitalize": "none",
        "spellcheck": "false",
    }


class PhoneNumberFormField(IdentifierFormField):
    widget = forms.TextInput(attrs={"type": "tel"})
    normalise = staticmethod(ids.phone_number_normalise)
    validate_identifier = staticmethod(ids.phone_number_validate)
    format = staticmethod(ids.phone_number_format)
    input_attrs = {"autocomplete": "tel", "spellcheck": "false"}


class IdentifierField(models.CharField):
    """Stores the canonical form; values assigned in another form are normalised on save."""

    form_class: type[IdentifierFormField] = IdentifierFormField
    canonical_length = 0

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.canonical_length)
        super().__init__(*args, **kwargs)

    @property
    def default_validators(self):  # the identifier's own check, never serialised in migrations
        return [self.form_class.validate_identifier]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == self.canonical_length:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return self.form_class.normalise(value) if value else value

    def get_prep_value(self, value):
        return self.to_python(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class TaxNumberField(IdentifierField):
    form_class = TaxNumberFormField
    canonical_length = 11


class StatisticalNumberField(IdentifierField):
    form_class = StatisticalNumberFormField
    canonical_length = 17


class BankAccountNumberField(IdentifierField):
    form_class = BankAccountNumberFormField
    canonical_length = 24


class OmIdField(IdentifierField):
    form_class = OmIdFormField
    canonical_length = 6


class PirField(IdentifierField):
    form_class = PirFormField
    canonical_length = 6


class MaintainerIdField(IdentifierField):
    form_class = MaintainerIdFormField
    canonical_length = 8


class PostalCodeField(IdentifierField):
    form_class = PostalCodeFormField
    canonical_length = 4


class EmailField(IdentifierField):
    form_class = EmailFormField
    canonical_length = 254


class PhoneNumberField(IdentifierField):
    form_class = PhoneNumberFormField
    canonical_length = 12
