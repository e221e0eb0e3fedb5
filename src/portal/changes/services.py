"""Every write of a change request: one function per action.

Each checks the action against ``transitions.TRANSITIONS`` on the row locked
with ``select_for_update()`` inside ``transaction.atomic()``, saves, writes an
audit entry and queues mail for after the commit.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import ratelimit
from portal.core.audit import audit_record
from portal.core.mail import mail_send
from portal.registry import checks
from portal.registry.codes import CodeBook, codebook_load
from portal.registry.models import (
    IdentifierCounter,
    Institution,
    InstitutionVersion,
    Maintainer,
)
from portal.registry.schema import (
    SEAT,
    InstitutionRecord,
    Problem,
    SiteRecord,
    apply_to_register,
)

from .models import ChangeRequest, Kind, State
from .printing import request_print_schedule
from .transitions import TransitionNotAllowed, transition_check

PIR_INVALID = _(
    "Adjon meg érvényes PIR számot: 6 számjegy, az utolsó az ellenőrző számjegy "
    "(a Magyar Államkincstár törzskönyvi azonosítója)."
)
PIR_IN_REGISTER = _("Ezzel a PIR számmal már szerepel intézmény a nyilvántartásban.")
PIR_HAS_OPEN_REQUEST = _(
    "Ezzel a PIR számmal már van folyamatban lévő bejelentés. A folytatáshoz kérjen kódot a "
    "bejelentéskor megadott e-mail címre."
)
MAINTAINER_ID_INVALID = _("A fenntartói azonosító 8 számjegyből áll.")
MAINTAINER_NOT_FOUND = _("Ezzel az azonosítóval nincs működő fenntartó a nyilvántartásban.")
REASON_REQUIRED = _("Adja meg a döntés indokát.")
VERIFICATION_CODE_NOT_FOUND = _("Ezzel az ellenőrző kóddal nincs beküldött kérelem.")
CONTINUATION_CODE_INVALID = _("A kód hibás vagy lejárt. Kérjen új kódot.")
CONTINUATION_LOCKED = _(
    "Ehhez a bejelentéshez túl sok hibás kódot írtak be. Biztonsági okból kóddal %(hours)s óra múlva "
    "folytatható; addig új kód kérése sem segít."
)
DRAFT_START_LIMITED = _(
    "Erről a címről rövid idő alatt túl sok új bejelentést kezdtek. Kérjük, próbálja újra "
    "%(minutes)s perc múlva."
)
CONTINUATION_SEND_LIMITED = _(
    "Túl sok kódot kértek rövid idő alatt. Kérjük, próbálja újra %(minutes)s perc múlva; "
    "a korábban kapott kód addig is érvényes."
)
OM_ID_START = 203999
_MAINTAINER_KINDS = (Kind.NEW_MAINTAINER, Kind.MAINTAINER_CHANGE, Kind.MAINTAINER_TERMINATION)
CONTINUATION_MINUTES = 30
CONTINUATION_MAX_ATTEMPTS = 5  # wrong codes per draft, however many codes are sent
CONTINUATION_LOCK_HOURS = 24  # after which the draft takes codes again


class ChangeRequestError(Exception):
    """A rule of the request was broken; ``field`` names the form field the message belongs to."""

    def __init__(self, message, *, field: str = "__all__"):
        super().__init__(str(message))
        self.message, self.field = str(message), field


class RateLimited(ChangeRequestError):
    """Too many requests from this client (or for this draft): the view answers 429."""


def draft_start_throttle(*, actor=None, client_address: str | None) -> None:
    """A draft started without an account counts against the client's ``DRAFT_START_RATE``."""
    if actor is not None and actor.is_authenticated:
        return
    decision = ratelimit.hit("draft-start", client_address, settings.DRAFT_START_RATE)
    if not decision.allowed:
        raise RateLimited(DRAFT_START_LIMITED % {"minutes": decision.minutes})


class SubmitInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _locked(change_request: ChangeRequest) -> ChangeRequest:
    return ChangeRequest.objects.select_for_update().get(pk=change_request.pk)


def _audit(action: str, *, actor, change_request: ChangeRequest, **data) -> None:
    audit_record(
        action=f"change_request.{action}", actor=actor, target=change_request,
        data={"state": change_request.state, "kind": change_request.kind, **data},
    )


def _recipients(change_request: ChangeRequest) -> list[str]:
    """The applicant and the head named in the request, once each."""
    head = (change_request.payload.get("head") or {}).get("email", "")
    representative = (change_request.payload.get("representative") or {}).get("email", "")
    emails = [change_request.applicant_email, head, representative]
    return [e for i, e in enumerate(emails) if e and checks.email_valid(e) and e not in emails[:i]]


def _mail_all(change_request: ChangeRequest, *, template: str, **context) -> None:
    for to in _recipients(change_request):
        mail_send(to=to, template=template, context={"change_request": change_request, **context})


# --- starting ------------------------------------------------------------------------------

def change_request_start_new_institution(
    *, pir: str = "", maintainer_id: str, applicant_email: str, actor=None, client_address: str | None = None,
) -> ChangeRequest:
    """Open a new-institution request with a PIR number or for a maintainer of the register. A request
    from the web gives ``client_address``: without an account it counts against ``DRAFT_START_RATE``."""
    pir, maintainer_id = pir.strip(), maintainer_id.strip()
    if pir and not checks.pir_valid(pir):
        raise ChangeRequestError(PIR_INVALID, field="pir")
    if not checks.maintainer_id_valid(maintainer_id):
        raise ChangeRequestError(MAINTAINER_ID_INVALID, field="maintainer_id")
    maintainer = Maintainer.objects.filter(
        maintainer_id=maintainer_id, status=Maintainer.Status.ACTIVE
    ).first()
    if maintainer is None:
        raise ChangeRequestError(MAINTAINER_NOT_FOUND, field="maintainer_id")
    if pir and Institution.objects.filter(pir=pir).exclude(status=Institution.Status.TERMINATED).exists():
        raise ChangeRequestError(PIR_IN_REGISTER, field="pir")
    if client_address is not None:
        draft_start_throttle(actor=actor, client_address=client_address)
    record = InstitutionRecord(pir=pir, maintainer_id=maintainer_id, sites=[SiteRecord(kind=SEAT)])
    subject = f"pir:{pir}" if pir else f"new:{secrets.token_hex(8)}"
    try:
        with transaction.atomic():
            change_request = ChangeRequest.objects.create(
                kind=Kind.NEW_INSTITUTION, subject_key=subject, maintainer=maintainer,
                payload=record.to_dict(), applicant_email=applicant_email.strip(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
            _audit("start", actor=actor, change_request=change_request, pir=pir)
    except IntegrityError:
        raise ChangeRequestError(PIR_HAS_OPEN_REQUEST, field="pir") from None
    return change_request


def _code_hash(change_request: ChangeRequest, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{change_request.pk}:{code}".encode(), hashlib.sha256).hexdigest()


def _continuable(*, pir: str = "", request_number: int | None = None, email: str = "") -> ChangeRequest | None:
    """The open draft (or reopened request) a code may continue, locked: the PIR's new-institution
    request, or a new-maintainer announcement by its number and the e-mail given in it."""
    drafts = ChangeRequest.objects.select_for_update().filter(state__in=(State.DRAFT, State.REOPENED))
    if pir.strip():
        return drafts.filter(subject_key=f"pir:{pir.strip()}").first()
    if request_number and email.strip():
        return drafts.filter(pk=request_number, kind=Kind.NEW_MAINTAINER,
                             applicant_email__iexact=email.strip()).first()
    return None


def _continuation_throttle(*, client_address: str | None, subject: str) -> None:
    """``CONTINUATION_SEND_RATE`` per client and per draft named (whether or not it exists, so the
    answer tells nothing): no mail bombing of an applicant, no harvest of fresh codes."""
    for scope, key in (("continuation-client", client_address), ("continuation-draft", subject)):
        decision = ratelimit.hit(scope, key, settings.CONTINUATION_SEND_RATE)
        if not decision.allowed:
            raise RateLimited(CONTINUATION_SEND_LIMITED % {"minutes": decision.minutes})


def _guesses_locked(change_request: ChangeRequest, now) -> bool:
    """The draft spent its guess budget within the lock period (a new code does not renew it)."""
    locked_until = change_request.continuation_locked_until
    return locked_until is not None and locked_until > now


def change_request_continuation_send(
    *, pir: str = "", request_number: int | None = None, email: str = "", client_address: str | None = None,
) -> ChangeRequest | None:
    """Mail a single-use code to the e-mail given in the open request: a PIR's new-institution request,
    or a new-maintainer announcement named by its number and that e-mail. Silent when none matches.

    A new code replaces the previous one but keeps the count of wrong codes: the draft takes
    ``CONTINUATION_MAX_ATTEMPTS`` wrong codes in all, then none for ``CONTINUATION_LOCK_HOURS``."""
    subject = f"pir:{pir.strip()}" if pir.strip() else f"{request_number}:{email.strip().lower()}"
    _continuation_throttle(client_address=client_address, subject=subject)
    with transaction.atomic():
        change_request = _continuable(pir=pir, request_number=request_number, email=email)
        if change_request is None:
            return None
        now = timezone.now()
        if _guesses_locked(change_request, now):
            return change_request  # no code while the budget is spent; the answer stays the same
        if change_request.continuation_locked_until is not None:  # the lock has passed: a new budget
            change_request.continuation_attempts = 0
            change_request.continuation_locked_until = None
        code = f"{secrets.randbelow(10**6):06d}"
        change_request.continuation_code_hash = _code_hash(change_request, code)
        change_request.continuation_expires_at = now + timedelta(minutes=CONTINUATION_MINUTES)
        change_request.save(update_fields=[
            "continuation_code_hash", "continuation_expires_at", "continuation_attempts",
            "continuation_locked_until", "updated_at",
        ])
        _audit("continuation_send", actor=None, change_request=change_request)
        mail_send(
            to=change_request.applicant_email, template="change_request_continuation",
            context={"change_request": change_request, "code": code, "minutes": CONTINUATION_MINUTES},
        )
    return change_request


def change_request_continuation_verify(
    *, code: str, pir: str = "", request_number: int | None = None, email: str = "",
) -> ChangeRequest:
    """The open request (found as by ``change_request_continuation_send``) if ``code`` is the one mailed;
    each code works once. The ``CONTINUATION_MAX_ATTEMPTS``-th wrong code spends the draft's budget
    (and the code mailed): no code is taken for ``CONTINUATION_LOCK_HOURS``."""
    with transaction.atomic():
        change_request = _continuable(pir=pir, request_number=request_number, email=email)
        now = timezone.now()
        locked_until = change_request.continuation_locked_until if change_request is not None else None
        if locked_until is not None and locked_until > now:
            left = (locked_until - now).total_seconds()
            raise ChangeRequestError(CONTINUATION_LOCKED % {"hours": max(1, math.ceil(left / 3600))},
                                     field="code")
        if change_request is None or not change_request.continuation_code_hash:
            raise ChangeRequestError(CONTINUATION_CODE_INVALID, field="code")
        expires_at = change_request.continuation_expires_at
        expired = expires_at is None or expires_at < now
        matches = hmac.compare_digest(change_request.continuation_code_hash,
                                      _code_hash(change_request, code.strip()))
        failed = expired or not matches
        if failed:  # saved, and raised after the commit
            change_request.continuation_attempts += 1
            if change_request.continuation_attempts >= CONTINUATION_MAX_ATTEMPTS:
                change_request.continuation_locked_until = now + timedelta(hours=CONTINUATION_LOCK_HOURS)
                change_request.continuation_code_hash = ""
            change_request.save(update_fields=[
                "continuation_attempts", "continuation_locked_until", "continuation_code_hash"])
        else:
            change_request.continuation_code_hash = ""
            change_request.continuation_expires_at = None
            change_request.continuation_attempts = 0
            change_request.save(update_fields=[
                "continuation_code_hash", "continuation_expires_at", "continuation_attempts"])
            _audit("continue", actor=None, change_request=change_request)
    if failed:
        raise ChangeRequestError(CONTINUATION_CODE_INVALID, field="code")
    return change_request


# --- the applicant's actions ---------------------------------------------------------------

class DraftConflict(ChangeRequestError):
    """The request was saved elsewhere since this form was shown (two browser tabs)."""


def revision_of(change_request: ChangeRequest) -> str:
    return change_request.updated_at.isoformat() if change_request.updated_at else ""


def change_request_draft_save(
    *, change_request: ChangeRequest, record: InstitutionRecord, actor=None, section: str = "",
    expected_revision: str = "",
) -> ChangeRequest:
    """Store the proposed record of a draft or reopened request.

    ``expected_revision`` (the revision the form was shown with) must still be current:
    a second tab never silently overwrites what the first one saved.
    """
    from .operating import DRAFT_CONFLICT

    with transaction.atomic():
        locked = _locked(change_request)
        transition_check(action="draft_save", state=locked.state)
        if expected_revision and expected_revision != revision_of(locked):
            raise DraftConflict(DRAFT_CONFLICT)
        record.normalise()
        locked.payload = record.to_dict()
        locked.save(update_fields=["payload", "updated_at"])
        _audit("draft_save", actor=actor, change_request=locked, section=section)
    return locked


def _maintainer_exists(record: InstitutionRecord) -> bool:
    return Maintainer.objects.filter(
        maintainer_id=record.maintainer_id, status=Maintainer.Status.ACTIVE
    ).exists()


def change_request_validate(
    *, change_request: ChangeRequest, codes: CodeBook | None = None,
) -> list[Problem]:
    if change_request.kind in _MAINTAINER_KINDS:
        from .maintainer_services import maintainer_request_validate

        return maintainer_request_validate(change_request=change_request)
    from . import operating

    codes = codes or codebook_load()
    record = InstitutionRecord.from_dict(change_request.payload)
    problems = record.validate(codes=codes, maintainer_exists=_maintainer_exists(record))
    if change_request.kind in operating.INSTITUTION_KINDS and change_request.institution_id:
        problems += operating.institution_request_problems(change_request, record, codes)
    return problems


def _new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: it is typed from paper
    return "".join(secrets.choice(alphabet) for _ in range(10))


def change_request_submit(*, change_request: ChangeRequest, actor=None) -> ChangeRequest:
    """Finalise the request: every problem at once, or a new verification code for the paper copy."""
    from . import operating

    codes = codebook_load()
    with transaction.atomic():
        locked = _locked(change_request)
        target = transition_check(action="submit", state=locked.state)
        problems = change_request_validate(change_request=locked, codes=codes)
        if problems:
            raise SubmitInvalid(problems)
        locked.state = target
        if locked.kind in operating.INSTITUTION_KINDS and locked.institution_id:
            # One request of an institution in progress at a time (the partial unique constraint).
            locked.subject_key = operating.subject_for_submit(locked)
            try:
                with transaction.atomic():
                    locked.save(update_fields=["subject_key"])
            except IntegrityError:
                raise ChangeRequestError(operating.IN_PROGRESS) from None
        locked.verification_code = _new_verification_code()
        locked.submission_count += 1
        locked.submitted_at = timezone.now()
        locked.authenticated_at = None
        locked.authenticated_by = None
        locked.save()
        _audit("submit", actor=actor, change_request=locked,
               verification_code=locked.verification_code, submission=locked.submission_count)
        request_print_schedule(change_request=locked)  # rendered by the worker once this commits
        # The maintainer's representative signs a maintainer request, the head an institution's.
        prefix = "maintainer_request" if locked.kind in _MAINTAINER_KINDS else "change_request"
        _mail_all(locked, template=f"{prefix}_submitted")
        from portal.documents.services import deficiency_notices_resolve

        if locked.institution_id:
            deficiency_notices_resolve(institution=locked.institution, change_request=locked)
        elif locked.kind in _MAINTAINER_KINDS and locked.maintainer_id:
            deficiency_notices_resolve(maintainer=locked.maintainer, change_request=locked)
    return locked


def change_request_cancel(*, change_request: ChangeRequest, actor=None) -> ChangeRequest:
    with transaction.atomic():
        locked = _locked(change_request)
        locked.state = transition_check(action="cancel", state=locked.state)
        locked.save(update_fields=["state", "updated_at"])
        _audit("cancel", actor=actor, change_request=locked)
    return locked


# --- the office's actions ------------------------------------------------------------------

def change_request_authenticate(*, verification_code: str, actor) -> ChangeRequest:
    """The signed paper copy with this code has arrived by post."""
    code = verification_code.strip().upper().replace(" ", "").replace("-", "")
    with transaction.atomic():
        locked = ChangeRequest.objects.select_for_update().filter(verification_code=code).first()
        if locked is None:
            raise ChangeRequestError(VERIFICATION_CODE_NOT_FOUND, field="verification_code")
        locked.state = transition_check(action="authenticate", state=locked.state)
        locked.authenticated_at = timezone.now()
        locked.authenticated_by = actor
        locked.save(update_fields=["state", "authenticated_at", "authenticated_by", "updated_at"])
        _audit("authenticate", actor=actor, change_request=locked, verification_code=code)
    return locked


def _decide(*, change_request: ChangeRequest, action: str, actor, reason: str) -> ChangeRequest:
    if not reason.strip():
        raise ChangeRequestError(REASON_REQUIRED, field="reason")
    with transaction.atomic():
        locked = _locked(change_request)
        locked.state = transition_check(action=action, state=locked.state)
        locked.decision_reason = reason.strip()
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["state", "decision_reason", "decided_at", "decided_by", "updated_at"])
        _audit(action, actor=actor, change_request=locked, reason=locked.decision_reason)
        # Maintainer requests have their own wording (seed p. 32): the representative is told where the
        # reopened request and the reason are shown in the maintainer module.
        prefix = "maintainer_request" if locked.kind in _MAINTAINER_KINDS else "change_request"
        _mail_all(locked, template=f"{prefix}_{action}ed", reason=locked.decision_reason)
    return locked


def change_request_reopen(*, change_request: ChangeRequest, actor, reason: str) -> ChangeRequest:
    """Send the request back to the applicant; it must be resubmitted and re-authenticated."""
    return _decide(change_request=change_request, action="reopen", actor=actor, reason=reason)


def change_request_reject(*, change_request: ChangeRequest, actor, reason: str) -> ChangeRequest:
    """Final refusal; a new request is needed."""
    return _decide(change_request=change_request, action="reject", actor=actor, reason=reason)


def om_id_allocate() -> str:
    """The next unused 6-digit OM ID; the counter only grows, so an ID is never handed out twice."""
    IdentifierCounter.objects.get_or_create(name="om_id", defaults={"last_value": OM_ID_START})
    counter = IdentifierCounter.objects.select_for_update().get(name="om_id")
    candidate = counter.last_value + 1
    taken = set(
        Institution.objects.filter(om_id__gte=f"{candidate:06d}", om_id__lte=f"{candidate + 999:06d}")
        .values_list("om_id", flat=True)
    )
    while f"{candidate:06d}" in taken:
        candidate += 1
    counter.last_value = candidate
    counter.save(update_fields=["last_value"])
    return f"{candidate:06d}"


def change_request_approve(
    *, change_request: ChangeRequest, actor, valid_from: date | None = None,
) -> ChangeRequest:
    """Apply an authenticated new-institution request to the register, all or nothing."""
    if change_request.kind in _MAINTAINER_KINDS:
        from .maintainer_services import maintainer_request_approve

        return maintainer_request_approve(change_request=change_request, actor=actor, valid_from=valid_from)
    with transaction.atomic():
        locked = _locked(change_request)
        locked.state = transition_check(action="approve", state=locked.state)
        if locked.kind != Kind.NEW_INSTITUTION:
            from .operating import approve_institution_request

            approve_institution_request(locked=locked, actor=actor, valid_from=valid_from)
            locked.decided_at, locked.decided_by = timezone.now(), actor
            locked.save()
            _audit("approve", actor=actor, change_request=locked)
            _mail_all(locked, template="change_request_approved", institution=locked.institution)
            return locked
        record = InstitutionRecord.from_dict(locked.payload)
        maintainer = Maintainer.objects.get(maintainer_id=record.maintainer_id)
        now = timezone.now()
        institution = Institution(
            om_id=om_id_allocate(), name=record.name, maintainer=maintainer,
            status=Institution.Status.ACTIVE, approved_at=now,
        )
        record.om_id = institution.om_id
        apply_to_register(record, institution=institution)
        data = record.to_dict()  # one snapshot: the version's and the approved request's
        InstitutionVersion.objects.create(
            institution=institution, number=1, valid_from=valid_from or timezone.localdate(),
            recorded_by=actor, change_request=locked, data=data,
        )
        locked.institution = institution
        locked.documents.update(institution=institution)
        locked.payload = data
        locked.decided_at, locked.decided_by = now, actor
        locked.save()
        _audit("approve", actor=actor, change_request=locked, om_id=institution.om_id)
        audit_record(action="institution.create", actor=actor, target=institution,
                     data={"om_id": institution.om_id, "change_request": locked.pk})
        _master_link_send(institution=institution, record=record, actor=actor)
        _mail_all(locked, template="change_request_approved", institution=institution)
    return locked


def _master_link_send(*, institution: Institution, record: InstitutionRecord, actor) -> None:
    """Create the head's master account and mail the single-use link to set the master password."""
    from portal.accounts.models import CredentialToken
    from portal.accounts.models import Kind as UserKind
    from portal.accounts.services import credential_link_send, user_create

    user = user_create(kind=UserKind.MASTER, email=record.head.email, full_name=record.head.name,
                       institution=institution, actor=actor)
    credential_link_send(user=user, purpose=CredentialToken.Purpose.MASTER,
                         template="institution_master_password", context={"institution": institution})


__all__ = [
    "ChangeRequestError", "SubmitInvalid", "TransitionNotAllowed",
    "change_request_start_new_institution", "change_request_continuation_send",
    "change_request_continuation_verify", "change_request_draft_save", "change_request_validate",
    "change_request_submit", "change_request_cancel", "change_request_authenticate",
    "change_request_approve", "change_request_reopen", "change_request_reject", "om_id_allocate",
]
