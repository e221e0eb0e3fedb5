"""Approved maintainer data in the public search: the page, the API, and a renamed maintainer's
institutions found by the new name."""

import pytest

from portal.changes import maintainer_services as services
from portal.changes.services import (
    change_request_approve,
    change_request_authenticate,
    change_request_submit,
)
from portal.registry import maintainer_schema as ms
from portal.registry.models import Institution
from tests.factories.accounts import OfficeUserFactory
from tests.factories.maintainers import maintainer_record, maintainer_types
from tests.factories.reference import reference_places
from tests.factories.registry import registered_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(places):
    reference_places()
    maintainer_types()
    return OfficeUserFactory(username="hivatali.hanna")


def _decided(change_request, clerk, actor=None):
    change_request = change_request_submit(change_request=change_request, actor=actor)
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    return change_request_approve(change_request=change_request, actor=clerk)


@pytest.fixture
def town(clerk):
    """Példaváros, registered through an approved request, maintaining a kindergarten in Győr."""
    maintainer = _decided(services.maintainer_request_start_new(record=maintainer_record()), clerk).maintainer
    registered_institution(name="Győri Pitypang Óvoda", om_id="030002", maintainer=maintainer,
                           base_task="ovodai-neveles", institution_type="ovoda")
    return maintainer


def _rename(maintainer, clerk, name: str, *, approve: bool = True):
    record = ms.from_register(maintainer)
    record.name = name
    user = maintainer.users.get()
    change_request = services.maintainer_change_save(maintainer=maintainer, record=record, actor=user)
    if approve:
        _decided(change_request, clerk, actor=user)
    return change_request


def test_it_shows_the_approved_maintainer_data_with_its_institutions(client, town):
    page = client.get(f"/kereses/fenntarto/{town.maintainer_id}/").content.decode()
    assert "<h1>Példaváros Önkormányzata</h1>" in page
    record = ms.from_register(town)
    for label, value in record.rows(ms.maintainer_types()):
        if value:
            assert value in page, label
    assert "Győri Pitypang Óvoda" in page and 'href="/kereses/intezmeny/030002/"' in page
    assert record.representative.email not in page  # the representative's own contacts are not public


def test_it_never_shows_a_maintainers_pending_change(client, town, clerk):
    _rename(town, clerk, "Titkosváros Önkormányzata", approve=False)
    page = client.get(f"/kereses/fenntarto/{town.maintainer_id}/").content.decode()
    assert "Titkosváros" not in page and "Példaváros Önkormányzata" in page
    assert client.get("/kereses/", {"q": "titkosvaros"}).context["results"].total == 0


def test_it_finds_the_institutions_by_the_maintainers_new_name_once_the_rename_is_approved(client, town, clerk):
    assert client.get("/kereses/", {"q": "peldavaros"}).context["results"].total == 1
    _rename(town, clerk, "Újpéldaváros Városi Önkormányzat")
    kindergarten = Institution.objects.get(om_id="030002")
    assert "ujpeldavaros varosi onkormanyzat" in kindergarten.search_text
    assert kindergarten.search_text.startswith("gyori pitypang ovoda")
    results = client.get("/kereses/", {"q": "ujpeldavaros"}).context["results"]
    assert [r.name for r in results.items] == ["Győri Pitypang Óvoda"]
    assert results.items[0].maintainer_name == "Újpéldaváros Városi Önkormányzat"
    assert client.get("/kereses/", {"q": "peldavaros onkormanyzata"}).context["results"].total == 0


def test_it_returns_the_approved_maintainer_record_from_the_api(client, town):
    detail = client.get(f"/api/maintainers/{town.maintainer_id}").json()
    assert detail["name"] == "Példaváros Önkormányzata" and detail["institutions"] == ["030002"]
    assert (detail["tax_number"], detail["pir"]) == (town.tax_number, town.pir) != ("", "")
    assert set(detail["representative"]) == {"name", "position"}
    listed = client.get("/api/maintainers", {"maintainer_type": "telepulesi-onkormanyzat"}).json()["items"]
    assert [(m["maintainer_id"], m["pir"]) for m in listed] == [(town.maintainer_id, town.pir)]


def test_it_answers_404_for_an_unknown_or_malformed_maintainer_id(client, town):
    for maintainer_id in ["99999999", "1234", "abcdefgh"]:
        assert client.get(f"/kereses/fenntarto/{maintainer_id}/").status_code == 404
