"""Enrolment writes: the notary's table (dry run, all-or-nothing commit), invitations, withdrawal."""

import io
import itertools
import logging
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.accounts.models import Kind, login_key_for
from portal.core.audit import audit_record
from portal.core.spreadsheet import xlsx_row

from ..intake.rows import ERROR, EXISTING, NEW, CheckResult, rows_check
from ..intake.table import TableError, table_rows
from ..models import Attempt, Enrolment, Intake, Invitation, Learner, Subsystem, TrainingPlan
from ..selectors import is_training_office

HAS_ERRORS = _("A táblázatban hibás sorok vannak; javítsa őket, és töltse fel újra. Semmit nem rögzítettünk.")
CONFIRM_SHARED = _("Erősítse meg, hogy a közösnek vagy hivatalinak látszó e-mail címek a kollégák saját címei.")
ALREADY_COMMITTED = _("Ezt a táblázatot már rögzítettük.")
NOT_CHECKED = _("Ezt a táblázatot nem lehet rögzíteni; töltse fel újra.")
ALREADY_ACTIVATED = _("A kolléga már beállította a jelszavát; ha elfelejtette, az „Elfelejtette jelszavát?” linkkel kérhet újat.")
ALREADY_WITHDRAWN = _("A kollégát már kivezették.")
OUTSIDE_SCOPE = _("Ez a kolléga nem az Ön hivatalához tartozó önkormányzatnál dolgozik.")
JOB_FAILED = _("A feldolgozás váratlan hiba miatt megszakadt; semmit nem rögzítettünk. Kérjük, próbálja újra, vagy jelezze az ASP oktatási ügyintézőnek.")
NO_OFFICE = _("Válassza ki a jegyzői hivatalt, amelynek nevében a táblázatot feltölti.")

INVITATION_TEMPLATE = "training_invitation"
NO_COURSE_YET = _("még nincs tananyag")
INVITATION_BATCH = 200
SYNC_BYTES = 300_000  # bigger uploads (a few thousand rows) are checked by the worker
SYNC_ROWS = 3_000  # bigger tables are committed by the worker

logger = logging.getLogger(__name__)


class IntakeError(Exception):
    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def _check(*, file, notary_office, progress=None) -> tuple[CheckResult | None, str]:
    try:
        rows = table_rows(file, progress=progress)
    except TableError as error:
        return None, error.message
    return rows_check(rows=rows, notary_office=notary_office), ""


def _uploader_office(*, actor, notary_office):
    """The office the table is for: the notary's own, or the one the training office chose."""
    if is_training_office(actor):
        return notary_office
    if not hasattr(actor, "notary"):
        raise PermissionDenied
    return actor.notary.notary_office


def _check_into(*, intake: Intake, data: bytes, progress=None) -> None:
    """Run the dry run over ``data`` and put its answers on ``intake`` (not saved)."""
    started = time.monotonic()
    result, file_error = _check(file=io.BytesIO(data), notary_office=intake.notary_office, progress=progress)
    if result is None:
        summary = {"file_error": file_error, "rows": []}
        intake.status = Intake.Status.REJECTED
    else:
        summary = {**result.summary(), "rows": [r.as_dict() for r in result.rows]}
        intake.status = Intake.Status.REJECTED if result.has_errors else Intake.Status.CHECKED
    summary["check_seconds"] = round(time.monotonic() - started, 1)
    intake.summary = summary
    intake.row_count = len(summary["rows"])


def _intake_new(*, actor, upload, year: int, notary_office) -> tuple[Intake, bytes]:
    data = upload.read()
    intake = Intake(uploaded_by=actor, notary_office=notary_office, year=year,
                    original_name=(getattr(upload, "name", "") or "tablazat.xlsx")[:255])
    intake.file.save(intake.original_name, ContentFile(data), save=False)
    return intake, data


def intake_dry_run(*, actor, upload, year: int, notary_office=None) -> Intake:
    """Check the whole table without registering anyone; keep the file and the per-row answers."""
    notary_office = _uploader_office(actor=actor, notary_office=notary_office)
    intake, data = _intake_new(actor=actor, upload=upload, year=year, notary_office=notary_office)
    _check_into(intake=intake, data=data)
    with transaction.atomic():
        intake.save()
        audit_record(action="training.intake.check", actor=actor, target=intake,
                     data={k: v for k, v in intake.summary.items() if k != "rows"})
    return intake


def runs_in_worker(*, size: int | None = None, rows: int | None = None) -> bool:
    """Big tables are checked and committed by the worker, so that no request runs for long."""
    if size is not None:
        return size > getattr(settings, "TRAINING_INTAKE_SYNC_BYTES", SYNC_BYTES)
    return (rows or 0) > getattr(settings, "TRAINING_INTAKE_SYNC_ROWS", SYNC_ROWS)


def intake_check_queue(*, actor, upload, year: int, notary_office=None) -> Intake:
    """Store a big table for the worker's dry run; the intake page shows the progress."""
    notary_office = _uploader_office(actor=actor, notary_office=notary_office)
    intake, _ = _intake_new(actor=actor, upload=upload, year=year, notary_office=notary_office)
    intake.status = Intake.Status.QUEUED
    intake.job, intake.job_requested_by, intake.job_requested_at = "check", actor, timezone.now()
    with transaction.atomic():
        intake.save()
        audit_record(action="training.intake.queue", actor=actor, target=intake, data={"job": "check"})
    return intake


def intake_commit_queue(*, intake_id: int, actor, confirm_shared: bool = False) -> Intake:
    """Ask the worker to commit a big table (the same all-or-nothing ``intake_commit``)."""
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=intake_id)
        _commit_allowed_check(intake=intake, actor=actor)
        if intake.summary.get("confirm") and not confirm_shared:
            raise IntakeError(CONFIRM_SHARED)
        if intake.job:
            return intake  # already queued or running
        intake.job, intake.job_requested_by, intake.job_requested_at = "commit", actor, timezone.now()
        intake.job_confirm_shared, intake.job_error, intake.job_started_at = confirm_shared, "", None
        intake.save(update_fields=["job", "job_requested_by", "job_requested_at", "job_confirm_shared",
                                   "job_error", "job_started_at"])
        audit_record(action="training.intake.queue", actor=actor, target=intake, data={"job": "commit"})
    return intake


def training_intake_jobs_run(*, stale_after: timedelta = timedelta(hours=1)) -> int:
    """Worker step: run one queued dry run or commit of a big table. A job whose worker died
    (started more than ``stale_after`` ago) is taken again. Returns the number of jobs run."""
    now = timezone.now()
    due = (Intake.objects.exclude(job="")
           .filter(models.Q(job_started_at__isnull=True) | models.Q(job_started_at__lt=now - stale_after))
           .order_by("job_requested_at", "id").values_list("pk", "job_started_at").first())
    if due is None:
        return 0
    claimed = Intake.objects.filter(pk=due[0], job_started_at=due[1]).exclude(job="").update(
        job_started_at=now, job_rows_done=0)
    if not claimed:
        return 0  # another worker took it
    intake = Intake.objects.select_related("job_requested_by").get(pk=due[0])
    try:
        if intake.job == "check":
            _check_job(intake)
        else:
            intake_commit(intake_id=intake.pk, actor=intake.job_requested_by,
                          confirm_shared=intake.job_confirm_shared)
        error = ""
    except IntakeError as refused:
        error = refused.message
    except Exception:  # the page must not wait forever; the traceback goes to the log
        logger.exception("Intake job %s failed", intake.pk)
        error = str(JOB_FAILED)
    Intake.objects.filter(pk=intake.pk).update(job="", job_started_at=None, job_error=error[:500])
    return 1


def _check_job(intake: Intake) -> None:
    def progress(rows: int) -> None:
        Intake.objects.filter(pk=intake.pk).update(job_rows_done=rows)

    with intake.file.open("rb") as handle:
        data = handle.read()
    _check_into(intake=intake, data=data, progress=progress)
    with transaction.atomic():
        intake.save(update_fields=["status", "summary", "row_count"])
        audit_record(action="training.intake.check", actor=intake.job_requested_by, target=intake,
                     data={k: v for k, v in intake.summary.items() if k != "rows"})


def intake_scope_check(*, intake: Intake, user) -> None:
    if is_training_office(user):
        return
    if not hasattr(user, "notary") or intake.notary_office_id != user.notary.notary_office_id:
        raise PermissionDenied


def intake_commit(*, intake_id: int, actor, confirm_shared: bool = False) -> Intake:
    """Register everyone in the table in one transaction, or nobody."""
    started = time.monotonic()
    intake = Intake.objects.get(pk=intake_id)
    _commit_allowed_check(intake=intake, actor=actor)
    # Reading the stored file needs no lock: it is parsed before the write transaction starts,
    # so the database is locked only while the rows are re-checked and written.
    try:
        with intake.file.open("rb") as handle:
            rows = table_rows(io.BytesIO(handle.read()))
    except TableError:
        raise IntakeError(HAS_ERRORS) from None
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=intake_id)
        _commit_allowed_check(intake=intake, actor=actor)
        result = rows_check(rows=rows, notary_office=intake.notary_office)
        if result.has_errors:
            raise IntakeError(HAS_ERRORS)
        if result.needs_confirmation and not confirm_shared:
            raise IntakeError(CONFIRM_SHARED)
        new_users = _apply(intake=intake, result=result)
        intake.status = Intake.Status.COMMITTED
        intake.committed_at = timezone.now()
        intake.summary = {**result.summary(), "rows": [r.as_dict() for r in result.rows],
                          "check_seconds": intake.summary.get("check_seconds"),
                          "commit_seconds": round(time.monotonic() - started, 1)}
        intake.save(update_fields=["status", "committed_at", "summary"])
        audit_record(action="training.intake.commit", actor=actor, target=intake,
                     data={**result.summary(), "invitations_queued": len(new_users)})
    return intake


def _commit_allowed_check(*, intake: Intake, actor) -> None:
    intake_scope_check(intake=intake, user=actor)
    if intake.status == Intake.Status.COMMITTED:
        raise IntakeError(ALREADY_COMMITTED)
    if intake.status != Intake.Status.CHECKED:
        raise IntakeError(NOT_CHECKED)


def _chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _apply(*, intake: Intake, result: CheckResult) -> list[int]:
    """Create the new accounts and learners, reinstate moved ones, add the enrolments and queue
    the invitations, in bulk (a 30,000-row table in seconds). Returns the new learners' ids."""
    User = get_user_model()
    subsystems = {s.code: s.pk for s in Subsystem.objects.all()}
    now = timezone.now()
    new_rows = [r for r in result.rows if r.outcome == NEW]
    existing_rows = [r for r in result.rows if r.outcome == EXISTING]
    keys = {row.email: login_key_for(kind=Kind.LEARNER, username=row.email) for row in new_rows}
    User.objects.bulk_create([
        User(kind=Kind.LEARNER, username=row.email, email=row.email, full_name=row.name[:200],
             login_key=keys[row.email], password="!" + secrets.token_hex(20))  # unusable until set
        for row in new_rows
    ], batch_size=1000)
    user_ids: dict[str, int] = {}
    for chunk in _chunks(list(keys.values())):
        user_ids.update(User.objects.filter(login_key__in=chunk).values_list("login_key", "pk"))
    stamp = connection.ops.adapt_datetimefield_value(now)
    _insert_many(Learner, ["user", "municipality", "position", "invitations_sent", "created_at"], (
        (user_ids[keys[row.email]], row.municipality_id, row.position[:200], 0, stamp) for row in new_rows
    ))
    learner_ids: dict[int, int] = {}  # user id -> learner id
    for chunk in _chunks(list(user_ids.values())):
        learner_ids.update(Learner.objects.filter(user_id__in=chunk).values_list("user_id", "pk"))
    for chunk in _chunks(existing_rows):
        by_user = {row.user_id: row for row in chunk}
        for learner in Learner.objects.filter(user_id__in=by_user).select_related("user"):
            learner_ids[learner.user_id] = learner.pk
            row = by_user[learner.user_id]
            if learner.is_withdrawn or learner.municipality_id != row.municipality_id:
                _learner_reinstate(learner=learner, municipality_id=row.municipality_id)
    municipality_ids = {r.municipality_id for r in new_rows + existing_rows}
    plans = dict(TrainingPlan.objects.filter(municipality_id__in=municipality_ids, year=intake.year)
                 .values_list("municipality_id", "pk"))
    TrainingPlan.objects.bulk_create([
        TrainingPlan(municipality_id=m, year=intake.year) for m in municipality_ids if m not in plans
    ], ignore_conflicts=True)
    plans = dict(TrainingPlan.objects.filter(municipality_id__in=municipality_ids, year=intake.year)
                 .values_list("municipality_id", "pk"))

    def learner_of(row) -> int:
        return learner_ids[user_ids[keys[row.email]] if row.outcome == NEW else row.user_id]

    _insert_many(Enrolment, ["learner", "subsystem", "training_plan", "intake", "created_at"], (
        (learner_of(row), subsystems[code], plans[row.municipality_id], intake.pk, stamp)
        for row in new_rows + existing_rows
        for code in (row.subsystems if row.outcome == NEW else row.new_subsystems)
    ), ignore_conflicts=True)
    new_learner_ids = [learner_of(row) for row in new_rows]
    # The mails are rendered and their links issued by the worker (training_invitations_send_due),
    # not in this request.
    _insert_many(Invitation, ["learner", "intake", "state", "created_at", "note"], (
        (pk, intake.pk, Invitation.State.PENDING.value, stamp, "") for pk in new_learner_ids
    ))
    return new_learner_ids


def _insert_many(model, fields: list[str], rows, *, ignore_conflicts: bool = False) -> None:
    """One INSERT statement run with executemany, for our own tables: no model object and no SQL
    compiled per row (bulk_create spends most of its time there). ``fields`` must cover every
    NOT NULL column without a database default; the tests write through here on every commit."""
    opts = model._meta
    columns = [opts.get_field(name).column for name in fields]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    quote = connection.ops.quote_name
    sql = " ".join(filter(None, [
        connection.ops.insert_statement(on_conflict=on_conflict), quote(opts.db_table),
        "(" + ", ".join(quote(c) for c in columns) + ")",
        "VALUES (" + ", ".join(["%s"] * len(columns)) + ")",
        connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
    ]))
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, 5000)):
            cursor.executemany(sql, chunk)


def _learner_reinstate(*, learner: Learner, municipality_id: int) -> None:
    learner.withdrawn_at = None
    learner.municipality_id = municipality_id
    learner.save(update_fields=["withdrawn_at", "municipality"])
    if not learner.user.is_active:
        learner.user.is_active = True
        learner.user.save(update_fields=["is_active"])


def _invitation_send(*, learner: Learner) -> None:
    """Mail the login and a single-use link to set the password (accounts' credential link)."""
    from portal.accounts.services import credential_link_send

    credential_link_send(
        user=learner.user, purpose="activate", template=INVITATION_TEMPLATE,
        context={"login": learner.user.email, "municipality": learner.municipality.name,
                 "subsystems": list(Enrolment.objects.filter(learner=learner)
                                    .order_by("subsystem__order", "subsystem__name")
                                    .values_list("subsystem__name", flat=True))},
    )


def _scope_check(*, learner: Learner, actor) -> None:
    if is_training_office(actor):
        return
    if not hasattr(actor, "notary") or learner.municipality.notary_office_id != actor.notary.notary_office_id:
        raise PermissionDenied(OUTSIDE_SCOPE)


def invitation_resend(*, learner_id: int, actor) -> Learner:
    """Send a new link (the earlier one stops working); only before the password is set."""
    with transaction.atomic():
        learner = Learner.objects.select_for_update().select_related("user", "municipality").get(pk=learner_id)
        _scope_check(learner=learner, actor=actor)
        if learner.is_withdrawn:
            raise IntakeError(ALREADY_WITHDRAWN)
        if learner.user.has_usable_password():
            raise IntakeError(ALREADY_ACTIVATED)
        now = timezone.now()
        learner.invited_at = now
        learner.invitations_sent += 1
        learner.save(update_fields=["invited_at", "invitations_sent"])
        learner.invitations.filter(state=Invitation.State.PENDING).update(
            state=Invitation.State.CANCELLED, note="újraküldés")
        Invitation.objects.create(learner=learner, state=Invitation.State.SENT, created_at=now, sent_at=now)
        audit_record(action="training.invitation.resend", actor=actor, target=learner)
        _invitation_send(learner=learner)
    return learner


def training_invitations_send_due(*, limit: int = INVITATION_BATCH) -> int:
    """Worker step: issue the link and queue the mail of up to ``limit`` pending invitations,
    in one transaction per batch. Learners withdrawn or already activated meanwhile are skipped.
    Returns the number sent."""
    from portal.accounts.services import CredentialError

    sent = 0
    with transaction.atomic():
        due = list(
            Invitation.objects.select_for_update(skip_locked=True)
            .filter(state=Invitation.State.PENDING)
            .select_related("learner__user", "learner__municipality")
            .order_by("id")[:limit]
        )
        now = timezone.now()
        for invitation in due:
            learner = invitation.learner
            if learner.is_withdrawn or learner.user.has_usable_password():
                invitation.state = Invitation.State.CANCELLED
                invitation.note = "kivezetve" if learner.is_withdrawn else "már aktiválva"
                invitation.save(update_fields=["state", "note"])
                continue
            try:
                with transaction.atomic():
                    _invitation_send(learner=learner)
            except CredentialError as error:
                logger.warning("Invitation %s not sent: %s", invitation.pk, error)
                invitation.state = Invitation.State.CANCELLED
                invitation.note = str(error)[:255]
                invitation.save(update_fields=["state", "note"])
                continue
            invitation.state = Invitation.State.SENT
            invitation.sent_at = now
            invitation.save(update_fields=["state", "sent_at"])
            Learner.objects.filter(pk=learner.pk).update(
                invited_at=now, invitations_sent=models.F("invitations_sent") + 1)
            sent += 1
    return sent


def learner_withdraw(*, learner_id: int, actor) -> Learner:
    """The person left the municipality: access and sessions end, progress stays."""
    with transaction.atomic():
        learner = Learner.objects.select_for_update().select_related("user", "municipality").get(pk=learner_id)
        _scope_check(learner=learner, actor=actor)
        if learner.is_withdrawn:
            raise IntakeError(ALREADY_WITHDRAWN)
        learner.withdrawn_at = timezone.now()
        learner.save(update_fields=["withdrawn_at"])
        # An inactive user is logged out on the next request (the auth backend no longer
        # returns them), so every open session ends; attempts and scores stay.
        learner.user.is_active = False
        learner.user.save(update_fields=["is_active"])
        Attempt.objects.filter(user=learner.user, is_open=True).update(
            is_open=False, revision=models.F("revision") + 1)
        audit_record(action="training.learner.withdraw", actor=actor, target=learner)
    return learner


OUTCOME_LABELS = {NEW: _("új fiók"), EXISTING: _("meglévő fiók, új szakrendszerek"),
                  ERROR: _("hiba"), "skipped": _("kihagyva")}


def intake_report(*, intake: Intake) -> bytes:
    """The per-row answers as XLSX, to send back to the notary."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Eredmény")
    sheet.append(["Sor", "Név", "Saját e-mail cím", "Önkormányzat", "Eredmény", "Megjegyzés"])
    # The notary's own cells come back: formula-like text is written as text (core.spreadsheet).
    if intake.summary.get("file_error"):
        sheet.append(xlsx_row(sheet, ["", "", "", "", str(OUTCOME_LABELS[ERROR]), intake.summary["file_error"]]))
    for row in intake.summary.get("rows", []):
        sheet.append(xlsx_row(sheet, [
            row["row"], row["name"], row["email"], row["municipality"],
            str(OUTCOME_LABELS.get(row["outcome"], row["outcome"])), " ".join(row["messages"])]))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def learners_export(*, rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Beiskolázottak"
    sheet.append(["Név", "E-mail cím", "Önkormányzat", "Munkakör", "Meghívó", "Szakrendszer",
                  "Tananyag", "Állapot", "Elvégzett elemek", "Pontszám"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        learner = row["learner"]
        base = [learner.user.full_name, learner.user.email, learner.municipality.name,
                learner.position, str(row["state_label"])]
        if not row["progress"]:
            sheet.append(xlsx_row(sheet, base + [", ".join(s.name for s in row["subsystems"]), "", "", "", ""]))
        for item in row["progress"]:
            p = item["progress"]
            if item["course"] is None:
                sheet.append(xlsx_row(sheet, base + [item["subsystem"].name, "", str(NO_COURSE_YET), "", None]))
                continue
            sheet.append(xlsx_row(sheet, base + [
                item["subsystem"].name, item["course"].title, p["status"], f"{p['done']}/{p['total']}",
                float(p["score"]) if p["score"] is not None else None]))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
