"""Seed p. 6: predecessors have explicit add, edit and delete controls."""

import pytest

from portal.changes.models import ChangeRequest
from tests.changes.test_views import own
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def without_predecessors() -> ChangeRequest:
    change_request = ChangeRequestFactory()
    change_request.payload["predecessors"] = []
    change_request.save()
    return change_request


def predecessors(change_request) -> list[str]:
    return ChangeRequest.objects.get(pk=change_request.pk).payload["predecessors"]


def test_a_predecessor_is_added_edited_and_deleted_with_its_own_controls(client):
    change_request = own(client, without_predecessors())
    url = f"/kerelem/{change_request.pk}/jogelodok/"
    page = client.get(url).content.decode()
    assert "Nincs megadott jogelőd." in page and "Új jogelőd felvétele" in page
    assert client.post(url, {"action": "add", "om_id": "031234"}).url == url
    assert client.post(url, {"action": "add", "om_id": "031235"}).url == url
    assert predecessors(change_request) == ["031234", "031235"]
    page = client.get(url).content.decode()
    assert 'href="?modosit=1#jogelod-urlap">Módosítás' in page and "Törlés" in page
    editing = client.get(url + "?modosit=1").content.decode()
    assert "Jogelőd módosítása" in editing and 'value="031235"' in editing
    client.post(url, {"action": "edit", "index": "1", "om_id": "031236"})
    assert predecessors(change_request) == ["031234", "031236"]
    client.post(url, {"action": "delete", "index": "0"})
    assert predecessors(change_request) == ["031236"]


def test_an_empty_or_malformed_predecessor_is_refused_on_the_field(client):
    change_request = own(client, without_predecessors())
    url = f"/kerelem/{change_request.pk}/jogelodok/"
    empty = client.post(url, {"action": "add", "om_id": ""})
    assert empty.status_code == 422 and "Adja meg a jogelőd 6 jegyű OM azonosítóját." in empty.content.decode()
    bad = client.post(url, {"action": "add", "om_id": "12ab"})
    assert bad.status_code == 422 and 'value="12ab"' in bad.content.decode()
    assert predecessors(change_request) == []
