"""Lockout per account and per client address, in every login mode (issue 12, item 1).

Before the fix every failure was recorded under the same masked username: five failures from one
address let the right password in from another, and anyone's five failures locked everybody."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from portal.accounts import forms
from portal.accounts.lockout import lockout_username
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

pytestmark = pytest.mark.django_db

ATTACKER, OWNER, NEIGHBOUR = "203.0.113.10", "198.51.100.20", "192.0.2.30"
WRONG = "Rossz7jelszo"


def _institution():
    staff = InstitutionUserFactory()
    return staff, {"om_id": staff.institution.om_id, "username": staff.username}


def _district():
    district = SchoolDistrictFactory()
    school = InstitutionFactory(maintainer=district)
    clerk = DistrictUserFactory(maintainer=district)
    return clerk, {"om_id": school.om_id, "username": clerk.username, "district": "on"}


def _master():
    head = MasterFactory()
    return head, {"om_id": head.institution.om_id}


def _maintainer():
    owner = MaintainerUserFactory()
    return owner, {"maintainer_id": owner.maintainer.maintainer_id}


def _office():
    clerk = OfficeUserFactory()
    return clerk, {"username": clerk.username}


def _email():
    learner = LearnerFactory()
    return learner, {"email": learner.email}


MODES = {
    "login_institution": _institution, "login_district": _district, "login_master": _master,
    "login_maintainer": _maintainer, "login_office": _office, "login_email": _email,
}


def _post(client, name, data, password, address):
    return client.post(reverse(f"accounts:{name}"), {**data, "password": password}, REMOTE_ADDR=address)


def _logged_in(response, name) -> bool:
    target = reverse("accounts:login_office_verify") if name == "login_office" else reverse("core:home")
    return response.status_code == 302 and response.url == target


@pytest.mark.parametrize("name", MODES)
def test_five_failures_lock_the_account_even_for_the_right_password_from_another_address(client, name):
    _account, data = MODES[name]()
    for _ in range(4):
        response = _post(client, name, data, WRONG, ATTACKER)
        assert response.status_code == 200
        assert shows(response, forms.LOGIN_FAILED)
    response = _post(client, name, data, WRONG, ATTACKER)
    assert response.status_code == 429
    response = _post(client, name, data, PASSWORD, OWNER)
    assert response.status_code == 429
    assert "próbálja újra 15 perc múlva" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("name", MODES)
def test_another_accounts_typo_is_not_locked_by_the_attack(client, name):
    _victim, victim_data = MODES[name]()
    _other, other_data = MODES[name]()
    for _ in range(5):
        _post(client, name, victim_data, WRONG, ATTACKER)
    response = _post(client, name, other_data, WRONG, NEIGHBOUR)
    assert response.status_code == 200
    assert shows(response, forms.LOGIN_FAILED)
    response = _post(client, name, other_data, PASSWORD, NEIGHBOUR)
    assert _logged_in(response, name)


@pytest.mark.parametrize("name", MODES)
def test_failures_are_recorded_under_the_account_not_a_masked_name(client, name):
    account, data = MODES[name]()
    _post(client, name, data, WRONG, ATTACKER)
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [account.login_key]


def test_the_locked_account_opens_again_after_the_cool_off(client):
    staff, data = _institution()
    for _ in range(5):
        _post(client, "login_institution", data, WRONG, ATTACKER)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    response = _post(client, "login_institution", data, PASSWORD, OWNER)
    assert response.status_code == 429
    assert "próbálja újra 5 perc múlva" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _post(client, "login_institution", data, PASSWORD, OWNER)
    assert _logged_in(response, "login_institution")


def test_the_address_is_locked_after_failures_on_many_accounts_but_others_are_not(client):
    staff, data = _institution()
    for number in range(5):
        _post(client, "login_institution", {**data, "username": f"talalgatas{number}"}, WRONG, ATTACKER)
    assert _post(client, "login_institution", data, PASSWORD, ATTACKER).status_code == 429
    assert _logged_in(_post(client, "login_institution", data, PASSWORD, OWNER), "login_institution")


def test_a_right_password_resets_the_accounts_count(client):
    staff, data = _institution()
    for _ in range(4):
        _post(client, "login_institution", data, WRONG, OWNER)
    assert _logged_in(_post(client, "login_institution", data, PASSWORD, OWNER), "login_institution")
    client.logout()
    for _ in range(4):
        assert _post(client, "login_institution", data, WRONG, OWNER).status_code == 200


def test_behind_the_trusted_proxy_each_client_is_counted_on_its_own(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    staff, data = _institution()
    url = reverse("accounts:login_institution")
    for number in range(5):
        client.post(url, {**data, "username": f"talalgatas{number}", "password": WRONG},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{ATTACKER}, 10.0.0.5")
    locked = client.post(url, {**data, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2",
                         HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    response = client.post(url, {**data, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2",
                           HTTP_X_FORWARDED_FOR=OWNER)
    assert _logged_in(response, "login_institution")


def test_a_forwarded_header_from_an_untrusted_peer_does_not_change_the_address(client):
    staff, data = _institution()
    url = reverse("accounts:login_institution")
    for number in range(5):
        client.post(url, {**data, "username": f"talalgatas{number}", "password": WRONG},
                    REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = client.post(url, {**data, "password": PASSWORD}, REMOTE_ADDR=ATTACKER,
                           HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 429


def test_the_lockout_never_takes_the_masked_value_for_a_name(rf):
    request = rf.post("/")
    assert lockout_username(request, {"login_key": "********************"}) is None
    assert lockout_username(request, {"login_key": "email:a@b.example"}) == "email:a@b.example"
