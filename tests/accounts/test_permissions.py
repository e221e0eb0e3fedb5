import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.decorators import MASTER_REFUSED, NO_ACTING_INSTITUTION, OFFICE_ONLY
from portal.accounts.selectors import acting_institution, user_may_act_for_institution
from tests.factories.accounts import (
    PASSWORD,
    DistrictUserFactory,
    InstitutionUserFactory,
    LearnerFactory,
    MaintainerUserFactory,
    MasterFactory,
    OfficeUserFactory,
)
from tests.factories.registry import InstitutionFactory, SchoolDistrictFactory

from .conftest import shows
from .test_login import totp_now

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]


def test_it_refuses_the_master_identity_every_module(client):
    head = MasterFactory()
    client.force_login(head)
    response = client.get("/teszt/modul/")
    assert response.status_code == 403
    assert shows(response, MASTER_REFUSED)
    assert client.get("/teszt/mester/").status_code == 200


def test_it_lets_a_staff_member_into_modules_but_not_the_access_manager(client):
    staff = InstitutionUserFactory()
    client.force_login(staff)
    assert client.get("/teszt/modul/").status_code == 200
    assert client.get("/teszt/mester/").status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/teszt/modul/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:choose"))
    assert "next=/teszt/modul/" in response.url


def test_it_gives_an_institution_view_the_institution_acted_for(client):
    staff = InstitutionUserFactory()
    client.force_login(staff)
    assert client.get("/teszt/intezmeny/").content.decode() == f"intézmény:{staff.institution.om_id}"


def test_it_refuses_an_institution_view_to_a_maintainer(client):
    client.force_login(MaintainerUserFactory())
    response = client.get("/teszt/intezmeny/")
    assert response.status_code == 403
    assert shows(response, NO_ACTING_INSTITUTION)


def test_it_gives_a_district_the_institution_chosen_at_login(client):
    district = SchoolDistrictFactory()
    school = InstitutionFactory(maintainer=district)
    clerk = DistrictUserFactory(maintainer=district)
    client.post(reverse("accounts:login_district"), {
        "om_id": school.om_id, "username": clerk.username, "password": PASSWORD, "district": "on"})
    assert client.get("/teszt/intezmeny/").content.decode() == f"intézmény:{school.om_id}"


def test_it_checks_who_may_act_for_an_institution_both_ways():
    district = SchoolDistrictFactory()
    other_district = SchoolDistrictFactory()
    school = InstitutionFactory(maintainer=district)
    staff = InstitutionUserFactory(institution=school)
    outsider_staff = InstitutionUserFactory()
    assert user_may_act_for_institution(staff, school)
    assert not user_may_act_for_institution(outsider_staff, school)
    assert user_may_act_for_institution(DistrictUserFactory(maintainer=district), school)
    assert not user_may_act_for_institution(DistrictUserFactory(maintainer=other_district), school)
    assert not user_may_act_for_institution(LearnerFactory(), school)
    assert not user_may_act_for_institution(staff, None)


def test_it_forgets_a_district_institution_it_no_longer_maintains(client):
    district = SchoolDistrictFactory()
    school = InstitutionFactory(maintainer=district)
    clerk = DistrictUserFactory(maintainer=district)
    request = RequestFactory().get("/")
    request.user = clerk
    request.session = {"acting_institution_id": school.pk}
    assert acting_institution(request) == school
    school.maintainer = SchoolDistrictFactory()
    school.save()
    assert acting_institution(request) is None


def test_it_lets_only_a_verified_office_clerk_into_office_pages(client):
    clerk = OfficeUserFactory(username="toth.anna")
    device = TOTPDevice.objects.create(user=clerk, name="telefon", confirmed=True)
    client.force_login(clerk)  # password only, no second factor
    response = client.get("/teszt/hivatal/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login_office"))
    client.logout()
    client.post(reverse("accounts:login_office"), {"username": "toth.anna", "password": PASSWORD})
    client.post(reverse("accounts:login_office_verify"), {"otp_token": totp_now(device)})
    assert client.get("/teszt/hivatal/").status_code == 200


def test_it_refuses_office_pages_to_other_roles(client):
    client.force_login(InstitutionUserFactory())
    response = client.get("/teszt/hivatal/")
    assert response.status_code == 403
    assert shows(response, OFFICE_ONLY)


def test_it_shows_who_you_are_and_for_what_you_act_on_the_profile(client):
    district = SchoolDistrictFactory(name="Győri Tankerületi Központ")
    school = InstitutionFactory(maintainer=district, name="Győri Gárdonyi Géza Általános Iskola")
    clerk = DistrictUserFactory(maintainer=district, full_name="Nagy Péter")
    client.post(reverse("accounts:login_district"), {
        "om_id": school.om_id, "username": clerk.username, "password": PASSWORD, "district": "on"})
    text = client.get(reverse("accounts:profile")).content.decode()
    for words in ["Saját adatok", "Nagy Péter", "Tankerületi felhasználó", "Győri Tankerületi Központ",
                  "Győri Gárdonyi Géza Általános Iskola"]:
        assert words in text
