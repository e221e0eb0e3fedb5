"""Reads of change requests: the office queue and what an applicant may open."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import ChangeRequest, Kind, State
from .permissions import INSTITUTION_DATA, module_allowed

INSTITUTION_KINDS = (Kind.INSTITUTION_CHANGE, Kind.INSTITUTION_SUSPENSION, Kind.INSTITUTION_TERMINATION)

AWAITING_OFFICE = (State.SUBMITTED, State.AUTHENTICATED)


def change_request_queue(
    *, kind: str = "", state: str = "", older_than_days: int | None = None,
) -> QuerySet[ChangeRequest]:
    """Requests for the office, oldest submission first; by default those awaiting the office."""
    requests = ChangeRequest.objects.exclude(state=State.DRAFT).exclude(submitted_at=None)
    requests = requests.filter(state=state) if state else requests.filter(state__in=AWAITING_OFFICE)
    if kind:
        requests = requests.filter(kind=kind)
    if older_than_days:
        requests = requests.filter(submitted_at__lte=timezone.now() - timedelta(days=older_than_days))
    return requests.select_related("maintainer", "institution").order_by("submitted_at", "pk")


def change_request_for_applicant(*, pk: int, granted_ids: list[int], user,
                                 without_payload: bool = False) -> ChangeRequest | None:
    """The request if this browser started or continued it, or the user acts for its maintainer.
    ``without_payload``: the (large) payloads are read only if used (the stored PDF's download)."""
    requests = ChangeRequest.objects.select_related("maintainer", "institution__maintainer__maintainer_type")
    if without_payload:
        requests = requests.defer("payload", "base_payload")
    change_request = requests.filter(pk=pk).first()
    if change_request is None:
        return None
    if pk in granted_ids:
        return change_request
    if user.is_authenticated and user.kind == "maintainer" and user.maintainer_id == change_request.maintainer_id \
            and change_request.kind not in INSTITUTION_KINDS:
        return change_request
    if change_request.institution_id and change_request.kind in INSTITUTION_KINDS and user.is_authenticated \
            and module_allowed(user, change_request.institution, INSTITUTION_DATA):
        return change_request
    return None


def institution_requests(*, institution) -> QuerySet[ChangeRequest]:
    """"Kérelmek listája": every request of the institution, newest first."""
    return (ChangeRequest.objects.filter(institution=institution).exclude(state=State.CANCELLED, submitted_at=None)
            .order_by("-created_at", "-pk"))


def change_request_by_code(*, verification_code: str) -> ChangeRequest | None:
    code = verification_code.strip().upper().replace(" ", "").replace("-", "")
    return ChangeRequest.objects.select_related("maintainer").filter(verification_code=code).first() if code else None


DECISION_ACTIONS = {
    "change_request.approve": State.APPROVED.label,
    "change_request.reopen": State.REOPENED.label,
    "change_request.reject": State.REJECTED.label,
}


def decision_history(*, change_request: ChangeRequest) -> list[dict]:
    """The office's decisions on a request, oldest first, from the audit log: when, what, why."""
    from portal.core.models import AuditEntry

    entries = AuditEntry.objects.filter(
        object_type=ChangeRequest._meta.label_lower, object_id=str(change_request.pk),
        action__in=DECISION_ACTIONS,
    ).order_by("created_at", "id")
    return [{"at": e.created_at, "label": DECISION_ACTIONS[e.action], "reason": e.data.get("reason", "")}
            for e in entries]


def request_print_current(change_request: ChangeRequest):
    """The stored print of the request's latest submission, or None (not submitted, or from before
    prints were stored)."""
    from .models import RequestPrint

    if not change_request.submission_count:
        return None
    return RequestPrint.objects.defer("payload").filter(
        change_request=change_request, submission=change_request.submission_count).first()


def request_print_is_ready(change_request: ChangeRequest) -> bool:
    """Whether the applicant's or the clerk's download is the stored, submitted PDF right now."""
    from .models import RequestPrint

    current = request_print_current(change_request)
    return current is not None and current.status == RequestPrint.Status.READY
