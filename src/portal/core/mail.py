"""One way to send mail: render Hungarian templates into the outbox after commit.

The worker (``manage.py outbox_worker``) delivers outbox messages with retries,
so a slow or failing mail server never holds a request or its transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        OutboxMessage.objects.create(
            to=to, template=template, subject=subject, body_text=text, body_html=html
        )

    transaction.on_commit(enqueue)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def outbox_deliver_one(*, message: OutboxMessage) -> bool:
    """Try to deliver one message; record the outcome. True when it was sent."""
    mail = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to],
    )
    if message.body_html:
        mail.attach_alternative(message.body_html, "text/html")
    message.attempts += 1
    try:
        mail.send()
    except Exception as error:  # any transport failure is retried later
        message.last_error = f"{type(error).__name__}: {error}"
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        else:
            message.next_attempt_at = timezone.now() + _retry_delay(message.attempts)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def outbox_deliver_due(*, limit: int = 50) -> int:
    """Deliver what is due; each message is claimed under a row lock. Returns the number sent."""
    sent = 0
    for _attempt in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if message is None:
                break
            sent += outbox_deliver_one(message=message)
    return sent
