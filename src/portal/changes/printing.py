"""The printable request of a submission: rendered once in the background, stored, served as stored.

The job has a small interface so that the job engine can change without touching the callers:

- ``request_print_schedule(change_request)`` — inside the submit's transaction: records what was
  submitted (payload, verification code) as a pending print. The print exists if and only if the
  submit commits (the outbox pattern of ``core.mail``).
- ``request_print_render(print_id)`` — the job body: renders and stores one print; idempotent
  (a print that is already rendered or claimed elsewhere is left alone), safe to run on any worker.
- ``request_prints_render_due()`` — the polling step of ``manage.py outbox_worker``: claims due
  prints with ``SKIP LOCKED`` and renders them. A queue-based engine would instead enqueue
  ``request_print_render(print.pk)`` on commit in ``request_print_schedule``.

A file in the configured storage (``FILE_STORAGE``: a local folder, or S3 in production) holds the
PDF; its SHA-256 is kept on the row and sent as the download's ETag.
"""

from __future__ import annotations

import hashlib
import json
import time
from copy import copy
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from portal.core.audit import audit_record

from .models import ChangeRequest, RequestPrint, State
from .pdf import change_request_pdf_pages

MAX_ATTEMPTS = 3
# States whose print is the submitted, authenticable one; a draft, a reopened or a cancelled
# request prints on demand, marked as not valid for posting.
POSTABLE_STATES = (State.SUBMITTED, State.AUTHENTICATED, State.APPROVED, State.REJECTED)


def payload_checksum(payload: dict) -> str:
    canonical = json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def request_print_schedule(*, change_request: ChangeRequest) -> RequestPrint:
    """Record the submission just made (call inside the submit's transaction)."""
    print_, _created = RequestPrint.objects.get_or_create(
        change_request=change_request, submission=change_request.submission_count,
        defaults={
            "payload": change_request.payload, "payload_sha256": payload_checksum(change_request.payload),
            "verification_code": change_request.verification_code or "",
            "submitted_at": change_request.submitted_at or timezone.now(),
        },
    )
    return print_


def as_submitted(print_: RequestPrint) -> ChangeRequest:
    """The request as it stood when this print's submission was made (in memory, never saved)."""
    change_request = copy(print_.change_request)
    change_request.payload = print_.payload
    change_request.verification_code = print_.verification_code
    change_request.submitted_at = print_.submitted_at
    change_request.state = State.SUBMITTED
    return change_request


def request_print_render(print_id: int) -> bool:
    """Render and store one pending print; True when this call stored it."""
    with transaction.atomic():
        print_ = (RequestPrint.objects.select_for_update(skip_locked=True, of=("self",)).select_related(
            "change_request__maintainer__maintainer_type").filter(pk=print_id, status=RequestPrint.Status.PENDING)
            .first())
        if print_ is None:
            return False
        print_.attempts += 1
        start = time.perf_counter()
        try:
            content, pages = change_request_pdf_pages(as_submitted(print_))
        except Exception as error:  # a rendering failure is retried, then shown as failed
            print_.last_error = f"{type(error).__name__}: {error}"
            if print_.attempts >= MAX_ATTEMPTS:
                print_.status = RequestPrint.Status.FAILED
            else:
                print_.next_attempt_at = timezone.now() + timedelta(minutes=2 ** print_.attempts)
            print_.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        print_.render_ms = int((time.perf_counter() - start) * 1000)
        print_.sha256 = hashlib.sha256(content).hexdigest()
        print_.size = len(content)
        print_.pages = pages
        name = f"kerelem-{print_.change_request_id}-{print_.submission}-{print_.sha256[:12]}.pdf"
        print_.file.save(name, ContentFile(content), save=False)
        print_.status, print_.rendered_at, print_.last_error = RequestPrint.Status.READY, timezone.now(), ""
        print_.save()
        audit_record(action="change_request.print", actor=None, target=print_.change_request,
                     data={"submission": print_.submission, "sha256": print_.sha256})
    return True


def request_prints_render_due(*, limit: int = 20) -> int:
    """Render the prints that are due, oldest first; returns how many were stored."""
    done = 0
    for _attempt in range(limit):
        candidate = (RequestPrint.objects.filter(status=RequestPrint.Status.PENDING,
                                                 next_attempt_at__lte=timezone.now())
                     .order_by("next_attempt_at", "pk").values_list("pk", flat=True).first())
        if candidate is None:
            break
        if request_print_render(candidate):
            done += 1
        elif RequestPrint.objects.filter(pk=candidate, status=RequestPrint.Status.PENDING,
                                         next_attempt_at__lte=timezone.now()).exists():
            break  # claimed by another worker: leave the rest to the next pass
    return done


__all__ = ["POSTABLE_STATES", "as_submitted", "payload_checksum", "request_print_render",
           "request_print_schedule", "request_prints_render_due"]
