"""Writes of the maintainer module: announcing a maintainer, changing and terminating it,
the office's approval, linking institutions and the password letter.

Maintainer requests are ``ChangeRequest`` rows like any other: the states come from
``transitions.TRANSITIONS``; submit, authenticate, reopen, reject and cancel are the
generic services of ``changes.services`` (which call ``maintainer_request_validate``
and ``maintainer_request_approve`` for these kinds).
"""

from __future__ import annotations

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record
from portal.registry import maintainer_schema as ms
from portal.registry.maintainer_schema import MaintainerRecord, Problem
from portal.registry.models import (
    IdentifierCounter,
    Institution,
    InstitutionVersion,
    Maintainer,
    MaintainerVersion,
)

from .models import OPEN_STATES, ChangeRequest, Kind
from .services import ChangeRequestError, _audit, _locked, _mail_all, draft_start_throttle
from .transitions import transition_check

MAINTAINER_KINDS = (Kind.NEW_MAINTAINER, Kind.MAINTAINER_CHANGE, Kind.MAINTAINER_TERMINATION)
MAINTAINER_ID_START = 30000000

REQUEST_OPEN = _(
    "A fenntartónak már van folyamatban lévő kérelme. Azt folytassa, vagy sztornózza a Kérelmek listájában."
)
MAINTAINER_NOT_ACTIVE = _("A fenntartó megszűnt, adatai nem módosíthatók.")
INSTITUTION_NOT_FOUND = _("Ezzel az OM azonosítóval nincs működő intézmény a nyilvántartásban.")
INSTITUTION_ALREADY_LINKED = _("Az intézmény fenntartója már ez a fenntartó.")


def _subject(maintainer: Maintainer) -> str:
    return f"maintainer:{maintainer.pk}"


def _creator(actor):
    return actor if actor is not None and actor.is_authenticated else None


# --- new maintainer ----------------------------------------------------------------------

def maintainer_request_start_new(
    *, record: MaintainerRecord, actor=None, client_address: str | None = None,
) -> ChangeRequest:
    """"Új fenntartó bejelentése": a draft with what was typed; every announcement is a new subject.
    From the web (``client_address``) without an account it counts against ``DRAFT_START_RATE``."""
    if client_address is not None:
        draft_start_throttle(actor=actor, client_address=client_address)
    record.status = ms.ACTIVE
    with transaction.atomic():
        change_request = ChangeRequest.objects.create(
            kind=Kind.NEW_MAINTAINER, subject_key=f"new:{secrets.token_hex(8)}",
            payload=record.to_dict(), applicant_email=record.representative.email,
            created_by=_creator(actor),
        )
        _audit("start", actor=actor, change_request=change_request)
    return change_request


def maintainer_request_draft_save(
    *, change_request: ChangeRequest, record: MaintainerRecord, actor=None, section: str = "",
) -> ChangeRequest:
    """Store the proposed record of a draft or reopened maintainer request."""
    with transaction.atomic():
        locked = _locked(change_request)
        transition_check(action="draft_save", state=locked.state)
        if locked.kind == Kind.NEW_MAINTAINER:
            record.status = ms.ACTIVE
        locked.payload = record.to_dict()
        if record.representative.email:
            locked.applicant_email = record.representative.email
        locked.save(update_fields=["payload", "applicant_email", "updated_at"])
        _audit("draft_save", actor=actor, change_request=locked, section=section)
    return locked


# --- change and termination of a maintainer in the register -----------------------------------

def _open_request(maintainer: Maintainer) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(subject_key=_subject(maintainer), state__in=OPEN_STATES).first()


def maintainer_change_save(
    *, maintainer: Maintainer, record: MaintainerRecord, actor, section: str = "data",
) -> ChangeRequest:
    """"Kérelem mentése beküldés nélkül" of "Fenntartó módosítása": the open draft, or a new one."""
    if maintainer.status != Maintainer.Status.ACTIVE:
        raise ChangeRequestError(MAINTAINER_NOT_ACTIVE)
    record.maintainer_id = maintainer.maintainer_id or ""
    existing = _open_request(maintainer)
    if existing is not None:
        if existing.kind != Kind.MAINTAINER_CHANGE or not existing.is_editable:
            raise ChangeRequestError(REQUEST_OPEN)
        return maintainer_request_draft_save(change_request=existing, record=record, actor=actor, section=section)
    base = ms.from_register(maintainer)
    record.status = base.status
    return _create_for_maintainer(maintainer=maintainer, kind=Kind.MAINTAINER_CHANGE, record=record,
                                  base=base, actor=actor)


def _create_for_maintainer(*, maintainer, kind, record, base, actor) -> ChangeRequest:
    try:
        with transaction.atomic():
            change_request = ChangeRequest.objects.create(
                kind=kind, subject_key=_subject(maintainer), maintainer=maintainer,
                payload=record.to_dict(), base_payload=base.to_dict(),
                applicant_email=base.representative.email or maintainer.representative_email,
                created_by=_creator(actor),
            )
            _audit("start", actor=actor, change_request=change_request)
    except IntegrityError:
        raise ChangeRequestError(REQUEST_OPEN) from None
    return change_request


def maintained_institution_count(maintainer: Maintainer) -> int:
    return maintainer.institutions.exclude(status=Institution.Status.TERMINATED).count()


def _check_no_institutions(maintainer: Maintainer) -> None:
    count = maintained_institution_count(maintainer)
    if count:
        raise ChangeRequestError(
            str(ms.TERMINATION_INSTITUTIONS_REMAIN).format(count=count), field="termination_date")


def maintainer_termination_save(*, maintainer: Maintainer, termination_date: str, actor) -> ChangeRequest:
    """"Fenntartó megszüntetése": only when the maintainer keeps no institution; a draft to submit."""
    if maintainer.status != Maintainer.Status.ACTIVE:
        raise ChangeRequestError(MAINTAINER_NOT_ACTIVE)
    _check_no_institutions(maintainer)
    base = ms.from_register(maintainer)
    record = ms.from_register(maintainer)
    record.termination_date = termination_date
    existing = _open_request(maintainer)
    if existing is not None:
        if existing.kind != Kind.MAINTAINER_TERMINATION or not existing.is_editable:
            raise ChangeRequestError(REQUEST_OPEN, field="termination_date")
        return maintainer_request_draft_save(change_request=existing, record=record, actor=actor,
                                             section="termination")
    return _create_for_maintainer(maintainer=maintainer, kind=Kind.MAINTAINER_TERMINATION, record=record,
                                  base=base, actor=actor)


# --- supporting documents -------------------------------------------------------------------
# A document attached to a maintainer request is a ``documents.Document`` of the request (and of the
# maintainer, when it is already in the register): checked by its content like every other document,
# listed on the maintainer's "Dokumentumok" page and authenticated by the office there.

def supporting_document_attach(
    *, change_request: ChangeRequest, uploaded_file, document_type: str, name: str = "", actor=None, **meta,
):
    """Attach a PDF or JPG (checked by its content, not its name) to an editable maintainer request."""
    from portal.documents.services import DocumentError, document_upload

    with transaction.atomic():
        locked = _locked(change_request)
        transition_check(action="draft_save", state=locked.state)
        try:
            document = document_upload(
                upload=uploaded_file, document_type=document_type, actor=actor, change_request=locked,
                maintainer=locked.maintainer, name=name, **meta)
        except DocumentError as error:
            raise ChangeRequestError(error.message, field=error.field) from None
        _audit("document_attach", actor=actor, change_request=locked, document=document.pk,
               document_type=document_type)
    return document


def supporting_document_remove(*, document, actor=None) -> None:
    """Remove a document from an editable request; an authenticated document stays."""
    from portal.documents.services import DocumentError, document_remove

    with transaction.atomic():
        locked = _locked(document.change_request)
        transition_check(action="draft_save", state=locked.state)
        try:
            document_remove(document=document, actor=actor)
        except DocumentError as error:
            raise ChangeRequestError(error.message) from None
        _audit("document_remove", actor=actor, change_request=locked, document=document.pk)


# --- validation and approval (called by changes.services for these kinds) -------------------------

def maintainer_request_validate(*, change_request: ChangeRequest) -> list[Problem]:
    record = MaintainerRecord.from_dict(change_request.payload)
    if change_request.kind == Kind.MAINTAINER_TERMINATION:
        problems = record.validate_termination()
        count = maintained_institution_count(change_request.maintainer)
        if count:
            problems.append(Problem(ms.TAB_TERMINATION, "termination_date",
                                    str(ms.TERMINATION_INSTITUTIONS_REMAIN).format(count=count)))
        return problems
    types = ms.maintainer_types()
    problems = record.validate(types=types, is_new=change_request.kind == Kind.NEW_MAINTAINER)
    base = MaintainerRecord.from_dict(change_request.base_payload) if change_request.base_payload else None
    if base is not None and base.maintainer_type != record.maintainer_type \
            and not change_request.documents.exists():
        problems.append(Problem(ms.TAB_DATA, "maintainer_type", str(ms.TYPE_CHANGE_WITHOUT_DOCUMENT)))
    return problems


def maintainer_id_allocate() -> str:
    """The next unused 8-digit maintainer ID; the counter only grows, so no ID is handed out twice."""
    IdentifierCounter.objects.get_or_create(name="maintainer_id", defaults={"last_value": MAINTAINER_ID_START})
    counter = IdentifierCounter.objects.select_for_update().get(name="maintainer_id")
    candidate = counter.last_value + 1
    taken = set(Maintainer.objects.filter(
        maintainer_id__gte=f"{candidate:08d}", maintainer_id__lte=f"{candidate + 999:08d}",
    ).values_list("maintainer_id", flat=True))
    while f"{candidate:08d}" in taken:
        candidate += 1
    counter.last_value = candidate
    counter.save(update_fields=["last_value"])
    return f"{candidate:08d}"


def _version_add(*, maintainer, record, change_request, actor, valid_from: date) -> MaintainerVersion:
    last = maintainer.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return MaintainerVersion.objects.create(
        maintainer=maintainer, number=last + 1, valid_from=valid_from, recorded_by=actor,
        change_request=change_request, data=record.to_dict(),
    )


def maintainer_request_approve(
    *, change_request: ChangeRequest, actor, valid_from: date | None = None,
) -> ChangeRequest:
    """Apply an authenticated maintainer request to the register, all or nothing."""
    with transaction.atomic():
        locked = _locked(change_request)
        locked.state = transition_check(action="approve", state=locked.state)
        record = MaintainerRecord.from_dict(locked.payload)
        now = timezone.now()
        valid_from = valid_from or timezone.localdate()
        if locked.kind == Kind.NEW_MAINTAINER:
            maintainer = _approve_new(record=record, now=now)
        elif locked.kind == Kind.MAINTAINER_TERMINATION:
            maintainer = _approve_termination(locked, record=record)
            valid_from = date.fromisoformat(record.termination_date)
        else:
            maintainer = Maintainer.objects.select_for_update().get(pk=locked.maintainer_id)
            record.maintainer_id, record.status = maintainer.maintainer_id, maintainer.status
            ms.apply_to_register(record, maintainer=maintainer)
        _version_add(maintainer=maintainer, record=record, change_request=locked, actor=actor,
                     valid_from=valid_from)
        locked.maintainer = maintainer
        if locked.kind == Kind.NEW_MAINTAINER:
            locked.documents.update(maintainer=maintainer)
        locked.payload = record.to_dict()
        locked.decided_at, locked.decided_by = now, actor
        locked.save()
        _audit("approve", actor=actor, change_request=locked, maintainer_id=maintainer.maintainer_id)
        audit_record(action=f"maintainer.{_ACTIONS[locked.kind]}", actor=actor, target=maintainer,
                     data={"maintainer_id": maintainer.maintainer_id, "change_request": locked.pk})
        if locked.kind == Kind.NEW_MAINTAINER:
            _account_create(maintainer=maintainer, record=record, actor=actor)
        _mail_all(locked, template="maintainer_request_approved", maintainer=maintainer)
    return locked


_ACTIONS = {Kind.NEW_MAINTAINER: "create", Kind.MAINTAINER_CHANGE: "change",
            Kind.MAINTAINER_TERMINATION: "terminate"}


def _approve_new(*, record: MaintainerRecord, now) -> Maintainer:
    from portal.core.models import MaintainerType

    maintainer = Maintainer(
        maintainer_id=maintainer_id_allocate(), name=record.name, status=Maintainer.Status.ACTIVE,
        maintainer_type=MaintainerType.objects.get(code=record.maintainer_type), approved_at=now,
    )
    record.maintainer_id, record.status = maintainer.maintainer_id, ms.ACTIVE
    ms.apply_to_register(record, maintainer=maintainer)
    return maintainer


def _approve_termination(change_request: ChangeRequest, *, record: MaintainerRecord) -> Maintainer:
    maintainer = Maintainer.objects.select_for_update().get(pk=change_request.maintainer_id)
    _check_no_institutions(maintainer)
    maintainer.status = Maintainer.Status.TERMINATED
    maintainer.terminated_on = date.fromisoformat(record.termination_date)
    maintainer.save(update_fields=["status", "terminated_on"])
    maintainer.users.update(is_active=False)
    record.status = ms.TERMINATED
    return maintainer


def _account_create(*, maintainer: Maintainer, record: MaintainerRecord, actor) -> None:
    """The maintainer's login (its ID) and a single-use link to the representative to set the password."""
    from portal.accounts.models import CredentialToken
    from portal.accounts.models import Kind as UserKind
    from portal.accounts.services import credential_link_send, user_create

    user = user_create(kind=UserKind.MAINTAINER, maintainer=maintainer, email=record.representative.email,
                       full_name=record.name, actor=actor)
    credential_link_send(user=user, purpose=CredentialToken.Purpose.ACTIVATE,
                         template="maintainer_password", context={"maintainer": maintainer})


# --- the office: linking institutions and the password letter ---------------------------------

def maintainer_institution_link(
    *, maintainer: Maintainer, om_id: str, actor, valid_from: date | None = None,
) -> Institution:
    """The office assigns an institution of the register to ``maintainer``: a new register version."""
    from portal.registry.schema import from_register

    if maintainer.status != Maintainer.Status.ACTIVE:
        raise ChangeRequestError(MAINTAINER_NOT_ACTIVE, field="om_id")
    with transaction.atomic():
        institution = (
            Institution.objects.select_for_update()
            .filter(om_id=om_id.strip()).exclude(status=Institution.Status.TERMINATED).first()
        )
        if institution is None:
            raise ChangeRequestError(INSTITUTION_NOT_FOUND, field="om_id")
        if institution.maintainer_id == maintainer.pk:
            raise ChangeRequestError(INSTITUTION_ALREADY_LINKED, field="om_id")
        previous = institution.maintainer
        institution.maintainer = maintainer
        institution.save(update_fields=["maintainer"])
        last = institution.versions.order_by("-number").values_list("number", flat=True).first() or 0
        InstitutionVersion.objects.create(
            institution=institution, number=last + 1, valid_from=valid_from or timezone.localdate(),
            recorded_by=actor, data=from_register(institution).to_dict(),
        )
        audit_record(action="institution.maintainer_change", actor=actor, target=institution, data={
            "from": previous.maintainer_id if previous else "", "to": maintainer.maintainer_id,
        })
    return institution


def maintainer_password_letter(
    *, maintainer: Maintainer, received_on: date, reference: str, actor,
) -> tuple[str, object]:
    """Record the written request for a new password; returns the single-use code for the letter
    (only its hash is kept) and the token's user. Earlier codes stop working."""
    from portal.accounts.models import CredentialToken
    from portal.accounts.models import Kind as UserKind
    from portal.accounts.services import credential_code_issue, user_create

    with transaction.atomic():
        user = maintainer.users.filter(kind=UserKind.MAINTAINER).first()
        if user is None:
            user = user_create(kind=UserKind.MAINTAINER, maintainer=maintainer,
                               email=maintainer.representative_email, full_name=maintainer.name, actor=actor)
        code = credential_code_issue(user=user)
        token = CredentialToken.objects.filter(user=user, purpose=CredentialToken.Purpose.MAINTAINER_LETTER) \
            .order_by("-created_at").first()
        audit_record(action="maintainer.password_letter", actor=actor, target=maintainer, data={
            "received_on": received_on.isoformat(), "reference": reference.strip(),
            "expires_at": token.expires_at.isoformat(),
        })
    return code, token


__all__ = [
    "MAINTAINER_KINDS", "maintainer_request_start_new", "maintainer_request_draft_save",
    "maintainer_change_save", "maintainer_termination_save", "supporting_document_attach",
    "supporting_document_remove", "maintainer_request_validate", "maintainer_request_approve",
    "maintainer_id_allocate", "maintainer_institution_link", "maintainer_password_letter",
]
