"""Words on the data-change pages (issue 18, item 4)."""

import pytest
from django.urls import reverse

from portal.changes.models import ChangeRequest, Kind, State
from portal.registry.schema import InstitutionRecord

pytestmark = pytest.mark.django_db


def start(head_client) -> ChangeRequest:
    assert head_client.get(reverse("changes:data_change")).status_code == 302
    return ChangeRequest.objects.get(kind=Kind.INSTITUTION_CHANGE, state=State.DRAFT)


def test_the_licence_tab_shows_no_english_label_for_its_hidden_key(head_client):
    change_request = start(head_client)
    response = head_client.get(reverse("changes:tab_licences", args=[change_request.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Key<" not in html and "Key" not in html.replace("KeyError", "")
    assert '<input type="hidden" name="licences-0-key"' in html


def test_the_site_status_page_of_a_data_change_is_not_headed_as_a_new_institution(head_client, school):
    change_request = start(head_client)
    member = InstitutionRecord.from_dict(change_request.payload).sites[1]
    response = head_client.get(reverse("changes:site_status", args=[change_request.pk, member.key]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Új intézmény bejelentése" not in html
    assert f"{school.name} ({school.om_id})" in html
