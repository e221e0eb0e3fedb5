from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils import timezone

from portal.accounts import forms, services
from portal.accounts.models import CredentialToken
from portal.core.models import AuditEntry
from tests.factories.accounts import LearnerFactory, MaintainerUserFactory, MasterFactory

from .conftest import shows

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kertkapu42nyitva"


@pytest.fixture
def newcomer():
    """A learner enrolled by the training plan who has not set a password yet."""
    learner = LearnerFactory(email="uj.kolléga@peldafalva.example".replace("é", "e"))
    learner.set_unusable_password()
    learner.save()
    return learner


def set_password(client, token, password=NEW_PASSWORD, again=None):
    return client.post(reverse("accounts:credential_use", args=[token]),
                       {"new_password1": password, "new_password2": again or password})


def test_it_mails_a_single_use_link_never_a_password(newcomer, deliver, sent_mail):
    token = deliver(lambda: services.credential_link_send(user=newcomer, purpose=CredentialToken.Purpose.ACTIVATE))
    assert len(sent_mail) == 1
    message = sent_mail[0]
    assert message.to == [newcomer.email]
    assert services.credential_url(token) in message.body
    assert "egyszer használható" in message.body and "érvényes" in message.body
    assert "jelszó:" not in message.body.lower()


def test_it_stores_only_a_hash_of_the_token(newcomer):
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    record = CredentialToken.objects.get(user=newcomer)
    assert token not in record.token_hash
    assert len(token) >= 40
    assert AuditEntry.objects.filter(action="credential.issue").exists()
    assert token not in str(AuditEntry.objects.get(action="credential.issue").data)


def test_it_does_not_use_up_the_link_when_the_page_is_only_opened(client, newcomer):
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    for _ in range(3):  # mail scanners and the person opening the link
        response = client.get(reverse("accounts:credential_use", args=[token]))
        assert response.status_code == 200
        assert "Új jelszó" in response.content.decode()
    assert CredentialToken.objects.get(user=newcomer).used_at is None


def test_it_lets_the_person_set_the_password_once_and_sends_a_notice(client, newcomer, deliver, sent_mail):
    newcomer.must_change_password = True
    newcomer.save()
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    response = deliver(lambda: set_password(client, token))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login_email")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert not newcomer.must_change_password
    assert newcomer.password_changed_at is not None
    assert [m.subject for m in sent_mail] == ["Jelszava megváltozott"]
    assert AuditEntry.objects.filter(action="account.password_set", object_id=str(newcomer.pk)).exists()
    again = set_password(client, token, password="Masik77jelszo")
    assert again.status_code == 410
    assert shows(again, services.TOKEN_MESSAGES["used"])
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)


def test_it_sends_the_person_to_their_login_afterwards_without_logging_in(client, newcomer):
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    set_password(client, token)
    assert not get_user(client).is_authenticated
    response = client.post(reverse("accounts:login_email"), {"email": newcomer.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_it_explains_an_expired_link_and_offers_a_new_one(client, newcomer):
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    CredentialToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    for response in (client.get(reverse("accounts:credential_use", args=[token])), set_password(client, token)):
        assert response.status_code == 410
        assert shows(response, services.TOKEN_MESSAGES["expired"])
        assert reverse("accounts:password_reset") in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_it_explains_an_unknown_link(client):
    response = client.get(reverse("accounts:credential_use", args=["nincs-ilyen-hivatkozas"]))
    assert response.status_code == 404
    assert shows(response, services.TOKEN_MESSAGES["unknown"])


def test_it_revokes_the_older_link_when_a_new_one_is_issued(client, newcomer):
    old = services.credential_token_issue(user=newcomer, purpose="reset")
    new = services.credential_token_issue(user=newcomer, purpose="reset")
    response = client.get(reverse("accounts:credential_use", args=[old]))
    assert response.status_code == 410
    assert shows(response, services.TOKEN_MESSAGES["revoked"])
    assert client.get(reverse("accounts:credential_use", args=[new])).status_code == 200


def test_it_keeps_the_link_usable_when_the_new_password_is_weak(client, newcomer):
    token = services.credential_token_issue(user=newcomer, purpose="activate")
    response = set_password(client, token, password="rovid1")
    assert response.status_code == 200
    assert shows(response, "A jelszónak legalább 8 karakter hosszúnak kell lennie.")
    response = set_password(client, token, password=NEW_PASSWORD, again="Kertkapu42nyitv")
    assert shows(response, forms.PASSWORD_MISMATCH)
    assert CredentialToken.objects.get(user=newcomer).used_at is None
    assert set_password(client, token).status_code == 302


def test_it_sends_the_head_a_master_password_link_to_the_head_address(deliver, sent_mail):
    head = MasterFactory()
    deliver(lambda: services.credential_link_send(user=head, purpose="master"))
    assert sent_mail[0].to == [head.institution.head_email]
    assert "Mesterjelszó" in sent_mail[0].subject


def test_it_takes_the_password_from_a_link_for_the_master_identity(client):
    head = MasterFactory()
    token = services.credential_token_issue(user=head, purpose="master")
    response = set_password(client, token)
    assert response.url == reverse("accounts:login_master")


# --- codes by post (maintainers) ------------------------------------------------------------


@pytest.fixture
def owner():
    return MaintainerUserFactory()


def use_code(client, owner, code, password=NEW_PASSWORD):
    return client.post(reverse("accounts:credential_code_use"), {
        "maintainer_id": owner.maintainer.maintainer_id, "code": code,
        "new_password1": password, "new_password2": password})


def test_it_issues_a_short_unambiguous_code(owner):
    code = services.credential_code_issue(user=owner, purpose="maintainer_letter")
    letters = code.replace("-", "")
    assert len(letters) == 10
    assert not set(letters) & set("IO01")
    assert code not in CredentialToken.objects.get(user=owner).token_hash


def test_it_lets_the_maintainer_set_the_password_with_the_code_once(client, owner, deliver, sent_mail):
    code = services.credential_code_issue(user=owner, purpose="maintainer_letter")
    response = deliver(lambda: use_code(client, owner, code.lower().replace("-", " ")))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login_maintainer")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert sent_mail[0].to == [owner.maintainer.representative_email]
    response = use_code(client, owner, code, password="Masik77jelszo")
    assert shows(response, services.CODE_WRONG)
    assert f'value="{owner.maintainer.maintainer_id}"' in response.content.decode()


def test_it_revokes_the_code_after_five_wrong_tries(client, owner):
    code = services.credential_code_issue(user=owner, purpose="maintainer_letter")
    for _ in range(4):
        assert shows(use_code(client, owner, "AAAAA-BBBBB"), services.CODE_WRONG)
    assert shows(use_code(client, owner, "AAAAA-BBBBB"), services.CODE_EXHAUSTED)
    assert shows(use_code(client, owner, code), services.CODE_WRONG)
    owner.refresh_from_db()
    assert not owner.check_password(NEW_PASSWORD)


def test_it_refuses_the_code_with_another_maintainer_id(client, owner):
    code = services.credential_code_issue(user=owner, purpose="maintainer_letter")
    other = MaintainerUserFactory()
    response = use_code(client, other, code)
    assert shows(response, services.CODE_WRONG)


def test_it_refuses_to_mail_a_link_to_an_account_without_an_address():
    from tests.factories.accounts import InstitutionUserFactory

    staff = InstitutionUserFactory(email="")
    with pytest.raises(services.CredentialError) as error:
        services.credential_link_send(user=staff, purpose="activate")
    assert error.value.message == services.NO_ADDRESS
    assert not CredentialToken.objects.filter(user=staff).exists()
