"""Loading the reference geography: counties, settlements, postal codes, street types, countries."""

import io

import pytest
from django.core.management import call_command

from portal.core import selectors
from portal.core.models import Country, County, PostalCode, Settlement, StreetType

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (County, Settlement, PostalCode, StreetType, Country)}


def test_it_loads_the_whole_country_and_a_second_run_adds_nothing():
    call_command("load_reference", stdout=io.StringIO())
    first = _counts()
    call_command("load_reference", stdout=io.StringIO())

    assert _counts() == first
    assert first["County"] == 20
    assert first["Settlement"] > 3100
    assert first["PostalCode"] > 3500
    assert first["Country"] > 240


@pytest.fixture
def loaded():
    call_command("load_reference", stdout=io.StringIO())


def test_it_puts_hungary_first_among_countries(loaded):
    assert selectors.country_names()[:2] == ["Magyarország", "Afganisztán"]
    assert "Ausztria" in selectors.country_names()


def test_it_orders_street_types_by_how_often_the_posta_uses_them(loaded):
    names = selectors.street_type_names()
    assert names[:3] == ["utca", "út", "köz"]
    assert "hrsz" not in names and "hrsz." not in names
    assert names.index("lakótelep") > names.index("tér")  # listed, but not in the Posta's list


def test_it_writes_budapest_for_the_capitals_postal_codes(loaded):
    assert selectors.postal_code_settlement_names(code="1055") == ["Budapest"]
    district = Settlement.objects.get(postal_codes__code="1055")
    assert district.name == "Budapest 05. ker."
    assert district.county.name == "Budapest"


def test_it_knows_a_postal_code_serving_several_settlements_and_a_settlement_with_several_codes(loaded):
    assert len(selectors.postal_code_settlement_names(code="7838")) > 1
    ajka = Settlement.objects.get(name="Ajka")
    assert ajka.postal_codes.count() > 1
    assert ajka.postal_codes.filter(settlement_part="Ajkarendek").exists()
    assert ajka.district_name == "Ajkai"
    assert ajka.county.name == "Veszprém"
    assert ajka.legal_status == "város"


def test_it_records_each_load_that_changed_something_in_the_audit_log(loaded):
    from portal.core.models import AuditEntry

    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "reference.county.load", "reference.settlement.load", "reference.postal_code.load",
        "reference.street_type.load", "reference.country.load", "codelists.load",
    }
