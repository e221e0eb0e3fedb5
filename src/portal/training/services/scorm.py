"""SCORM writes: storing a checked package, launching an attempt, committing and finishing it."""

import posixpath
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record

from ..models import Attempt, Course, Package, Sco, SharedData
from ..scorm import datamodel
from ..scorm.manifest import manifest_read, safe_name, zip_open
from ..selectors import course_access_check
from .sequencing import sequencing_tree_read, sequencing_tree_save

STORAGE_PREFIX = "scorm"

ATTEMPT_CLOSED = _("Ez a munkamenet már lezárult; nyissa meg újra a tananyagot.")
SUSPEND_DATA_TOO_LONG = _("A tananyag túl sok mentett adatot küldött.")
COMMIT_CONFLICT = _("A tananyag egyszerre több helyről mentett; nyissa meg újra a tananyagot.")


class CommitError(Exception):
    """A commit the server refuses: ``code`` is the SCORM error code the API reports."""

    def __init__(self, code: str, element: str = "", message: str = ""):
        self.code, self.element, self.message = code, element, message
        super().__init__(f"{code} {element} {message}")


def package_upload(*, course: Course, upload, actor) -> Package:
    """Check the ZIP and its manifest, store its files, record the package and its items."""
    archive = zip_open(upload)
    manifest = manifest_read(archive)
    sequencing = sequencing_tree_read(archive=archive, manifest=manifest)  # SCORM 2004 sequencing (l2)
    root = f"{STORAGE_PREFIX}/{uuid.uuid4().hex}"
    stored: list[str] = []
    size = 0
    try:
        for info in manifest.files:
            name = safe_name(info.filename)
            with archive.open(info) as member:
                data = member.read(info.file_size + 1)
            size += len(data)
            stored.append(default_storage.save(f"{root}/{name}", ContentFile(data)))
        with transaction.atomic():
            package = Package.objects.create(
                course=course, title=manifest.title[:300], identifier=manifest.identifier[:300],
                version=manifest.version, edition=manifest.edition[:40], root=root,
                original_name=getattr(upload, "name", "")[:255] or "package.zip", size=size,
                file_count=len(stored), uploaded_by=actor,
            )
            Sco.objects.bulk_create([
                Sco(
                    package=package, order=order, identifier=item.identifier[:300],
                    title=item.title[:300], depth=item.depth, href=item.href[:1000],
                    parameters=item.parameters[:1000], is_sco=item.is_sco,
                    launch_data=item.launch_data, mastery_score=item.mastery_score,
                    scaled_passing_score=item.scaled_passing_score,
                    completion_threshold=item.completion_threshold,
                    max_time_allowed=item.max_time_allowed[:40],
                    time_limit_action=item.time_limit_action[:40],
                    objective_ids=item.objective_ids,
                    completion_set_by_content=item.completion_set_by_content,
                    objective_set_by_content=item.objective_set_by_content,
                    shared_data=item.shared_data,
                )
                for order, item in enumerate(manifest.items)
            ])
            if sequencing is not None:
                sequencing_tree_save(package=package, tree=sequencing, archive=archive)
            audit_record(action="training.package.upload", actor=actor, target=package,
                         data={"course": course.pk, "version": package.version, "files": len(stored)})
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return package


def package_file_path(*, package: Package, path: str) -> str | None:
    """Storage name of a file inside the package, or None if the path leaves it."""
    name = safe_name(path)
    if not name or name in (".", ""):
        return None
    return posixpath.join(package.root, name)


# -- Attempts ---------------------------------------------------------------------------------

PER_SESSION = ("cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time",
               "adl.nav.request")


def _objectives_preload(*, sco: Sco, cmi: dict) -> dict:
    """The attempt's cmi with the manifest's objective IDs (imsss:objectives) added after those
    already there: SCORM 2004 content looks its objectives up by ID and expects them."""
    existing = {value for key, value in cmi.items() if datamodel.OBJECTIVE_ID.fullmatch(key)}
    count = datamodel.collection_count(cmi, "cmi.objectives")
    added = {}
    for identifier in sco.objective_ids:
        if identifier not in existing:
            added[f"cmi.objectives.{count}.id"] = identifier
            count += 1
    return {**cmi, **added} if added else cmi


def _shared_data_values(*, sco: Sco, user) -> dict:
    """adl.data.n.id and, where the learner has one, adl.data.n.store (one query, only for an
    item that declares shared data)."""
    if not sco.shared_data:
        return {}
    scopes = {SharedData.scope_for(package_id=sco.package_id, bucket=b): b for b in sco.shared_data}
    stores = {
        (scope, target): store for scope, target, store in SharedData.objects.filter(
            user=user, scope__in=set(scopes), target_id__in=[b["id"] for b in sco.shared_data],
        ).values_list("scope", "target_id", "store")
    }
    values = {}
    for index, bucket in enumerate(sco.shared_data):
        values[f"adl.data.{index}.id"] = bucket["id"]
        store = stores.get((SharedData.scope_for(package_id=sco.package_id, bucket=bucket), bucket["id"]))
        if store is not None:
            values[f"adl.data.{index}.store"] = store
    return values


def _initial_values(*, attempt: Attempt, entry: str) -> dict:
    """The values an SCO reads at the start of a session: defaults, stored data, LMS values."""
    sco, user = attempt.sco, attempt.user
    version = sco.package.version
    stored = {k: v for k, v in attempt.cmi.items()
              if not k.startswith("_") and k not in PER_SESSION and not k.startswith("adl.data.")}
    total = datamodel.timespan_format(version, float(attempt.total_seconds))
    name = user.full_name or user.email
    if version == "2004":
        defaults = {"cmi.completion_status": "unknown", "cmi.success_status": "unknown"}
        lms = {
            "cmi.learner_id": user.email or str(user.pk), "cmi.learner_name": name,
            "cmi.credit": "credit", "cmi.mode": "normal", "cmi.entry": entry,
            "cmi.total_time": total, "cmi.launch_data": sco.launch_data,
            "cmi.max_time_allowed": sco.max_time_allowed,
            "cmi.time_limit_action": sco.time_limit_action or "continue,no message",
        }
        if sco.scaled_passing_score is not None:
            lms["cmi.scaled_passing_score"] = _plain(sco.scaled_passing_score)
        if sco.completion_threshold is not None:
            lms["cmi.completion_threshold"] = _plain(sco.completion_threshold)
        lms.update(_shared_data_values(sco=sco, user=user))
    else:
        defaults = {"cmi.core.lesson_status": "not attempted"}
        lms = {
            "cmi.core.student_id": user.email or str(user.pk),
            "cmi.core.student_name": _student_name(name), "cmi.core.credit": "credit",
            "cmi.core.lesson_mode": "normal", "cmi.core.entry": entry,
            "cmi.core.total_time": total, "cmi.launch_data": sco.launch_data,
            "cmi.comments_from_lms": "",
            "cmi.student_data.mastery_score": _plain(sco.mastery_score)
            if sco.mastery_score is not None else "",
            "cmi.student_data.max_time_allowed": sco.max_time_allowed,
            "cmi.student_data.time_limit_action": sco.time_limit_action,
        }
    return {**defaults, **stored, **lms}


def _plain(number: Decimal) -> str:
    """80.00 → "80", 0.7000000 → "0.7" (no exponent)."""
    text = format(number.normalize(), "f")
    return text


def _student_name(name: str) -> str:
    """SCORM 1.2 wants "Last, First"; Hungarian names are already family name first."""
    parts = name.split(" ", 1)
    return f"{parts[0]}, {parts[1]}" if len(parts) == 2 else name


def attempt_launch(*, user, sco: Sco) -> tuple[Attempt, dict]:
    """Open the learner's session on an SCO: resume a suspended attempt or start a new one."""
    course_access_check(user=user, course=sco.package.course)
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update().filter(user=user, sco=sco).order_by("-number").first()
        )
        if attempt is None:
            attempt = Attempt.objects.create(user=user, sco=sco, number=1)
            entry = "ab-initio"
        elif attempt.suspended:
            entry = "resume"
        elif attempt.sessions == 0:
            entry = "ab-initio"
        elif attempt.is_open:
            # The previous session never finished (closed tab): carry on in the same attempt.
            entry = ""
        else:
            attempt = Attempt.objects.create(user=user, sco=sco, number=attempt.number + 1)
            entry = "ab-initio"
        attempt.sessions += 1
        attempt.revision += 1  # a commit that read the attempt before this is worked out again
        attempt.is_open = True
        attempt.suspended = False
        if sco.package.version == "2004":
            attempt.cmi = _objectives_preload(sco=sco, cmi=attempt.cmi)
        attempt.save(update_fields=["sessions", "revision", "is_open", "suspended", "cmi", "updated_at"])
    return attempt, _initial_values(attempt=attempt, entry=entry)


def _client_keys_check(model, changes) -> None:
    if not isinstance(changes, dict):
        raise CommitError("101" if model.version == "1.2" else "391", "", "values")
    for name, value in changes.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise CommitError(model.codes["type"], str(name))


SUMMARY_FIELDS = ("cmi", "completion_status", "success_status", "score_raw", "score_scaled",
                  "total_seconds", "is_open", "suspended")
COMMIT_TRIES = 5


def attempt_commit(*, user, attempt_id: int, changes: dict, finish: bool = False) -> Attempt:
    """Store the values an SCO set since its last commit; at finish apply the status rules.

    Two SQL statements and no transaction: the attempt read with its item and package, and an
    update that applies only if nobody changed the attempt in between (its ``revision``; if
    somebody did, the commit is worked out again on the new state). A third statement only when
    the content wrote a shared data bucket. Who may play was decided when the attempt was opened
    (``attempt_launch``); withdrawing a learner closes their attempts."""
    for _try in range(COMMIT_TRIES):
        attempt = Attempt.objects.select_related("sco__package").filter(pk=attempt_id, user=user).first()
        if attempt is None:
            raise PermissionDenied
        sco = attempt.sco
        version = sco.package.version
        model = datamodel.model_for(version)
        if not attempt.is_open:
            raise CommitError("143" if version == "2004" else "301", "", str(ATTEMPT_CLOSED))
        _client_keys_check(model, changes)
        element, code = datamodel.values_check(model, attempt.cmi, changes, sco.shared_data)
        if code != "0":
            raise CommitError(code, element)
        shared = {name: value for name, value in changes.items()
                  if datamodel.shared_data_index(name) is not None}
        cmi = {**attempt.cmi, **{k: v for k, v in changes.items() if k not in shared}}
        if finish:
            _finish_rules(attempt=attempt, cmi=cmi, version=version)
        attempt.cmi = cmi
        _summary_fields(attempt=attempt, cmi=cmi, version=version)
        attempt.updated_at = timezone.now()
        stored = Attempt.objects.filter(pk=attempt.pk, revision=attempt.revision).update(
            revision=attempt.revision + 1, updated_at=attempt.updated_at,
            **{name: getattr(attempt, name) for name in SUMMARY_FIELDS},
        )
        if stored:
            attempt.revision += 1
            if shared:
                _shared_data_store(attempt=attempt, values=shared)
            return attempt
    raise CommitError("101" if version == "1.2" else "391", "", str(COMMIT_CONFLICT))


def _shared_data_store(*, attempt: Attempt, values: dict) -> None:
    """Write the buckets the content set (one upsert statement)."""
    sco = attempt.sco
    rows = []
    for name, store in values.items():
        bucket = sco.shared_data[datamodel.shared_data_index(name) or 0]
        rows.append(SharedData(
            user_id=attempt.user_id, target_id=bucket["id"], store=store,
            scope=SharedData.scope_for(package_id=sco.package_id, bucket=bucket),
            package_id=None if bucket.get("global") else sco.package_id,
        ))
    SharedData.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "scope", "target_id"],
        update_fields=["store", "updated_at"],
    )


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _finish_rules(*, attempt: Attempt, cmi: dict, version: str) -> None:
    """What the LMS does at LMSFinish / Terminate (CMI_NOTES 1.4 and section 2)."""
    sco = attempt.sco
    if version == "2004":
        session = cmi.pop("cmi.session_time", "")
        exit_value = cmi.pop("cmi.exit", "")
        progress = _decimal(cmi.get("cmi.progress_measure"))
        if sco.completion_threshold is not None and progress is not None:
            cmi["cmi.completion_status"] = (
                "completed" if progress >= sco.completion_threshold else "incomplete"
            )
        scaled = _decimal(cmi.get("cmi.score.scaled"))
        if sco.scaled_passing_score is not None and scaled is not None:
            cmi["cmi.success_status"] = "passed" if scaled >= sco.scaled_passing_score else "failed"
        if exit_value != "suspend":
            # Delivery controls (imsss:deliveryControls, both false by default): when the content
            # reported nothing, the attempt ends completed and its objective satisfied.
            if not sco.completion_set_by_content and cmi.get("cmi.completion_status", "unknown") in (
                "unknown", "not attempted"
            ):
                cmi["cmi.completion_status"] = "completed"
            if not sco.objective_set_by_content and cmi.get("cmi.success_status", "unknown") == "unknown":
                cmi["cmi.success_status"] = "passed"
        cmi.pop("adl.nav.request", None)
    else:
        session = cmi.pop("cmi.core.session_time", "")
        exit_value = cmi.pop("cmi.core.exit", "")
        status = cmi.get("cmi.core.lesson_status", "not attempted")
        if status == "not attempted":
            cmi["cmi.core.lesson_status"] = "completed"
        raw = _decimal(cmi.get("cmi.core.score.raw"))
        if sco.mastery_score is not None and raw is not None:
            cmi["cmi.core.lesson_status"] = "passed" if raw >= sco.mastery_score else "failed"
    attempt.total_seconds = (
        Decimal(str(attempt.total_seconds))
        + Decimal(str(round(datamodel.seconds_from(version, session), 2)))
    )
    attempt.suspended = exit_value == "suspend"
    attempt.is_open = False
    cmi["_last_exit"] = exit_value


def _summary_fields(*, attempt: Attempt, cmi: dict, version: str) -> None:
    if version == "2004":
        attempt.completion_status = cmi.get("cmi.completion_status", "unknown")
        attempt.success_status = cmi.get("cmi.success_status", "unknown")
        attempt.score_raw = _decimal(cmi.get("cmi.score.raw"))
        attempt.score_scaled = _decimal(cmi.get("cmi.score.scaled"))
        return
    status = cmi.get("cmi.core.lesson_status", "not attempted")
    attempt.completion_status = {
        "passed": "completed", "failed": "completed", "completed": "completed",
        "incomplete": "incomplete", "browsed": "incomplete",
    }.get(status, "not attempted")
    attempt.success_status = status if status in ("passed", "failed") else "unknown"
    attempt.score_raw = _decimal(cmi.get("cmi.core.score.raw"))
    maximum = _decimal(cmi.get("cmi.core.score.max")) or Decimal(100)
    minimum = _decimal(cmi.get("cmi.core.score.min")) or Decimal(0)
    if attempt.score_raw is not None and maximum > minimum:
        scaled = (attempt.score_raw - minimum) / (maximum - minimum)
        attempt.score_scaled = max(Decimal(-1), min(Decimal(1), scaled)).quantize(Decimal("0.0000001"))
    else:
        attempt.score_scaled = None
