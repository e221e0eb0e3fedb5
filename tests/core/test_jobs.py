"""Background jobs on the database job engine: queued on commit, run by a worker, retried later."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.core.jobs import job_result, jobs_run_ready
from portal.core.mail import mail_send
from portal.core.models import OutboxMessage

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The worker opens and checks connections as in production: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sample_templates(settings):
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    settings.TEMPLATES = [engine]


def send_sample(to: str = "vezeto@iskola.hu") -> None:
    with transaction.atomic():
        mail_send(to=to, template="sample", context={"name": "Kovács Anna", "subject_word": "Döntés"})


def test_a_mail_queues_its_delivery_job_only_when_the_transaction_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(to="vezeto@iskola.hu", template="sample", context={"name": "A", "subject_word": "B"})
        raise RuntimeError("the request failed")
    assert not DBTaskResult.objects.exists() and not OutboxMessage.objects.exists()

    send_sample()
    message = OutboxMessage.objects.get()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "portal.core.mail.outbox_deliver"
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert queued.status == TaskResultStatus.READY


def test_the_worker_delivers_over_smtp_and_records_the_job_as_done(smtp_server):
    send_sample()
    jobs_run_ready()
    message = OutboxMessage.objects.get()
    assert smtp_server.recorder.message_ids() == [message.message_id]
    result = job_result(str(DBTaskResult.objects.get().id))
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "sent"
    jobs_run_ready()  # nothing left: never twice
    assert len(smtp_server.recorder.received) == 1


def test_a_refused_mail_is_queued_again_for_its_retry_time(smtp_server):
    send_sample()
    smtp_server.recorder.plan.append("refuse")
    jobs_run_ready()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING and smtp_server.recorder.received == []
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert job_result(str(first.id)).return_value == "retry"
    assert retry.status == TaskResultStatus.READY and retry.run_after == message.next_attempt_at
    assert retry.run_after > timezone.now()

    jobs_run_ready()  # not before its time
    assert smtp_server.recorder.received == []

    earlier = timezone.now() - timedelta(seconds=1)  # the back-off has passed
    OutboxMessage.objects.update(next_attempt_at=earlier)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=earlier)
    jobs_run_ready()
    assert smtp_server.recorder.message_ids() == [message.message_id]
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL


def test_a_mail_whose_job_was_lost_is_still_sent_by_the_workers_sweep(smtp_server):
    from django.core.management import call_command

    send_sample()
    DBTaskResult.objects.all().delete()
    call_command("outbox_worker", "--once")
    assert smtp_server.recorder.message_ids() == [OutboxMessage.objects.get().message_id]
