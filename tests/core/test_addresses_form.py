"""The address sub-form and the postal code lookup behind its settlement suggestion."""

import pytest
from django.urls import reverse

from portal.core.address_forms import AddressForm
from portal.core.addresses import (
    ERROR_FOREIGN_PART,
    ERROR_POSTAL_CODE_UNKNOWN,
    ERROR_SETTLEMENT_MISMATCH,
    ERROR_STREET_OR_LOT_REQUIRED,
    ERROR_STREET_TYPE_UNKNOWN,
    Address,
)
from tests.factories.reference import reference_places

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def places():
    reference_places()


def _post(prefix: str, **values) -> dict[str, str]:
    return {f"{prefix}-{name}": value for name, value in values.items()}


def test_it_gives_back_the_typed_address(client):
    form = AddressForm(_post("szekhely", country="Magyarország", postal_code="1055", settlement="budapest",
                             street_name="Kossuth Lajos", street_type="tér", house_number="1-3."),
                       prefix="szekhely")
    assert form.is_valid(), form.errors
    assert form.address == Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos",
                                   street_type="tér", house_number="1-3")


def test_it_works_twice_on_one_page_with_separate_errors():
    data = {**_post("szekhely", postal_code="1055", settlement="Budapest", lot_number="12"),
            **_post("szamlazas", postal_code="9999", settlement="Budapest", lot_number="12")}
    seat = AddressForm(data, prefix="szekhely")
    billing = AddressForm(data, prefix="szamlazas")
    assert seat.is_valid()
    assert not billing.is_valid()
    assert billing.errors == {"postal_code": [ERROR_POSTAL_CODE_UNKNOWN % {"code": "9999"}]}


def test_it_shows_the_message_on_the_field_and_keeps_what_was_typed():
    form = AddressForm(_post("cim", postal_code="1055", settlement="Debrecen", street_name="Piac",
                             street_type="utca", house_number="20", details="II. emelet"), prefix="cim")
    assert not form.is_valid()
    html = form.render()
    message = ERROR_SETTLEMENT_MISMATCH % {"code": "1055", "suggestions": "Budapest"}
    assert form.errors == {"settlement": [message]}
    assert message in html
    for typed in ['value="Debrecen"', 'value="Piac"', 'value="20"', 'value="II. emelet"',
                  '<option value="utca" selected>']:
        assert typed in html


def test_it_asks_for_a_street_or_a_lot_number():
    form = AddressForm(_post("cim", postal_code="1055", settlement="Budapest"), prefix="cim")
    assert form.errors == {"street_name": [ERROR_STREET_OR_LOT_REQUIRED]}


def test_it_rejects_hungarian_parts_of_a_foreign_address_on_each_field():
    form = AddressForm(_post("cim", country="Ausztria", postal_code="1010", details="Stephansplatz 1, 1010 Wien"),
                       prefix="cim")
    assert form.errors == {"postal_code": [ERROR_FOREIGN_PART]}


def test_it_accepts_a_foreign_address_with_country_and_details_only():
    form = AddressForm(_post("cim", country="ausztria", details="Stephansplatz 1, 1010 Wien"), prefix="cim")
    assert form.is_valid()
    assert form.address == Address(country="Ausztria", details="Stephansplatz 1, 1010 Wien")


def test_it_keeps_a_legacy_street_type_that_is_not_on_the_list():
    form = AddressForm(_post("cim", postal_code="1055", settlement="Budapest", street_name="Fő",
                             street_type="sikátor", house_number="1"), prefix="cim")
    assert form.errors == {"street_type": [ERROR_STREET_TYPE_UNKNOWN]}
    assert '<option value="sikátor" selected>' in form.render()


def test_it_renders_labelled_hungarian_fields_with_a_country_datalist():
    html = AddressForm(prefix="szekhely", legend="Székhely címe",
                       initial=Address(postal_code="1055", settlement="Budapest").to_dict()).render()
    for label in ["Ország", "Irányítószám", "Település", "Közterület neve", "Közterület jellege", "Házszám",
                  "Pontosítás", "Helyrajzi szám"]:
        assert f">{label}" in html
    assert '<label for="id_szekhely-postal_code">' in html
    assert '<legend>Székhely címe</legend>' in html
    assert 'list="id_szekhely-country_lista"' in html
    assert '<datalist id="id_szekhely-country_lista"><option value="Magyarország"></option>' in html
    assert '<datalist id="id_szekhely-settlement_lista"><option value="Budapest"></option>' in html
    assert 'value="Magyarország"' in html
    assert '<select name="szekhely-street_type"' in html


def test_it_brings_its_script_along():
    assert "portal/js/address.js" in str(AddressForm().media)


def test_it_answers_the_settlements_of_a_postal_code(client):
    response = client.get(reverse("core:postal_code_settlements", args=["7838"]))
    assert response.status_code == 200
    assert response.json() == {"postal_code": "7838", "settlements": ["Besence", "Hirics", "Vajszló"]}


@pytest.mark.parametrize("code", ["9999", "12", "abcd", "10555"])
def test_it_answers_an_empty_list_for_an_unknown_or_malformed_postal_code(client, code):
    response = client.get(reverse("core:postal_code_settlements", args=[code]))
    assert response.status_code == 200
    assert response.json()["settlements"] == []


def test_it_only_answers_reads(client):
    assert client.post(reverse("core:postal_code_settlements", args=["1055"])).status_code == 405
