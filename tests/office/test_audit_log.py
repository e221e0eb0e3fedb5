import pytest
from django.urls import reverse

from portal.accounts.decorators import OFFICE_ONLY
from portal.core.audit import audit_record
from tests.factories.accounts import InstitutionUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(clerk_user):
    audit_record(action="change_request.approve", actor=clerk_user, data={"om_id": "030521"})
    audit_record(action="account.password_change", actor=clerk_user)


def test_it_shows_a_clerk_who_did_what(clerk_client, entries):
    response = clerk_client.get(reverse("office:audit_log"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "change_request.approve" in text and "account.password_change" in text
    assert "Kovács Klára" in text


def test_it_filters_by_the_start_of_the_action_name(clerk_client, entries):
    response = clerk_client.get(reverse("office:audit_log"), {"action": "change_request"})
    text = response.content.decode()
    assert "change_request.approve" in text
    assert "account.password_change" not in text


def test_it_keeps_an_overlong_filter_on_the_field_instead_of_failing(clerk_client, entries):
    response = clerk_client.get(reverse("office:audit_log"), {"action": "x" * 500, "oldal": "abc"})
    assert response.status_code == 200
    assert "x" * 500 in response.content.decode()


def test_it_refuses_the_log_to_a_head_of_school(client, entries):
    client.force_login(InstitutionUserFactory())
    response = client.get(reverse("office:audit_log"))
    assert response.status_code == 403
    assert str(OFFICE_ONLY) in response.content.decode()


def test_it_sends_an_anonymous_visitor_to_the_office_login(client):
    response = client.get(reverse("office:audit_log"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login_office"))


def test_it_starts_a_clerk_on_the_office_dashboard(clerk_client):
    response = clerk_client.get(reverse("core:home"))
    assert response.url == reverse("office:dashboard")
    assert "Napló" in clerk_client.get(response.url).content.decode()
