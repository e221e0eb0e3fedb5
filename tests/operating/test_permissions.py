"""Every operating page both ways: the institution's own people can; other roles and a district of
another region cannot."""

import pytest
from django.urls import reverse

from portal.changes import operating
from portal.registry.schema import InstitutionRecord
from tests.factories.accounts import (
    InstitutionUserFactory,
    MaintainerUserFactory,
)
from tests.factories.operating import district_login, district_with_institution, institution_user

pytestmark = pytest.mark.django_db

MODULE_PAGES = ["changes:data_change", "changes:request_list", "changes:institution_end",
                "documents:institution_list", "registry:id_cards", "registry:institution_home"]


@pytest.fixture
def districts():
    own, school, own_user = district_with_institution()
    other, other_school, other_user = district_with_institution()
    return {"school": school, "own_user": own_user, "other_school": other_school, "other_user": other_user}


@pytest.mark.parametrize("name", [n for n in MODULE_PAGES if n != "changes:data_change"])
def test_a_district_reaches_its_own_institution(client, districts, name):
    district_login(client, district_user=districts["own_user"], institution=districts["school"])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert districts["school"].name in response.content.decode()


def test_a_district_starts_a_data_change_of_its_own_institution(client, districts):
    district_login(client, district_user=districts["own_user"], institution=districts["school"])
    response = client.get(reverse("changes:data_change"))
    assert response.status_code == 302
    assert response["Location"].startswith("/kerelem/") and response["Location"].endswith("/alapadatok/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert districts["school"].name in page.content.decode()


@pytest.mark.parametrize("name", MODULE_PAGES)
def test_a_district_of_another_region_is_refused(client, districts, name):
    district_login(client, district_user=districts["other_user"], institution=districts["school"])
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", MODULE_PAGES)
def test_other_roles_are_refused(client, districts, name):
    client.force_login(MaintainerUserFactory())
    assert client.get(reverse(name)).status_code == 403


def test_a_district_guessing_another_institutions_request_url_gets_404(client, districts):
    owner = institution_user(districts["other_school"])
    change_request = operating.change_request_start_institution_change(
        institution=districts["other_school"], actor=owner)
    site = InstitutionRecord.from_dict(change_request.payload).sites[1]
    district_login(client, district_user=districts["own_user"], institution=districts["school"])
    for url in [reverse("changes:overview", args=[change_request.pk]),
                reverse("changes:tab_basic", args=[change_request.pk]),
                reverse("changes:pdf", args=[change_request.pk]),
                reverse("changes:site_status", args=[change_request.pk, site.key])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("changes:cancel", args=[change_request.pk])).status_code == 404
    assert client.post(reverse("changes:task_mark", args=[change_request.pk, site.key, site.tasks[0].key]),
                       {"mark": "delete"}).status_code == 404


def test_an_institution_user_cannot_open_another_institutions_request(client, districts):
    owner = institution_user(districts["other_school"])
    change_request = operating.change_request_start_institution_change(
        institution=districts["other_school"], actor=owner)
    client.force_login(institution_user(districts["school"]))
    assert client.get(reverse("changes:overview", args=[change_request.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("changes:overview", args=[change_request.pk])).status_code == 200


def test_a_user_without_the_module_right_is_refused_once_the_access_manager_exists(client, districts):
    pytest.importorskip("portal.access.decorators")
    client.force_login(InstitutionUserFactory(institution=districts["school"]))
    assert client.get(reverse("changes:data_change")).status_code == 403


def test_the_office_relation_page_is_for_clerks_only(client, districts):
    url = reverse("registry:office_relations", args=[districts["school"].om_id])
    district_login(client, district_user=districts["own_user"], institution=districts["school"])
    assert client.get(url).status_code == 403


def test_a_clerk_sets_relation_counts(clerk_client, districts):
    school = districts["school"]
    site = school.sites.get(number="002")
    url = reverse("registry:office_relations", args=[school.om_id])
    bad = clerk_client.post(url, {"site": site.pk, f"site{site.pk}-active_enrolments": "-1",
                                  f"site{site.pk}-active_employments": "x"})
    assert bad.status_code == 422 and "Nem negatív egész számot adjon meg." in bad.content.decode()
    clerk_client.post(url, {"site": site.pk, f"site{site.pk}-active_enrolments": "5",
                            f"site{site.pk}-active_employments": "2"})
    site.refresh_from_db()
    assert (site.active_enrolments, site.active_employments) == (5, 2)


REQUEST_PAGES = ["changes:overview", "changes:tab_basic", "changes:tab_predecessors", "changes:tab_licences",
                 "changes:tab_sites", "changes:tab_tasks", "changes:pdf", "documents:request_documents"]


@pytest.fixture
def data_change(districts):
    owner = institution_user(districts["school"])
    change_request = operating.change_request_start_institution_change(institution=districts["school"], actor=owner)
    return owner, change_request


@pytest.mark.parametrize("name", REQUEST_PAGES)
def test_the_request_pages_of_an_institution_need_the_module_right(client, districts, data_change, name):
    owner, change_request = data_change
    url = reverse(name, args=[change_request.pk])
    assert client.get(url).status_code == 302 and "/belepes" in client.get(url)["Location"]  # anonymous: login
    client.force_login(owner)
    assert client.get(url).status_code == 200
    colleague = InstitutionUserFactory(institution=districts["school"])  # the same school, no module right
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    client.force_login(MaintainerUserFactory())
    assert client.get(url).status_code == 403


def test_a_new_institutions_request_stays_reachable_without_login(client):
    from tests.factories.changes import ChangeRequestFactory

    change_request = ChangeRequestFactory()
    url = reverse("changes:tab_basic", args=[change_request.pk])
    assert client.get(url).status_code == 404  # not this browser's request
    session = client.session
    session["change_requests"] = [change_request.pk]
    session.save()
    assert client.get(url).status_code == 200
