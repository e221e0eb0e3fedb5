import pytest
from django.contrib.auth import get_user
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from portal.accounts import forms, passwords
from portal.core.models import AuditEntry
from tests.factories.accounts import (
    PASSWORD,
    InstitutionUserFactory,
    LearnerFactory,
    MaintainerUserFactory,
)

from .conftest import shows

pytestmark = pytest.mark.django_db


def messages_for(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [str(message) for message in error.messages]
    return []


@pytest.mark.parametrize("password, message", [
    ("Alma7", passwords.TOO_SHORT),
    ("almafakert", passwords.LETTERS_AND_DIGITS),
    ("1234567890", passwords.LETTERS_AND_DIGITS),
    ("Password1", passwords.TOO_COMMON),
    ("jelszo123", passwords.TOO_COMMON),
    ("Qwertz123", passwords.TOO_COMMON),
])
def test_it_rejects_weak_and_common_passwords_with_exact_messages(password, message):
    assert str(message) in messages_for(password)


def test_it_rejects_passwords_containing_the_persons_identifiers():
    staff = InstitutionUserFactory(username="kovacsanna")
    owner = MaintainerUserFactory()
    learner = LearnerFactory(email="molnar.gabor@peldafalva.example")
    assert messages_for("Kovacsanna77", staff) == [str(passwords.CONTAINS_IDENTIFIER)]
    assert messages_for(f"Alma{staff.institution.om_id}", staff) == [str(passwords.CONTAINS_IDENTIFIER)]
    assert messages_for(f"Fa{owner.maintainer.maintainer_id}", owner) == [str(passwords.CONTAINS_IDENTIFIER)]
    assert messages_for("molnar.gabor9", learner) == [str(passwords.CONTAINS_IDENTIFIER)]


def test_it_accepts_the_seeds_example_password():
    assert messages_for("Hófehérke7törpe") == []


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóöőúüű", min_size=8, max_size=30))
def test_it_never_accepts_letters_without_digits(letters):
    assert str(passwords.LETTERS_AND_DIGITS) in messages_for(letters)


@given(st.text(alphabet="0123456789", min_size=8, max_size=30))
def test_it_never_accepts_digits_without_letters(digits):
    assert str(passwords.LETTERS_AND_DIGITS) in messages_for(digits)


@given(st.text(min_size=0, max_size=7))
def test_it_never_accepts_fewer_than_eight_characters(short):
    assert str(passwords.TOO_SHORT) in messages_for(short)


# --- password change ---------------------------------------------------------------------


def change(client, old=PASSWORD, new="Kertkapu42nyitva", again=None):
    return client.post(reverse("accounts:password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_it_changes_the_password_keeps_this_session_and_ends_the_others(client, deliver, sent_mail):
    learner = LearnerFactory()
    other_device = Client()
    other_device.force_login(learner)
    client.force_login(learner)
    response = deliver(lambda: change(client))
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("Kertkapu42nyitva")
    assert learner.password_changed_at is not None
    assert get_user(client).is_authenticated
    assert not get_user(other_device).is_authenticated
    assert [m.subject for m in sent_mail] == ["Jelszava megváltozott"]
    assert AuditEntry.objects.filter(action="account.password_change").exists()


def test_it_refuses_a_wrong_current_password(client):
    learner = LearnerFactory()
    client.force_login(learner)
    response = change(client, old="Rossz7jelszo")
    assert shows(response, forms.OLD_PASSWORD_WRONG)
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_it_locks_out_after_guessing_the_current_password_five_times(client):
    learner = LearnerFactory()
    client.force_login(learner)
    for _ in range(4):
        change(client, old="Rossz7jelszo")
    response = change(client, old="Rossz7jelszo")
    assert response.status_code == 429
    assert "próbálja újra 15 perc múlva" in response.content.decode()


@pytest.mark.parametrize("new, again, message", [
    ("rovid7", None, passwords.TOO_SHORT),
    ("Kertkapu42nyitva", "Kertkapu42nyitv", forms.PASSWORD_MISMATCH),
    (PASSWORD, None, forms.SAME_AS_OLD),
    ("", None, forms.NEW_PASSWORD_REQUIRED),
])
def test_it_explains_a_bad_new_password_on_the_field(client, new, again, message):
    client.force_login(LearnerFactory())
    response = change(client, new=new, again=again)
    assert response.status_code == 200
    assert shows(response, message)


def test_it_sends_a_person_whose_password_someone_else_set_to_change_it_first(client):
    staff = InstitutionUserFactory()
    staff.must_change_password = True
    staff.save()
    client.post(reverse("accounts:login_institution"), {
        "om_id": staff.institution.om_id, "username": staff.username, "password": PASSWORD})
    response = client.get(reverse("accounts:profile"))
    assert response.url == reverse("accounts:password_change")
    assert "meg kell változtatnia" in client.get(reverse("accounts:password_change")).content.decode()
    change(client)
    staff.refresh_from_db()
    assert not staff.must_change_password
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_it_makes_a_password_set_by_the_head_temporary():
    from portal.accounts.services import user_create

    school_head = InstitutionUserFactory()
    staff = user_create(kind="institution", username="uj.munkatars", institution=school_head.institution,
                        password="Ideiglenes7jelszo", actor=school_head)
    assert staff.must_change_password
    assert staff.login_key == f"institution:{school_head.institution.om_id}:uj.munkatars"
    with pytest.raises(ValidationError):
        user_create(kind="institution", username="masik", institution=school_head.institution,
                    password="jelszo123", actor=school_head)
