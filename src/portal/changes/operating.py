"""Requests of an operating institution: data change, site and task marks, suspension, termination.

A data change starts from the register (``schema.from_register``) and keeps that
record as ``base_payload``, so the office, the PDF and the applicant see what
changes. Drafts live under the subject ``institution:<pk>:draft`` and move to
``institution:<pk>`` on submit: the partial unique constraint of ChangeRequest then
guarantees that at most one request of an institution is in progress, while a
draft can still be saved next to it (seed p. 22).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record
from portal.registry.codes import CodeBook, codebook_load
from portal.registry.models import Institution, InstitutionVersion, Site
from portal.registry.schema import (
    SEAT,
    SUSPEND,
    TAB_BASIC,
    TAB_SITES,
    TERMINATE,
    InstitutionRecord,
    Problem,
    StatusChange,
    apply_to_register,
    diff,
    from_register,
    validate_status_change,
)

from .models import ChangeRequest, Kind, State
from .transitions import transition_check

INSTITUTION_KINDS = (Kind.INSTITUTION_CHANGE, Kind.INSTITUTION_SUSPENSION, Kind.INSTITUTION_TERMINATION)

IN_PROGRESS = _(
    "Az intézménynek már van folyamatban lévő kérelme. Amíg azt az Oktatási Hivatal el nem bírálja, "
    "új kérelem nem küldhető be, a módosításokat csak piszkozatként mentheti."
)
NO_CHANGE = _("A kérelem nem tartalmaz változást a nyilvántartott adatokhoz képest.")
RELATIONS_ACTIVE = _(
    "A feladatellátási helyhez aktív gyermek/tanulói vagy alkalmazotti jogviszony tartozik "
    "(%(enrolments)s tanulói, %(employments)s alkalmazotti), ezért nem szüneteltethető és nem szüntethető meg."
)
INSTITUTION_RELATIONS_ACTIVE = _(
    "Az intézményhez aktív gyermek/tanulói vagy alkalmazotti jogviszony tartozik "
    "(%(enrolments)s tanulói, %(employments)s alkalmazotti), ezért szünetelése vagy megszűnése nem jelenthető be."
)
SEAT_STATUS_REFUSED = _(
    "A székhely nem szüneteltethető és nem szüntethető meg; az intézmény szünetelését vagy megszűnését "
    "a Szünetelés/megszűnés bejelentése menüpontban jelentheti be."
)
SITE_NOT_APPROVED = _("Csak a nyilvántartásban már szereplő feladatellátási hely szüneteltethető vagy szüntethető meg.")
TASK_NOT_APPROVED = _("Csak a már átvezetett feladatok jelölhetők törlésre vagy szünetelésre.")
DRAFT_CONFLICT = _(
    "A kérelmet időközben egy másik böngészőablakban vagy egy másik felhasználó módosította, ezért az Ön "
    "által most beírt adatokat nem mentettük. Az űrlapon megmaradtak: ellenőrizze őket, és ha ezeket "
    "szeretné megtartani, mentse újra."
)
INSTITUTION_NOT_ACTIVE = _("Csak működő intézmény adatai módosíthatók.")
NOT_A_DRAFT = _("A kérelem már nem piszkozat, nem módosítható.")


class OperatingError(Exception):
    def __init__(self, message, *, field: str = "__all__"):
        super().__init__(str(message))
        self.message, self.field = str(message), field


class StatusChangeInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def draft_key(institution: Institution) -> str:
    return f"institution:{institution.pk}:draft"


def in_progress_key(institution: Institution) -> str:
    return f"institution:{institution.pk}"


def _audit(action: str, *, actor, change_request: ChangeRequest, **data) -> None:
    audit_record(action=f"change_request.{action}", actor=actor, target=change_request,
                 data={"state": change_request.state, "kind": change_request.kind, **data})


def _actor(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def register_record(institution: Institution, *, codes: CodeBook | None = None) -> InstitutionRecord:
    """The current record, with legacy task characteristics that no longer fit shown empty (seed p. 18)."""
    codes = codes or codebook_load()
    record = from_register(institution)
    for site in record.sites:
        for task in site.tasks:
            if task.special_characteristic not in codes.special_characteristics or not codes.combination_allowed(
                    *task.combination):
                task.special_characteristic = ""
    return record


def institution_draft(*, institution: Institution) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(
        subject_key=draft_key(institution), state=State.DRAFT).first()


def institution_request_in_progress(*, institution: Institution) -> ChangeRequest | None:
    return ChangeRequest.objects.filter(
        subject_key=in_progress_key(institution),
        state__in=(State.SUBMITTED, State.AUTHENTICATED, State.REOPENED)).first()


def change_request_start_institution_change(*, institution: Institution, actor) -> ChangeRequest:
    """The institution's draft data change; a new one prefilled from the register if there is none."""
    if institution.status != Institution.Status.ACTIVE:
        raise OperatingError(INSTITUTION_NOT_ACTIVE)
    existing = institution_draft(institution=institution)
    if existing is not None:
        return existing
    record = register_record(institution)
    base = from_register(institution)
    try:
        with transaction.atomic():
            change_request = ChangeRequest.objects.create(
                kind=Kind.INSTITUTION_CHANGE, subject_key=draft_key(institution), institution=institution,
                maintainer=institution.maintainer, payload=record.to_dict(), base_payload=base.to_dict(),
                applicant_email=record.head.email or institution.head_email, created_by=_actor(actor),
            )
            _audit("start", actor=actor, change_request=change_request, om_id=institution.om_id)
    except IntegrityError:  # another tab created it a moment ago
        return institution_draft(institution=institution)
    return change_request


# --- relations ----------------------------------------------------------------------------

def _site_relations_problem(site: Site) -> str | None:
    if site.active_enrolments or site.active_employments:
        return str(RELATIONS_ACTIVE % {"enrolments": site.active_enrolments,
                                       "employments": site.active_employments})
    return None


def institution_relation_totals(institution: Institution) -> tuple[int, int]:
    sites = Site.objects.filter(institution=institution, is_active=True)
    return (sum(s.active_enrolments for s in sites), sum(s.active_employments for s in sites))


# --- marks on sites and tasks ---------------------------------------------------------------

def _locked_editable(change_request: ChangeRequest) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    transition_check(action="draft_save", state=locked.state)
    return locked


def change_request_site_status_set(
    *, change_request: ChangeRequest, site_key: str, change: StatusChange | None, actor,
) -> ChangeRequest:
    """Mark a site of the register for suspension or termination (``None`` clears the mark)."""
    if change is not None:
        problems = validate_status_change(change)
        if problems:
            raise StatusChangeInvalid(problems)
    with transaction.atomic():
        locked = _locked_editable(change_request)
        record = InstitutionRecord.from_dict(locked.payload)
        site = record.site(site_key)
        row = Site.objects.filter(institution_id=locked.institution_id, key=site_key, is_active=True).first()
        if site is None or row is None:
            raise OperatingError(SITE_NOT_APPROVED)
        if change is not None:
            if site.kind == SEAT:
                raise OperatingError(SEAT_STATUS_REFUSED)
            if problem := _site_relations_problem(row):
                raise OperatingError(problem)
        site.status_change = change or StatusChange()
        locked.payload = record.to_dict()
        locked.save(update_fields=["payload", "updated_at"])
        _audit("site_status", actor=actor, change_request=locked, site=site_key,
               status_change=change.kind if change else "")
    return locked


def change_request_task_mark(
    *, change_request: ChangeRequest, site_key: str, task_key: str, mark: str, actor,
) -> ChangeRequest:
    """Mark an approved task for deletion or suspension ("" clears the mark)."""
    with transaction.atomic():
        locked = _locked_editable(change_request)
        record = InstitutionRecord.from_dict(locked.payload)
        base = InstitutionRecord.from_dict(locked.base_payload or {})
        site, base_site = record.site(site_key), base.site(site_key)
        task = next((t for t in site.tasks if t.key == task_key), None) if site else None
        approved = base_site is not None and any(t.key == task_key for t in base_site.tasks)
        if task is None or not approved or mark not in ("", "delete", "suspend"):
            raise OperatingError(TASK_NOT_APPROVED)
        task.marked = mark
        locked.payload = record.to_dict()
        locked.save(update_fields=["payload", "updated_at"])
        _audit("task_mark", actor=actor, change_request=locked, site=site_key, task=task_key, mark=mark)
    return locked


# --- checks on submit and approval ----------------------------------------------------------

def institution_request_problems(change_request: ChangeRequest, record: InstitutionRecord,
                                 codes: CodeBook) -> list[Problem]:
    """What the generic validation cannot know: relations, and that a data change changes something."""
    problems: list[Problem] = []
    institution = change_request.institution
    rows = {s.key: s for s in Site.objects.filter(institution=institution, is_active=True)}
    for site in record.sites:
        row = rows.get(site.key)
        if site.status_change.kind and row is not None and (problem := _site_relations_problem(row)):
            problems.append(Problem(TAB_SITES, "status_kind", problem, site=site.key))
    if change_request.kind == Kind.INSTITUTION_CHANGE:
        base = InstitutionRecord.from_dict(change_request.base_payload or {})
        if not diff(base, record, codes=codes):
            problems.append(Problem(TAB_BASIC, "name", str(NO_CHANGE)))
    else:
        enrolments, employments = institution_relation_totals(institution)
        if enrolments or employments:
            problems.append(Problem(TAB_BASIC, "name", str(INSTITUTION_RELATIONS_ACTIVE % {
                "enrolments": enrolments, "employments": employments})))
    return problems


def subject_for_submit(change_request: ChangeRequest) -> str:
    return in_progress_key(change_request.institution)


# --- suspension or termination of the institution -------------------------------------------

def change_request_institution_end_submit(
    *, institution: Institution, change: StatusChange, actor,
) -> ChangeRequest:
    """"Szünetelés/megszűnés bejelentése": a request made and submitted in one step."""
    from .services import ChangeRequestError, SubmitInvalid, change_request_submit

    problems = validate_status_change(change)
    if problems:
        raise StatusChangeInvalid(problems)
    enrolments, employments = institution_relation_totals(institution)
    if enrolments or employments:
        raise OperatingError(INSTITUTION_RELATIONS_ACTIVE % {"enrolments": enrolments, "employments": employments})
    if institution_request_in_progress(institution=institution) is not None:
        raise OperatingError(IN_PROGRESS)
    record = from_register(institution)
    record.status_change = change
    kind = Kind.INSTITUTION_SUSPENSION if change.kind == SUSPEND else Kind.INSTITUTION_TERMINATION
    try:
        with transaction.atomic():
            change_request = ChangeRequest.objects.create(
                kind=kind, subject_key=f"institution:{institution.pk}:end", institution=institution,
                maintainer=institution.maintainer, payload=record.to_dict(),
                base_payload=from_register(institution).to_dict(),
                applicant_email=institution.head_email or record.head.email, created_by=_actor(actor),
            )
            _audit("start", actor=actor, change_request=change_request, om_id=institution.om_id)
            change_request = change_request_submit(change_request=change_request, actor=actor)
    except IntegrityError:
        raise OperatingError(IN_PROGRESS) from None
    except (SubmitInvalid, ChangeRequestError) as error:
        raise OperatingError(getattr(error, "message", "") or IN_PROGRESS) from None
    return change_request


# --- approval -------------------------------------------------------------------------------

def _institution_close(*, institution: Institution, change: StatusChange, actor, change_request) -> None:
    """A terminated institution's sites end with it, and nobody logs in for it any more: its
    institution users and its master identity are deactivated (the institution no longer exists;
    the accounts stay for the record). Two queries, whatever the number of sites and users."""
    from portal.accounts.models import Kind as UserKind
    from portal.accounts.models import User

    ended = Site.objects.filter(institution=institution).exclude(status="terminated").update(
        status="terminated", status_from=date.fromisoformat(change.effective_from),
        termination_reason=change.reason, is_active=False)
    users = list(User.objects.filter(institution=institution, is_active=True,
                                     kind__in=[UserKind.INSTITUTION, UserKind.MASTER])
                 .values_list("pk", flat=True))
    User.objects.filter(pk__in=users).update(is_active=False)
    audit_record(action="institution.close", actor=actor, target=institution, data={
        "om_id": institution.om_id, "change_request": change_request.pk, "sites_ended": ended,
        "users_deactivated": users})


def approve_institution_request(*, locked: ChangeRequest, actor, valid_from: date | None) -> None:
    """Apply an authenticated request of an operating institution (inside the caller's transaction)."""
    from .services import ChangeRequestError

    institution = Institution.objects.select_for_update().get(pk=locked.institution_id)
    record = InstitutionRecord.from_dict(locked.payload)
    problems = institution_request_problems(locked, record, codebook_load())
    relation_problems = [p for p in problems if p.message != str(NO_CHANGE)]
    if relation_problems:
        raise ChangeRequestError(relation_problems[0].message, field="reason")
    change = record.status_change
    if locked.kind == Kind.INSTITUTION_CHANGE:
        apply_to_register(record, institution=institution)
    else:
        institution.status = (Institution.Status.SUSPENDED if change.kind == SUSPEND
                              else Institution.Status.TERMINATED)
        institution.status_from = date.fromisoformat(change.effective_from)
        institution.status_school_year = change.school_year if change.kind == SUSPEND else ""
        institution.termination_reason = change.reason if change.kind == TERMINATE else ""
        institution.save(update_fields=["status", "status_from", "status_school_year", "termination_reason"])
        if change.kind == TERMINATE:
            _institution_close(institution=institution, change=change, actor=actor, change_request=locked)
    last = institution.versions.order_by("-number").first()
    InstitutionVersion.objects.create(
        institution=institution, number=(last.number + 1) if last else 1,
        valid_from=valid_from or timezone.localdate(), recorded_by=actor, change_request=locked,
        data=record.to_dict(),
    )
    audit_record(action="institution.update", actor=actor, target=institution,
                 data={"om_id": institution.om_id, "change_request": locked.pk, "kind": locked.kind})
