import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import forms
from portal.accounts.selectors import ACTING_INSTITUTION_SESSION_KEY
from tests.factories.accounts import (
    PASSWORD,
    DistrictUserFactory,
    InstitutionUserFactory,
    LearnerFactory,
    MaintainerUserFactory,
    MasterFactory,
    NotaryFactory,
    OfficeUserFactory,
    TrainingOfficeFactory,
)
from tests.factories.registry import InstitutionFactory, SchoolDistrictFactory

from .conftest import shows

pytestmark = pytest.mark.django_db


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def logged_in_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


# --- institution -------------------------------------------------------------------


def test_it_lets_a_staff_member_in_with_om_id_username_and_password(client):
    staff = InstitutionUserFactory(username="kovacs.anna")
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": staff.institution.om_id, "username": "Kovacs.Anna", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert logged_in_user(client) == staff
    assert client.session[ACTING_INSTITUTION_SESSION_KEY] == staff.institution_id


def test_it_refuses_a_wrong_password_in_hungarian_and_keeps_what_was_typed(client):
    staff = InstitutionUserFactory(username="kovacs.anna")
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": staff.institution.om_id, "username": "kovacs.anna", "password": "Rossz7jelszo"})
    assert response.status_code == 200
    assert shows(response, forms.LOGIN_FAILED)
    assert f'value="{staff.institution.om_id}"' in response.content.decode()
    assert 'value="kovacs.anna"' in response.content.decode()
    assert "Rossz7jelszo" not in response.content.decode()
    assert not logged_in_user(client).is_authenticated


def test_it_refuses_the_username_of_another_institution(client):
    staff = InstitutionUserFactory(username="kovacs.anna")
    other = InstitutionFactory()
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": other.om_id, "username": "kovacs.anna", "password": PASSWORD})
    assert shows(response, forms.LOGIN_FAILED)
    assert not logged_in_user(client).is_authenticated
    assert staff.institution != other


@pytest.mark.parametrize("om_id, message", [("", forms.OM_ID_REQUIRED), ("12345", forms.OM_ID_FORMAT),
                                            ("12a456", forms.OM_ID_FORMAT)])
def test_it_explains_a_malformed_om_id_on_the_field(client, om_id, message):
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": om_id, "username": "kovacs.anna", "password": PASSWORD})
    assert response.status_code == 200
    assert shows(response, message)
    assert 'value="kovacs.anna"' in response.content.decode()


def test_it_shows_the_seed_words_on_the_institution_login_page(client):
    text = client.get(reverse("accounts:login_institution")).content.decode()
    for words in ["<h1>Intézményi belépés</h1>", "OM azonosító", "Felhasználónév", "Jelszó", "Tankerületi belépés"]:
        assert words in text


# --- school district ---------------------------------------------------------------


@pytest.fixture
def district():
    return SchoolDistrictFactory(name="Győri Tankerületi Központ")


def test_it_lets_a_district_in_for_an_institution_it_maintains(client, district):
    school = InstitutionFactory(maintainer=district)
    clerk = DistrictUserFactory(maintainer=district, username="tk.gyor")
    page = client.get(reverse("accounts:login_district")).content.decode()
    assert re.search(r'<input type="checkbox" name="district"[^>]*checked', page)
    response = client.post(reverse("accounts:login_district"), {
        "om_id": school.om_id, "username": "tk.gyor", "password": PASSWORD, "district": "on"})
    assert response.status_code == 302
    assert logged_in_user(client) == clerk
    assert client.session[ACTING_INSTITUTION_SESSION_KEY] == school.pk


def test_it_refuses_a_district_of_another_region(client, district):
    budapest = SchoolDistrictFactory(name="Dél-Budapesti Tankerületi Központ")
    school = InstitutionFactory(maintainer=district)
    outsider = DistrictUserFactory(maintainer=budapest, username="tk.budapest")
    response = client.post(reverse("accounts:login_district"), {
        "om_id": school.om_id, "username": outsider.username, "password": PASSWORD, "district": "on"})
    assert response.status_code == 200
    assert shows(response, forms.LOGIN_FAILED)
    assert not logged_in_user(client).is_authenticated


def test_it_refuses_a_district_for_a_municipal_institution(client, district):
    kindergarten = InstitutionFactory()  # maintained by a municipality
    clerk = DistrictUserFactory(maintainer=district)
    response = client.post(reverse("accounts:login_district"), {
        "om_id": kindergarten.om_id, "username": clerk.username, "password": PASSWORD, "district": "on"})
    assert shows(response, forms.LOGIN_FAILED)
    assert not logged_in_user(client).is_authenticated


def test_it_does_not_let_a_district_in_without_the_checkbox(client, district):
    school = InstitutionFactory(maintainer=district)
    clerk = DistrictUserFactory(maintainer=district)
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": school.om_id, "username": clerk.username, "password": PASSWORD})
    assert shows(response, forms.LOGIN_FAILED)


# --- maintainer ---------------------------------------------------------------------


def test_it_lets_a_maintainer_in_with_the_eight_digit_id(client):
    owner = MaintainerUserFactory()
    response = client.post(reverse("accounts:login_maintainer"), {
        "maintainer_id": owner.maintainer.maintainer_id, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(client) == owner


def test_it_accepts_the_maintainer_id_typed_again_as_username(client):
    owner = MaintainerUserFactory()
    response = client.post(reverse("accounts:login_maintainer"), {
        "maintainer_id": owner.maintainer.maintainer_id, "username": owner.maintainer.maintainer_id,
        "password": PASSWORD})
    assert response.status_code == 302


def test_it_refuses_a_maintainer_with_a_wrong_password_or_id(client):
    owner = MaintainerUserFactory()
    response = client.post(reverse("accounts:login_maintainer"), {
        "maintainer_id": owner.maintainer.maintainer_id, "password": "Rossz7jelszo"})
    assert shows(response, forms.LOGIN_FAILED)
    assert f'value="{owner.maintainer.maintainer_id}"' in response.content.decode()
    response = client.post(reverse("accounts:login_maintainer"), {"maintainer_id": "1234567", "password": PASSWORD})
    assert shows(response, forms.MAINTAINER_ID_FORMAT)


def test_it_refuses_a_different_username_for_a_maintainer(client):
    owner = MaintainerUserFactory()
    response = client.post(reverse("accounts:login_maintainer"), {
        "maintainer_id": owner.maintainer.maintainer_id, "username": "valaki", "password": PASSWORD})
    assert shows(response, forms.MAINTAINER_USERNAME_MISMATCH)


# --- master password ----------------------------------------------------------------


def test_it_lets_the_head_in_with_om_id_and_master_password_to_the_access_manager(client):
    head = MasterFactory()
    response = client.post(reverse("accounts:login_master"), {"om_id": head.institution.om_id, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(client) == head
    assert client.get(reverse("core:home")).url == reverse("access:manager")


def test_it_does_not_take_a_staff_password_as_master_password(client):
    staff = InstitutionUserFactory()
    response = client.post(reverse("accounts:login_master"), {"om_id": staff.institution.om_id, "password": PASSWORD})
    assert shows(response, forms.LOGIN_FAILED)


# --- e-mail accounts ----------------------------------------------------------------


@pytest.mark.parametrize("factory", [LearnerFactory, NotaryFactory, TrainingOfficeFactory])
def test_it_lets_asp_users_in_with_email_and_password(client, factory):
    person = factory(email="tanulo@peldafalva.example")
    response = client.post(reverse("accounts:login_email"), {"email": "Tanulo@Peldafalva.example",
                                                             "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(client) == person


def test_it_refuses_an_unknown_email_with_the_same_message(client):
    response = client.post(reverse("accounts:login_email"), {"email": "senki@peldafalva.example",
                                                             "password": PASSWORD})
    assert shows(response, forms.LOGIN_FAILED)
    assert 'value="senki@peldafalva.example"' in response.content.decode()
    response = client.post(reverse("accounts:login_email"), {"email": "nem-email", "password": PASSWORD})
    assert shows(response, forms.EMAIL_FORMAT)
    assert "Elfelejtette jelszavát?" in response.content.decode()


# --- office: second factor ------------------------------------------------------------


@pytest.fixture
def clerk_with_device():
    clerk = OfficeUserFactory(username="toth.anna")
    device = TOTPDevice.objects.create(user=clerk, name="telefon", confirmed=True)
    return clerk, device


def test_it_asks_an_office_clerk_for_the_totp_code_before_letting_in(client, clerk_with_device):
    clerk, device = clerk_with_device
    response = client.post(reverse("accounts:login_office"), {"username": "toth.anna", "password": PASSWORD})
    assert response.url == reverse("accounts:login_office_verify")
    assert not logged_in_user(client).is_authenticated
    response = client.post(reverse("accounts:login_office_verify"), {"otp_token": totp_now(device)})
    assert response.status_code == 302
    user = logged_in_user(client)
    assert user == clerk


def test_it_refuses_a_wrong_totp_code(client, clerk_with_device):
    clerk, device = clerk_with_device
    client.post(reverse("accounts:login_office"), {"username": "toth.anna", "password": PASSWORD})
    wrong = f"{(int(totp_now(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:login_office_verify"), {"otp_token": wrong})
    assert response.status_code == 200
    assert shows(response, forms.TOTP_WRONG)
    assert not logged_in_user(client).is_authenticated
    response = client.post(reverse("accounts:login_office_verify"), {"otp_token": "12"})
    assert shows(response, forms.TOTP_FORMAT)


def test_it_does_not_show_the_code_step_without_the_password_step(client):
    response = client.get(reverse("accounts:login_office_verify"))
    assert response.url == reverse("accounts:login_office")


def test_it_leads_a_clerk_without_a_device_to_enrol_one(client):
    clerk = OfficeUserFactory(username="uj.ugyintezo")
    client.post(reverse("accounts:login_office"), {"username": "uj.ugyintezo", "password": PASSWORD})
    page = client.get(reverse("accounts:login_office_verify"))
    text = page.content.decode()
    assert "<svg" in text and "Kulcs kézi beíráshoz" in text
    device = TOTPDevice.objects.get(user=clerk)
    assert not device.confirmed
    assert client.get(reverse("accounts:login_office_verify")).content.decode().count(text[text.index("<code>"):text.index("</code>")]) == 1
    response = client.post(reverse("accounts:login_office_verify"), {"otp_token": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert logged_in_user(client) == clerk


def test_it_refuses_an_office_clerk_with_a_wrong_password(client, clerk_with_device):
    response = client.post(reverse("accounts:login_office"), {"username": "toth.anna", "password": "Rossz7jelszo"})
    assert shows(response, forms.LOGIN_FAILED)
    assert 'value="toth.anna"' in response.content.decode()


# --- sessions, next, logout, lockout ---------------------------------------------------------


def test_it_starts_a_new_session_at_login(client):
    staff = InstitutionUserFactory()
    client.get(reverse("accounts:login_institution"))
    session = client.session
    session["probe"] = "x"
    session.save()
    before = session.session_key
    client.post(reverse("accounts:login_institution"), {
        "om_id": staff.institution.om_id, "username": staff.username, "password": PASSWORD})
    assert client.session.session_key != before


def test_it_follows_a_safe_next_and_ignores_an_outside_one(client):
    staff = InstitutionUserFactory()
    data = {"om_id": staff.institution.om_id, "username": staff.username, "password": PASSWORD}
    response = client.post(reverse("accounts:login_institution"), {**data, "next": "/belepes/sajat-adatok/"})
    assert response.url == "/belepes/sajat-adatok/"
    client.logout()
    response = client.post(reverse("accounts:login_institution"), {**data, "next": "https://evil.example/"})
    assert response.url == reverse("core:home")


def test_it_logs_out_only_by_post(client):
    staff = InstitutionUserFactory()
    client.force_login(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not logged_in_user(client).is_authenticated


def test_it_locks_an_account_after_five_wrong_passwords_even_for_the_right_one(client):
    staff = InstitutionUserFactory(username="kovacs.anna")
    data = {"om_id": staff.institution.om_id, "username": "kovacs.anna"}
    for _ in range(4):
        response = client.post(reverse("accounts:login_institution"), {**data, "password": "Rossz7jelszo"})
        assert shows(response, forms.LOGIN_FAILED)
    response = client.post(reverse("accounts:login_institution"), {**data, "password": "Rossz7jelszo"})
    assert response.status_code == 429
    assert "próbálja újra 15 perc múlva" in response.content.decode()
    response = client.post(reverse("accounts:login_institution"), {**data, "password": PASSWORD})
    assert response.status_code == 429
    assert "próbálja újra 15 perc múlva" in response.content.decode()
    assert 'value="kovacs.anna"' in response.content.decode()
    assert not logged_in_user(client).is_authenticated


def test_it_locks_the_address_after_failures_on_many_accounts(client):
    staff = InstitutionUserFactory()
    for number in range(5):
        client.post(reverse("accounts:login_institution"), {
            "om_id": staff.institution.om_id, "username": f"talalgatas{number}", "password": "Rossz7jelszo"})
    response = client.post(reverse("accounts:login_institution"), {
        "om_id": staff.institution.om_id, "username": staff.username, "password": PASSWORD})
    assert response.status_code == 429


def test_it_lists_every_login_mode_on_the_choice_page(client):
    text = client.get(reverse("accounts:choose")).content.decode()
    for name in ["login_institution", "login_district", "login_maintainer", "login_master", "login_office",
                 "login_email"]:
        assert reverse(f"accounts:{name}") in text
