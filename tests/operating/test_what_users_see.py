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


def test_an_approved_request_shows_its_decision_history_not_the_old_reopen_reason(head_client, head, clerk):
    from django.utils import timezone

    from portal.changes import services
    from tests.operating.test_data_change import approve, change_and_submit

    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    services.change_request_reopen(change_request=change_request, actor=clerk, reason="Hiányzik a dátum.")
    change_request.refresh_from_db()
    approve(services.change_request_submit(change_request=change_request, actor=head), clerk)
    overview = head_client.get(reverse("changes:overview", args=[change_request.pk])).content.decode()
    today = timezone.localdate().strftime("%Y.%m.%d.")
    assert "Döntés indoka" not in overview
    history = overview[overview.index('<ol class="decision-history">'):]
    history = history[:history.index("</ol>")]
    assert history.index("visszanyitott. Indoka: Hiányzik a dátum.") < history.index("átvezetett")
    assert history.count(today) == 2
    listing = head_client.get(reverse("changes:request_list")).content.decode()
    assert "Hiányzik a dátum." not in listing


def test_the_office_detail_shows_the_decision_history(head_client, head, clerk):
    from django.test import Client

    from portal.changes import services
    from tests.conftest import office_login
    from tests.operating.test_data_change import change_and_submit

    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    services.change_request_reopen(change_request=change_request, actor=clerk, reason="Hiányzik a dátum.")
    office = Client()
    office_login(office, clerk)
    response = office.get(f"/hivatal/kerelmek/{change_request.pk}/")
    assert response.status_code == 200
    assert "visszanyitott. Indoka: Hiányzik a dátum." in response.content.decode()
