"""Addresses of a request are entered with the shared address form and checked with the shared rules."""

import pytest

from portal.changes import services
from portal.core import addresses
from portal.registry import schema
from portal.registry.schema import InstitutionRecord
from tests.changes.test_views import own
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def site_post(change_request, **address):
    site = change_request.payload["sites"][0]
    data = {"kind": "seat", "contact_name": "Kovács Péter", "contact_email": "kovacs@iskola.hu",
            "admin_head_name": "Nagy Béla", "admin_head_email": "nagy@iskola.hu"}
    for key, value in address.items():
        data[f"address-{key}"] = value
    return f"/kerelem/{change_request.pk}/feladatellatasi-helyek/{site['key']}/", data


def test_the_site_page_offers_the_shared_address_form(client):
    change_request = own(client, ChangeRequestFactory())
    url, _data = site_post(change_request)
    page = client.get(url).content.decode()
    assert 'name="address-postal_code"' in page and 'name="admin_billing_address-street_type"' in page
    assert '<option value="utca"' in page  # the street type list
    assert 'list="id_address-country_lista"' in page  # the country type-ahead
    assert "address.js" in page


def test_it_saves_a_site_address_as_the_address_value_object(client):
    change_request = own(client, ChangeRequestFactory())
    url, data = site_post(change_request, country="magyarország", postal_code="9021", settlement="győr",
                          street_name="Baross Gábor", street_type="út", house_number="5")
    assert client.post(url, data).status_code == 302
    change_request.refresh_from_db()
    assert change_request.payload["sites"][0]["address"] == {
        "country": "Magyarország", "postal_code": "9021", "settlement": "Győr", "street_name": "Baross Gábor",
        "street_type": "út", "house_number": "5", "details": "", "lot_number": ""}


def test_a_draft_may_leave_the_address_incomplete_but_not_wrong(client):
    change_request = own(client, ChangeRequestFactory())
    url, data = site_post(change_request, postal_code="9021")
    assert client.post(url, data).status_code == 302  # the rest is asked for on submit
    url, data = site_post(change_request, postal_code="9021", settlement="Debrecen", street_name="Fő")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A település nem egyezik az irányítószámmal." in page and 'value="Fő"' in page
    assert 'href="#id_address-settlement"' in page  # in the error summary


def test_the_licence_tab_embeds_one_address_form_per_licence(client):
    change_request = own(client, ChangeRequestFactory())
    url = f"/kerelem/{change_request.pk}/mukodesi-engedelyek/"
    licence = change_request.payload["licences"][0]
    data = {"licences-TOTAL_FORMS": "2", "licences-INITIAL_FORMS": "1", "licences-MIN_NUM_FORMS": "0",
            "licences-MAX_NUM_FORMS": "1000", "licences-0-issuer": licence["issuer"],
            "licences-0-place": "Győr", "licences-0-issued_on": "2024-06-01",
            "licences-0-decision_number": "GY/1", "licences-0-operation_start": "2024-09-01",
            "licences-0-key": licence["key"], "licences-0-issuer_address-postal_code": "1234"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A(z) 1234 irányítószám nem szerepel a posta jegyzékében." in response.content.decode()
    data["licences-0-issuer_address-postal_code"] = "9021"
    data["licences-0-issuer_address-settlement"] = "Győr"
    assert client.post(url, data).status_code == 302
    change_request.refresh_from_db()
    assert change_request.payload["licences"][0]["issuer_address"]["postal_code"] == "9021"
    assert len(change_request.payload["licences"]) == 1  # the untouched extra form adds nothing


def test_submit_checks_addresses_with_the_shared_rules_and_links_to_the_field(client):
    change_request = own(client, ChangeRequestFactory(sites=3))
    payload = change_request.payload
    payload["sites"][2]["address"]["settlement"] = "Debrecen"
    payload["founder_seat"]["street_type"] = "sikátorka"
    change_request.save()
    response = client.post(f"/kerelem/{change_request.pk}/bekuldes/")
    page = response.content.decode()
    key = payload["sites"][2]["key"]
    assert response.status_code == 422
    assert f'/feladatellatasi-helyek/{key}/#id_address-settlement"' in page
    assert "Feladatellátási hely címe: Település" in page
    assert '/alapadatok/#id_founder_seat-street_type"' in page
    assert str(addresses.ERROR_STREET_TYPE_UNKNOWN) in page


def test_a_stored_country_code_reads_as_the_country_name():
    record = InstitutionRecord.from_dict({"founder_seat": {"country": "HU", "postal_code": "9021"},
                                          "sites": [{"address": {"country": "AT", "details": "Wien"}}]})
    assert record.founder_seat["country"] == "Magyarország"
    assert record.sites[0].address["country"] == "Ausztria"


def test_validation_reads_the_address_reference_once_whatever_the_number_of_sites(
    django_assert_max_num_queries,
):
    from portal.registry.codes import codebook_from_files

    codes = codebook_from_files()
    from tests.factories.changes import complete_record

    record = complete_record(sites=30, tasks_per_site=1)
    with django_assert_max_num_queries(3):
        assert record.validate(codes=codes) == []


def test_a_legacy_free_text_address_asks_for_the_street_data():
    from portal.registry.codes import codebook_from_files
    from tests.factories.changes import complete_record

    record = complete_record()
    record.sites[0].address = {"country": "HU", "postal_code": "9021", "settlement": "Győr",
                               "details": "Kossuth u. 1."}
    problems = [(p.field, p.message) for p in record.validate(codes=codebook_from_files())]
    assert problems == [(f"address-{name}", str(schema.LEGACY_ADDRESS))
                        for name in ("street_name", "street_type", "house_number")]


def test_a_foreign_address_may_only_have_details():
    from portal.registry.codes import codebook_from_files
    from tests.factories.changes import complete_record

    record = complete_record()
    record.founder_seat = {"country": "Ausztria", "postal_code": "1010", "details": ""}
    problems = {(p.field, p.message) for p in record.validate(codes=codebook_from_files())}
    assert problems == {("founder_seat-postal_code", str(addresses.ERROR_FOREIGN_PART)),
                        ("founder_seat-details", str(addresses.ERROR_FOREIGN_DETAILS_REQUIRED))}


def test_the_submit_validation_service_reports_the_shared_rules(client):
    change_request = ChangeRequestFactory()
    change_request.payload["sites"][0]["address"]["postal_code"] = "9999"
    change_request.save()
    problems = services.change_request_validate(change_request=change_request)
    assert [p.field for p in problems] == ["address-postal_code"]
