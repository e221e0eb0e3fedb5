import pytest
from django.urls import reverse

from portal.accounts import services
from tests.factories.accounts import InstitutionUserFactory, LearnerFactory

from .conftest import shows

pytestmark = pytest.mark.django_db


def ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_it_gives_the_same_answer_whether_or_not_the_account_exists(client, deliver, sent_mail):
    learner = LearnerFactory(email="tanulo@peldafalva.example")
    known = deliver(lambda: ask(client, "Tanulo@peldafalva.example"))
    unknown = deliver(lambda: ask(client, "senki@peldafalva.example"))
    assert known.status_code == unknown.status_code == 200
    strip = lambda response, email: response.content.decode().replace(email, "EMAIL")  # noqa: E731
    assert strip(known, "Tanulo@peldafalva.example") == strip(unknown, "senki@peldafalva.example")
    assert [m.to for m in sent_mail] == [[learner.email]]
    assert "/belepes/jelszo-beallitasa/" in sent_mail[0].body
    assert "2 óráig" in sent_mail[0].body


def test_it_sends_no_reset_link_to_accounts_not_based_on_email(client, deliver, sent_mail):
    staff = InstitutionUserFactory(email="kovacs@iskola.example")
    deliver(lambda: ask(client, staff.email))
    assert sent_mail == []


def test_it_rate_limits_requests_per_address(client, settings, deliver, sent_mail):
    settings.PASSWORD_RESET_RATE = 3
    LearnerFactory(email="tanulo@peldafalva.example")
    for number in range(3):
        assert deliver(lambda n=number: ask(client, "tanulo@peldafalva.example", ip=f"10.0.0.{n}")).status_code == 200
    response = ask(client, "tanulo@peldafalva.example", ip="10.0.0.99")
    assert response.status_code == 429
    assert shows(response, services.RESET_RATE_LIMITED)
    assert 'value="tanulo@peldafalva.example"' in response.content.decode()
    assert len(sent_mail) == 3
    unknown = [ask(client, "senki@peldafalva.example", ip=f"10.1.0.{n}").status_code for n in range(4)]
    assert unknown == [200, 200, 200, 429]  # the same for an address without an account


def test_it_rate_limits_requests_per_ip_address(client, settings):
    settings.PASSWORD_RESET_IP_RATE = 2
    assert ask(client, "a@peldafalva.example").status_code == 200
    assert ask(client, "b@peldafalva.example").status_code == 200
    assert ask(client, "c@peldafalva.example").status_code == 429
    assert ask(client, "c@peldafalva.example", ip="10.0.0.2").status_code == 200


def test_it_explains_a_malformed_address(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nem-cim"})
    assert shows(response, "Adja meg az e-mail címet nev@example.hu formában.")
    assert 'value="nem-cim"' in response.content.decode()


def test_it_lets_the_person_log_in_with_the_password_set_from_the_reset_mail(client, deliver, sent_mail):
    learner = LearnerFactory(email="tanulo@peldafalva.example")
    deliver(lambda: ask(client, learner.email))
    link = next(line for line in sent_mail[0].body.splitlines() if "/jelszo-beallitasa/" in line).strip()
    path = link.split("127.0.0.1:8000", 1)[-1]
    deliver(lambda: client.post(path, {"new_password1": "Kertkapu42nyitva", "new_password2": "Kertkapu42nyitva"}))
    assert sent_mail[-1].subject == "Jelszava megváltozott"
    response = client.post(reverse("accounts:login_email"), {"email": learner.email, "password": "Kertkapu42nyitva"})
    assert response.status_code == 302
