"""The outbox delivers over real SMTP to a server on loopback (aiosmtpd), with retries."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from portal.core.mail import mail_send, outbox_deliver_due
from portal.core.models import OutboxMessage

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def sample_templates(settings):
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    settings.TEMPLATES = [engine]


def queue(django_capture_on_commit_callbacks, to="vezeto@iskola.hu") -> OutboxMessage:
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(to=to, template="sample", context={"name": "Kovács Anna", "subject_word": "Döntés"})
    return OutboxMessage.objects.get(to=to)


def make_due(message: OutboxMessage) -> None:
    """The back-off has passed (the retry time moved into the past instead of waiting)."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
def test_it_delivers_the_mail_over_smtp_with_both_bodies(smtp_server, settings,
                                                          django_capture_on_commit_callbacks):
    message = queue(django_capture_on_commit_callbacks)
    assert outbox_deliver_due() == 1
    [received] = smtp_server.recorder.received
    assert received["To"] == "vezeto@iskola.hu"
    assert received["Subject"] == "Értesítés: Döntés"
    assert received["Message-ID"] == message.message_id
    assert "Tisztelt Kovács Anna!" in received.get_body(("plain",)).get_content()
    assert "<p>Tisztelt Kovács Anna!</p>" in received.get_body(("html",)).get_content()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.claimed_until is None
    assert outbox_deliver_due() == 0
    assert len(smtp_server.recorder.received) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("behaviour", ["refuse", "lose"])
def test_it_retries_after_the_server_refuses_or_drops_the_connection(
        behaviour, smtp_server, django_capture_on_commit_callbacks):
    message = queue(django_capture_on_commit_callbacks)
    smtp_server.recorder.plan.append(behaviour)

    assert outbox_deliver_due() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1 and message.next_attempt_at > timezone.now()
    assert ("SMTPDataError" if behaviour == "refuse" else "SMTPServerDisconnected") in message.last_error
    assert smtp_server.recorder.received == []
    assert outbox_deliver_due() == 0  # not before its retry time

    make_due(message)
    assert outbox_deliver_due() == 1
    assert smtp_server.recorder.message_ids() == [message.message_id]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2
    assert message.last_error == ""


@pytest.mark.django_db
def test_a_mail_taken_before_the_connection_dropped_comes_again_with_the_same_message_id(
        smtp_server, django_capture_on_commit_callbacks):
    message = queue(django_capture_on_commit_callbacks)
    smtp_server.recorder.plan.append("drop")
    assert outbox_deliver_due() == 0
    make_due(message)
    assert outbox_deliver_due() == 1
    # The worker cannot know that the first copy arrived; the receiver sees one Message-ID twice.
    assert smtp_server.recorder.message_ids() == [message.message_id, message.message_id]


@pytest.mark.django_db
def test_a_silent_server_times_out_after_email_timeout(silent_server, settings,
                                                        django_capture_on_commit_callbacks):
    settings.EMAIL_TIMEOUT = 1
    message = queue(django_capture_on_commit_callbacks)
    assert outbox_deliver_due() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert "TimeoutError" in message.last_error or "timed out" in message.last_error


@pytest.mark.django_db
def test_a_mail_whose_worker_died_while_sending_is_sent_after_its_claim_expires(
        smtp_server, django_capture_on_commit_callbacks):
    dead = queue(django_capture_on_commit_callbacks, to="elso@iskola.hu")
    busy = queue(django_capture_on_commit_callbacks, to="masodik@iskola.hu")
    now = timezone.now()
    OutboxMessage.objects.filter(pk=dead.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_until=now - timedelta(seconds=1))
    OutboxMessage.objects.filter(pk=busy.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_until=now + timedelta(minutes=5))

    assert outbox_deliver_due() == 1
    assert smtp_server.recorder.message_ids() == [dead.message_id]
    dead.refresh_from_db()
    busy.refresh_from_db()
    assert dead.status == OutboxMessage.Status.SENT and dead.attempts == 2
    assert busy.status == OutboxMessage.Status.SENDING  # its worker is still within its claim


@pytest.mark.django_db
def test_it_gives_up_on_a_mail_whose_last_attempt_never_reported(
        smtp_server, settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = queue(django_capture_on_commit_callbacks)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=2,
        claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox_deliver_due() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert smtp_server.recorder.received == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="real concurrency needs PostgreSQL row locks; SQLite serialises writers")
def test_two_workers_never_send_a_mail_twice(smtp_server, django_capture_on_commit_callbacks):
    queued = [queue(django_capture_on_commit_callbacks, to=f"cimzett{n}@iskola.hu") for n in range(30)]
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def worker():
        try:
            barrier.wait()
            counts.append(outbox_deliver_due(limit=100))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ids = smtp_server.recorder.message_ids()
    assert sorted(ids) == sorted(message.message_id for message in queued)
    assert sum(counts) == 30
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 30
