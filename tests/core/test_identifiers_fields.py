"""The identifier form fields (what the applicant sees) and model fields (what is stored)."""

import pytest
from django import forms
from django.db import connection, models
from django.template.loader import render_to_string
from django.test.utils import isolate_apps

from portal.core import fields
from portal.core import identifiers as ids


class MaintainerForm(forms.Form):
    tax_number = fields.TaxNumberFormField(label="Adószám")
    statistical_number = fields.StatisticalNumberFormField(label="Statisztikai számjel")
    bank_account_number = fields.BankAccountNumberFormField(label="Bankszámlaszám")
    postal_code = fields.PostalCodeFormField(label="Irányítószám")
    email = fields.EmailFormField(label="E-mail-cím")
    phone_number = fields.PhoneNumberFormField(label="Telefonszám", required=False)

    def clean(self):
        cleaned = super().clean()
        try:
            ids.statistical_number_check_tax_number(
                cleaned.get("statistical_number", ""), cleaned.get("tax_number", "")
            )
        except forms.ValidationError as error:
            self.add_error("statistical_number", error)
        return cleaned


GOOD = {
    "tax_number": "15300014 2 41",
    "statistical_number": "15300014-8411-321-01",
    "bank_account_number": "10032000 01076349",
    "postal_code": "1055",
    "email": "Hivatal@Pelda.HU",
    "phone_number": "06 1 234 5678",
}


def test_it_gives_the_applicant_canonical_values_from_what_they_typed():
    form = MaintainerForm(data=GOOD)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "tax_number": "15300014241",
        "statistical_number": "15300014841132101",
        "bank_account_number": "1003200001076349",
        "postal_code": "1055",
        "email": "hivatal@pelda.hu",
        "phone_number": "+3612345678",
    }


def test_it_shows_the_applicant_the_hungarian_message_and_keeps_what_they_typed():
    typed = "24225221-9-43 "
    form = MaintainerForm(data={**GOOD, "tax_number": typed})
    assert not form.is_valid()
    assert form.errors["tax_number"] == [str(ids.TAX_NUMBER_VAT_CODE)]
    assert f'value="{typed}"' in str(form["tax_number"])


def test_it_shows_a_valid_number_in_its_familiar_form_when_the_form_comes_back():
    form = MaintainerForm(data={**GOOD, "email": "nem-email"})
    assert not form.is_valid()
    assert form.errors["email"] == [str(ids.EMAIL_FORMAT)]
    assert 'value="15300014-2-41"' in str(form["tax_number"])
    assert 'value="+36 1 234 5678"' in str(form["phone_number"])
    assert 'value="nem-email"' in str(form["email"])


def test_it_shows_the_stored_canonical_value_formatted():
    form = MaintainerForm(initial={"bank_account_number": "109180010000041626260018"})
    assert 'value="10918001-00000416-26260018"' in str(form["bank_account_number"])


def test_it_tells_the_applicant_when_the_statistical_number_belongs_to_another_tax_number():
    form = MaintainerForm(data={**GOOD, "statistical_number": "15300021-8411-321-01"})
    assert not form.is_valid()
    assert form.errors["statistical_number"] == [str(ids.STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH)]


def test_it_asks_for_a_missing_required_number_and_accepts_a_blank_optional_one():
    form = MaintainerForm(data={**GOOD, "tax_number": "  ", "phone_number": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["tax_number"]
    assert form.cleaned_data["phone_number"] == ""


def test_it_offers_the_right_keyboard_and_autofill():
    form = MaintainerForm()
    tax_input = str(form["tax_number"])
    assert 'inputmode="numeric"' in tax_input and "maxlength" not in tax_input
    assert 'autocomplete="postal-code"' in str(form["postal_code"])
    assert 'type="text"' in str(form["email"]) and 'autocomplete="email"' in str(form["email"])
    assert 'type="tel"' in str(form["phone_number"])
    assert 'autocomplete="tel"' in str(form["phone_number"])


MODEL_FIELDS = [
    (fields.TaxNumberField, fields.TaxNumberFormField, 11),
    (fields.StatisticalNumberField, fields.StatisticalNumberFormField, 17),
    (fields.BankAccountNumberField, fields.BankAccountNumberFormField, 24),
    (fields.OmIdField, fields.OmIdFormField, 6),
    (fields.PirField, fields.PirFormField, 6),
    (fields.MaintainerIdField, fields.MaintainerIdFormField, 8),
    (fields.PostalCodeField, fields.PostalCodeFormField, 4),
    (fields.EmailField, fields.EmailFormField, 254),
    (fields.PhoneNumberField, fields.PhoneNumberFormField, 12),
]


@pytest.mark.parametrize(("model_field", "form_field", "length"), MODEL_FIELDS)
def test_it_writes_migrations_without_repeating_the_defaults(model_field, form_field, length):
    field = model_field(blank=True)
    name, path, args, kwargs = field.deconstruct()
    assert path == f"portal.core.fields.{model_field.__name__}"
    assert kwargs == {"blank": True}
    rebuilt = model_field(*args, **kwargs)
    assert rebuilt.max_length == length
    assert isinstance(rebuilt.formfield(), form_field)


def test_it_cleans_a_model_value_with_the_hungarian_message():
    field = fields.TaxNumberField()
    assert field.clean("24225221-2-43", None) == "24225221243"
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("24225221-2-99", None)
    assert caught.value.messages == [str(ids.TAX_NUMBER_COUNTY_CODE)]


@isolate_apps("portal.core")
@pytest.mark.django_db(transaction=True)
def test_it_stores_and_finds_the_canonical_form_whatever_was_assigned():
    class Body(models.Model):
        tax_number = fields.TaxNumberField()
        phone_number = fields.PhoneNumberField(blank=True)

        class Meta:
            app_label = "core"

    with connection.schema_editor() as editor:
        editor.create_model(Body)
    try:
        body = Body.objects.create(tax_number="15300014-2-41", phone_number="06 30 123 4567")
        assert body.tax_number == "15300014241"
        assert Body.objects.get(tax_number="15300014-2-41").phone_number == "+36301234567"
        assert Body.objects.filter(phone_number="+36 30 123 4567").exists()
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Body)


@isolate_apps("portal.core")
def test_it_gives_model_forms_the_identifier_form_field():
    class Site(models.Model):
        postal_code = fields.PostalCodeField()

        class Meta:
            app_label = "core"

    SiteForm = forms.modelform_factory(Site, fields=["postal_code"])
    form = SiteForm(data={"postal_code": "1000"})
    assert not form.is_valid()
    assert form.errors["postal_code"] == [str(ids.POSTAL_CODE_UNKNOWN)]
    assert SiteForm(data={"postal_code": " 1055 "}).is_valid()


def test_it_renders_the_message_next_to_the_field_with_the_typed_value():
    typed = "24225222-2-43"
    form = MaintainerForm(data={**GOOD, "tax_number": typed})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["tax_number"]})
    assert str(ids.TAX_NUMBER_CHECK_DIGIT) in html
    assert 'id="id_tax_number_error"' in html
    assert f'value="{typed}"' in html
