from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal.core.mail import mail_send, outbox_deliver_due
from portal.core.models import OutboxMessage

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def sample_templates(settings):
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    settings.TEMPLATES = [engine]


def send_sample():
    mail_send(to="vezeto@iskola.hu", template="sample", context={"name": "Kovács Anna", "subject_word": "Döntés"})


@pytest.mark.django_db(transaction=True)
def test_it_queues_nothing_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_sample()
        raise RuntimeError("the request failed")
    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_it_queues_the_rendered_mail_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_sample()
    message = OutboxMessage.objects.get()
    assert message.subject == "Értesítés: Döntés"
    assert "Tisztelt Kovács Anna!" in message.body_text
    assert "<p>Tisztelt Kovács Anna!</p>" in message.body_html
    assert mail.outbox == []  # nothing is sent inside the request


@pytest.mark.django_db
def test_it_delivers_queued_mail_with_both_bodies(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_sample()
    assert outbox_deliver_due() == 1
    [sent] = mail.outbox
    assert sent.to == ["vezeto@iskola.hu"]
    assert sent.alternatives[0][1] == "text/html"
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    assert outbox_deliver_due() == 0  # never twice


@pytest.mark.django_db
def test_it_retries_later_when_the_mail_server_refuses(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with django_capture_on_commit_callbacks(execute=True):
        send_sample()
    assert outbox_deliver_due() == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now()
    assert "ConnectionRefusedError" in message.last_error


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        send_sample()
    OutboxMessage.objects.update(attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1))
    outbox_deliver_due()
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED


@pytest.mark.django_db
def test_it_puts_every_html_mail_in_the_one_layout_with_its_service(django_capture_on_commit_callbacks):
    from portal.core.mail import SERVICE_ASP, SERVICE_KIR, mail_render
    from tests.factories.accounts import LearnerFactory

    _, _, kir = mail_render(template="sample", context={"name": "Kovács Anna", "subject_word": "Döntés"})
    assert kir.startswith("<!DOCTYPE html>") and kir.count("<body") == 1
    assert "<title>Értesítés: Döntés</title>" in kir and str(SERVICE_KIR) in kir
    _, _, asp = mail_render(template="sample", context={"user": LearnerFactory(), "name": "Kiss Péter",
                                                        "subject_word": "Jelszó"})
    assert str(SERVICE_ASP) in asp
