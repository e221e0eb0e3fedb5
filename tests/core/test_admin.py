"""The operators' admin: staff with a confirmed second factor only; read-only where clerks' pages
own the data; code lists editable with the permission and audited; users locked and unlocked."""

import pytest
from django.contrib.auth.models import Permission
from django_tasks_db.models import DBTaskResult

from portal.core.models import AuditEntry, InstitutionCharacter, OutboxMessage
from tests.conftest import office_login
from tests.factories.accounts import OfficeUserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/belepes/hivatal/?next=/admin/"


@pytest.fixture
def operator(db):
    return OfficeUserFactory(username="uzemelteto.olga", full_name="Üzemeltető Olga", is_staff=True,
                             is_superuser=True)


@pytest.fixture
def operator_client(client, operator):
    office_login(client, operator)
    return client


def _sent_to(client, path: str = "/admin/") -> list[str]:
    """Where the admin sends someone who may not see it (its own login hands over to the office's)."""
    response = client.get(path, follow=True)
    return [url for url, _status in response.redirect_chain]


def _outbox_message(**fields) -> OutboxMessage:
    return OutboxMessage.objects.create(to="vezeto@iskola.hu", template="sample", subject="Értesítés",
                                        body_text="Tisztelt Vezető!", **fields)


def test_anonymous_visitors_are_sent_to_the_office_login(client):
    assert _sent_to(client) == ["/admin/login/?next=/admin/", LOGIN]


def test_a_staff_clerk_without_the_second_factor_is_sent_to_the_office_login(client, operator):
    client.force_login(operator)  # password only, no TOTP step
    assert _sent_to(client) == ["/admin/login/?next=/admin/", LOGIN]


def test_a_clerk_who_is_not_staff_gets_no_admin(client):
    office_login(client, OfficeUserFactory(username="ugyintezo.ugyes"))
    assert _sent_to(client) == ["/admin/login/?next=/admin/", LOGIN]


def test_a_verified_operator_sees_the_outbox_jobs_audit_log_code_lists_and_users(operator_client):
    page = operator_client.get("/admin/").content.decode()
    assert "Üzemeltetői felület" in page
    for path in ("/admin/core/outboxmessage/", "/admin/core/auditentry/", "/admin/accounts/user/",
                 "/admin/core/institutioncharacter/", "/admin/django_tasks_database/dbtaskresult/"):
        assert operator_client.get(path).status_code == 200, path


def test_the_outbox_is_read_only_but_failed_mail_can_be_sent_again(operator_client,
                                                                  django_capture_on_commit_callbacks):
    failed = _outbox_message(status=OutboxMessage.Status.FAILED, attempts=6, last_error="SMTPDataError")
    assert operator_client.get("/admin/core/outboxmessage/add/").status_code == 403
    assert operator_client.post(f"/admin/core/outboxmessage/{failed.pk}/change/",
                                {"to": "mas@iskola.hu"}).status_code == 403
    assert operator_client.post(f"/admin/core/outboxmessage/{failed.pk}/delete/",
                                {"post": "yes"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post("/admin/core/outboxmessage/", {
            "action": "retry_now", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.to) == (OutboxMessage.Status.PENDING, 0, "vezeto@iskola.hu")
    assert DBTaskResult.objects.get().args_kwargs["args"] == [failed.pk]
    assert AuditEntry.objects.filter(action="outbox.retry", object_id=str(failed.pk)).exists()


def test_the_audit_log_cannot_be_changed_or_deleted(operator_client):
    entry = AuditEntry.objects.create(action="proba.muvelet", actor_label="Valaki")
    assert operator_client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert operator_client.post(f"/admin/core/auditentry/{entry.pk}/change/",
                                {"action": "mas"}).status_code == 403
    assert operator_client.post(f"/admin/core/auditentry/{entry.pk}/delete/",
                                {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "proba.muvelet"


def test_a_code_list_entry_is_renamed_with_the_permission_and_the_change_is_audited(client):
    character = InstitutionCharacter.objects.create(code="proba-jelleg", name="Régi név", order=1)
    editor = OfficeUserFactory(username="kodlista.karoly", is_staff=True)
    office_login(client, editor)
    url = f"/admin/core/institutioncharacter/{character.pk}/change/"
    assert client.get(url).status_code == 403  # staff, but no permission on code lists yet

    editor.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_institutioncharacter", "change_institutioncharacter"]))
    response = client.post(url, {"name": "Új név", "order": 2, "is_active": "on"})
    assert response.status_code == 302
    character.refresh_from_db()
    assert (character.code, character.name, character.order) == ("proba-jelleg", "Új név", 2)
    entry = AuditEntry.objects.get(action="codelist.change")
    assert entry.actor == editor and entry.data == {"fields": ["name", "order"]}
    assert client.post(f"/admin/core/institutioncharacter/{character.pk}/delete/",
                       {"post": "yes"}).status_code == 403


def test_an_operator_locks_and_unlocks_a_user(operator_client):
    from django.test import Client

    clerk = OfficeUserFactory(username="zarolt.zoltan")
    clerks_browser = Client()
    office_login(clerks_browser, clerk)
    assert clerks_browser.get("/hivatal/").status_code == 200

    operator_client.post("/admin/accounts/user/", {"action": "lock", "_selected_action": [clerk.pk]})
    clerk.refresh_from_db()
    assert not clerk.is_active
    response = clerks_browser.get("/hivatal/")  # the open session no longer lets the clerk in
    assert response.status_code == 302 and response["Location"].startswith("/belepes/")

    operator_client.post("/admin/accounts/user/", {"action": "unlock", "_selected_action": [clerk.pk]})
    clerk.refresh_from_db()
    assert clerk.is_active
    assert list(AuditEntry.objects.filter(object_id=str(clerk.pk)).values_list("action", flat=True)
                .order_by("pk")) == ["user.lock", "user.unlock"]


def test_users_cannot_be_edited_in_the_admin(operator_client):
    clerk = OfficeUserFactory(username="marad.maria", full_name="Marad Mária")
    assert operator_client.post(f"/admin/accounts/user/{clerk.pk}/change/",
                                {"full_name": "Más Név"}).status_code == 403
    search = operator_client.get("/admin/accounts/user/?q=Marad").content.decode()
    assert "Marad Mária" in search
