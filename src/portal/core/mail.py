"""One way to send mail: render Hungarian templates into the outbox after commit.

The worker (``manage.py outbox_worker``) delivers outbox messages with retries,
so a slow or failing mail server never holds a request or its transaction; each message is
claimed in a transaction of its own and sent outside any transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jobs import job, job_enqueue
from .models import OutboxMessage

SERVICE_KIR = _("KIR Intézménytörzs · Oktatási Hivatal")
SERVICE_ASP = _("ASP oktatás · Magyar Államkincstár")


def _service(template: str, context: dict) -> str:
    """Which service's name heads the mail: ASP oktatás for its learners, notaries and templates."""
    from portal.accounts.models import EMAIL_KINDS

    user = context.get("user")
    asp = template.startswith("training_") or getattr(user, "kind", None) in EMAIL_KINDS
    return str(SERVICE_ASP if asp else SERVICE_KIR)


def mail_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of ``templates/mail/<template>.{subject.txt,txt,html}``.

    The ``.html`` template is the body only; every mail gets the same layout around it.
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"mail/{template}.subject.txt", context).split())
    text = render_to_string(f"mail/{template}.txt", context)
    body = render_to_string(f"mail/{template}.html", context)
    html = render_to_string("mail/_layout.html", {
        "subject": subject, "service": _service(template, context), "body": body,
    })
    return subject, text, html


def mail_send(*, to: str, template: str, context: dict) -> None:
    """Queue a mail; it is written to the outbox only if the transaction commits."""
    subject, text, html = mail_render(template=template, context=context)

    def enqueue() -> None:
        # The message and its delivery job are written together; a message whose job was lost
        # anyway is still found by the worker's sweep (``outbox_deliver_due``).
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                to=to, template=template, subject=subject, body_text=text, body_html=html
            )
            outbox_deliver.enqueue(message.pk)

    transaction.on_commit(enqueue)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def outbox_claim_next(*, pk: int | None = None) -> OutboxMessage | None:
    """Take the next due message for this worker, in a transaction of its own.

    The message becomes 'sending' until ``OUTBOX_CLAIM_SECONDS`` from now and the transaction
    commits before any SMTP traffic, so no row lock is held while a slow server answers. Another
    worker skips it (the row lock while claiming, the state after); a worker killed while sending
    leaves it 'sending', and once the claim has expired the next worker takes it over.
    """
    with transaction.atomic():
        now = timezone.now()
        candidates = OutboxMessage.objects.all() if pk is None else OutboxMessage.objects.filter(pk=pk)
        message = (
            candidates.select_for_update(skip_locked=True)
            .filter(
                Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
                | Q(status=OutboxMessage.Status.SENDING, claimed_until__lte=now)
            )
            .order_by("next_attempt_at", "id")
            .first()
        )
        if message is None:
            return None
        if message.status == OutboxMessage.Status.SENDING and (
            message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        ):
            # Its last attempt never reported back (the worker died): give up, as after a refusal.
            message.status = OutboxMessage.Status.FAILED
            message.claimed_until = None
            message.last_error = message.last_error or "A küldés nem fejeződött be."
            message.save(update_fields=["status", "claimed_until", "last_error"])
            return outbox_claim_next(pk=pk)
        message.status = OutboxMessage.Status.SENDING
        message.claimed_until = now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
    return message


def outbox_deliver_one(*, message: OutboxMessage) -> bool:
    """Send one claimed message over the configured backend; record the outcome. True when sent.

    Every attempt carries the message's own Message-ID. A server that refuses, drops the connection
    or does not answer within ``EMAIL_TIMEOUT`` seconds gets the message again later (exponential
    back-off) until ``OUTBOX_MAX_ATTEMPTS``.
    """
    mail = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    claimed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.SENDING)
    try:
        mail.send()
    except Exception as error:  # any transport failure is retried later
        message.last_error = f"{type(error).__name__}: {error}"
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        else:
            message.status = OutboxMessage.Status.PENDING
            message.next_attempt_at = timezone.now() + _retry_delay(message.attempts)
        claimed.update(status=message.status, next_attempt_at=message.next_attempt_at,
                       last_error=message.last_error, claimed_until=None)
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    claimed.update(status=message.status, sent_at=message.sent_at, last_error="", claimed_until=None)
    return True


@job()
def outbox_deliver(message_pk: int) -> str:
    """The delivery job of one message; after a failed attempt it queues itself for the retry time."""
    message = outbox_claim_next(pk=message_pk)
    if message is None:
        return "nothing to do"  # sent, failed for good, or another worker holds it
    if outbox_deliver_one(message=message):
        return "sent"
    if message.status == OutboxMessage.Status.PENDING:
        job_enqueue(outbox_deliver, message_pk, run_after=message.next_attempt_at)
        return "retry"
    return "failed"


def outbox_deliver_due(*, limit: int = 50) -> int:
    """The sweep: deliver up to ``limit`` due messages whatever their jobs did. Returns the number sent.

    Catches what no job will: a message whose worker died while sending (its claim expired) and
    messages queued before the job engine.
    """
    sent = 0
    for _attempt in range(limit):
        message = outbox_claim_next()
        if message is None:
            break
        sent += outbox_deliver_one(message=message)
    return sent
