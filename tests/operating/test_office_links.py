"""The office reaches an institution's relation counts and document pages from its dashboard and
from a request's page."""

import pytest
from django.urls import reverse

from portal.registry.views import INSTITUTION_NOT_FOUND
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_links_the_documents_and_asks_for_an_om_id(clerk_client):
    page = clerk_client.get(reverse("office:dashboard")).content.decode()
    assert f'href="{reverse("documents:office_list")}"' in page
    assert f'action="{reverse("registry:office_institution_go")}"' in page
    assert 'name="om_id"' in page and 'value="jogviszonyok"' in page and 'value="dokumentum"' in page


@pytest.mark.parametrize("target, name", [("jogviszonyok", "registry:office_relations"),
                                          ("dokumentum", "documents:office_register")])
def test_a_clerk_goes_from_the_om_id_to_the_institutions_page(clerk_client, school, target, name):
    response = clerk_client.get(reverse("registry:office_institution_go"), {"om_id": school.om_id, "cel": target})
    assert response.status_code == 302
    assert response["Location"] == reverse(name, args=[school.om_id])


def test_an_unknown_om_id_is_told_on_the_field(clerk_client, school):
    response = clerk_client.get(reverse("registry:office_institution_go"), {"om_id": "999999", "cel": "dokumentum"})
    assert response.status_code == 404
    assert str(INSTITUTION_NOT_FOUND) in response.content.decode() and 'value="999999"' in response.content.decode()


def test_the_om_id_lookup_is_for_clerks_only(head_client, school):
    response = head_client.get(reverse("registry:office_institution_go"), {"om_id": school.om_id})
    assert response.status_code == 403


def test_a_request_page_links_the_institutions_relations_and_documents(clerk_client, school):
    change_request = ChangeRequestFactory(institution=school, kind="institution_change", state="submitted")
    page = clerk_client.get(reverse("changes:office_detail", args=[change_request.pk])).content.decode()
    assert reverse("registry:office_relations", args=[school.om_id]) in page
    assert reverse("documents:office_register", args=[school.om_id]) in page


def test_a_new_institutions_request_has_no_institution_links_yet(clerk_client):
    change_request = ChangeRequestFactory(state="submitted")
    page = clerk_client.get(reverse("changes:office_detail", args=[change_request.pk])).content.decode()
    assert response_ok(page) and "/jogviszonyok/" not in page


def response_ok(page: str) -> bool:
    return "Kérelem letöltése" in page
