"""Reads of ASP oktatás: who may see what, and the lists and figures the pages show."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Kind

from .models import (
    Attempt,
    Course,
    Enrolment,
    Intake,
    Invitation,
    Learner,
    Municipality,
    Package,
    Sco,
    Subsystem,
)

NOT_ENROLLED = _("Ezt a tananyagot csak az érheti el, akit önkormányzata beiskolázási terve alapján a(z) %(subsystem)s szakrendszerre regisztráltak.")
WITHDRAWN = _("Az Ön hozzáférését az önkormányzata megszüntette.")
LEARNERS_ONLY = _("A tananyagokat a beiskolázott felhasználók érhetik el.")
NOTARIES_ONLY = _("Ezt az oldalt a jegyzők érhetik el.")
OFFICE_ONLY = _("Ezt az oldalt az ASP oktatási ügyintézők érhetik el.")


def is_training_office(user) -> bool:
    return user.is_authenticated and (user.kind == Kind.TRAINING_OFFICE or user.is_superuser)


def learner_for(user) -> Learner:
    """The learner profile of a logged-in learner who still has access, or 403."""
    if not user.is_authenticated or user.kind != Kind.LEARNER:
        raise PermissionDenied(LEARNERS_ONLY)
    learner = Learner.objects.select_related("municipality").filter(user=user).first()
    if learner is None:
        raise PermissionDenied(LEARNERS_ONLY)
    if learner.is_withdrawn:
        raise PermissionDenied(WITHDRAWN)
    return learner


def course_access_check(*, user, course: Course) -> None:
    """Raise PermissionDenied unless the user may play the course."""
    if is_training_office(user):
        return
    learner = learner_for(user)
    if not Enrolment.objects.filter(learner=learner, subsystem_id=course.subsystem_id).exists():
        raise PermissionDenied(NOT_ENROLLED % {"subsystem": course.subsystem.name})


def notary_office_for(user):
    if not user.is_authenticated or user.kind != Kind.NOTARY or not hasattr(user, "notary"):
        raise PermissionDenied(NOTARIES_ONLY)
    return user.notary.notary_office


def office_check(user) -> None:
    if not is_training_office(user):
        raise PermissionDenied(OFFICE_ONLY)


def best_attempts(*, user, course_ids=None) -> dict[int, Attempt]:
    """Per SCO the attempt that shows the learner's progress best (completed, highest score)."""
    attempts = Attempt.objects.filter(user=user).select_related("sco")
    if course_ids is not None:
        attempts = attempts.filter(sco__package__course_id__in=course_ids)
    best: dict[int, Attempt] = {}
    for attempt in attempts:
        current = best.get(attempt.sco_id)
        if current is None or _rank(attempt) > _rank(current):
            best[attempt.sco_id] = attempt
    return best


def _rank(attempt: Attempt) -> tuple:
    return (
        attempt.success_status == "passed", attempt.completion_status == "completed",
        attempt.score_raw or 0, attempt.number,
    )


def _progress(scos: list, best: dict) -> dict:
    """Status of a course from its launchable items and the best attempt per item."""
    done = sum(1 for s in scos if s.pk in best and best[s.pk].completion_status == "completed")
    started = any(s.pk in best for s in scos)
    scores = [best[s.pk].score_raw for s in scos if s.pk in best and best[s.pk].score_raw is not None]
    successes = {best[s.pk].success_status for s in scos if s.pk in best}
    status = "completed" if scos and done == len(scos) else ("incomplete" if started else "not attempted")
    success = "failed" if "failed" in successes else ("passed" if successes == {"passed"} else "unknown")
    return {
        "status": status, "done": done, "total": len(scos),
        "score": max(scores) if scores else None, "success": success,
    }


NO_PACKAGE = {"status": "none", "done": 0, "total": 0, "score": None, "success": "unknown"}


def course_progress(*, user, course: Course) -> dict:
    """Status of a course for one learner: per launchable item and overall."""
    package = course.package
    if package is None:
        return dict(NO_PACKAGE)
    scos = [s for s in package.scos.all() if s.href]
    return _progress(scos, best_attempts(user=user, course_ids=[course.pk]))


def learner_courses(*, learner: Learner) -> list[dict]:
    """The learner's subsystems, each with its courses and the learner's progress (5 queries,
    however many courses: subsystems, courses, packages, items, attempts)."""
    enrolled = list(Subsystem.objects.filter(enrolments__learner=learner).order_by("order"))
    courses = list(Course.objects.filter(subsystem__in=enrolled, is_active=True))
    newest: dict[int, int] = {}  # course → its newest package, as ``Course.package`` chooses
    for package_id, course_id in (Package.objects.filter(course__in=courses)
                                  .order_by("-uploaded_at", "-id").values_list("pk", "course_id")):
        newest.setdefault(course_id, package_id)
    launchable = defaultdict(list)
    for sco in Sco.objects.filter(package_id__in=newest.values()).exclude(href="").order_by("order", "pk"):
        launchable[sco.package_id].append(sco)
    best = best_attempts(user=learner.user, course_ids=[c.pk for c in courses])

    def progress(course: Course) -> dict:
        if course.pk not in newest:
            return dict(NO_PACKAGE)
        return _progress(launchable[newest[course.pk]], best)

    return [{"subsystem": subsystem,
             "courses": [{"course": c, "progress": progress(c)} for c in courses if c.subsystem_id == subsystem.pk]}
            for subsystem in enrolled]


def invitation_state(learner: Learner) -> str:
    """pending, sent, activated or expired (or withdrawn) — what the notary sees. Uses the
    ``has_pending_invitation`` annotation of ``learners_with_invitation`` when present."""
    if learner.is_withdrawn:
        return "withdrawn"
    if learner.user.has_usable_password():
        return "activated"
    pending = getattr(learner, "has_pending_invitation", None)
    if pending is None:
        pending = learner.invitations.filter(state=Invitation.State.PENDING).exists()
    if pending:
        return "pending"
    if learner.invited_at is None:
        return "not_sent"
    if learner.invited_at + timedelta(hours=settings.CREDENTIAL_LINK_HOURS) < timezone.now():
        return "expired"
    return "sent"


INVITATION_LABELS = {
    "not_sent": _("nincs elküldve"), "pending": _("küldésre vár"), "sent": _("elküldve"),
    "activated": _("aktiválva"), "expired": _("lejárt"), "withdrawn": _("kivezetve"),
}


def learners_with_invitation(learners=None):
    """Learners with their user and municipality, annotated with whether an invitation waits."""
    learners = Learner.objects.all() if learners is None else learners
    return learners.select_related("user", "municipality").annotate(
        has_pending_invitation=Exists(
            Invitation.objects.filter(learner=OuterRef("pk"), state=Invitation.State.PENDING)
        )
    )


def municipality_learner_list(*, municipalities):
    """The notary's learners, in the order of the page (a queryset, to paginate)."""
    return learners_with_invitation(Learner.objects.filter(municipality__in=municipalities)).order_by(
        "municipality__name", "user__full_name", "pk"
    )


def learner_rows(*, learners) -> list[dict]:
    """Per learner: invitation state, subsystems, and progress per course. A fixed number of
    queries whatever the number of learners (enrolments, courses, packages, items, attempts)."""
    learners = list(learners)
    enrolments = defaultdict(list)
    for enrolment in (Enrolment.objects.filter(learner__in=learners).select_related("subsystem")
                      .order_by("subsystem__order", "subsystem__name")):
        enrolments[enrolment.learner_id].append(enrolment.subsystem)
    subsystem_ids = {s.pk for subsystems in enrolments.values() for s in subsystems}
    courses = defaultdict(list)
    course_list = list(Course.objects.filter(is_active=True, subsystem_id__in=subsystem_ids))
    for course in course_list:
        courses[course.subsystem_id].append(course)
    current: dict[int, int] = {}
    for package_id, course_id in (Package.objects.filter(course__in=course_list)
                                  .order_by("course_id", "-uploaded_at", "-id").values_list("id", "course_id")):
        current.setdefault(course_id, package_id)
    scos = defaultdict(list)
    for sco in Sco.objects.filter(package_id__in=current.values()).exclude(href="").order_by("order", "pk"):
        scos[sco.package_id].append(sco)
    best: dict[tuple[int, int], Attempt] = {}
    sco_ids = [s.pk for items in scos.values() for s in items]
    for attempt in Attempt.objects.filter(user_id__in=[learner.user_id for learner in learners], sco_id__in=sco_ids):
        key = (attempt.user_id, attempt.sco_id)
        if key not in best or _rank(attempt) > _rank(best[key]):
            best[key] = attempt
    rows = []
    for learner in learners:
        state = invitation_state(learner)
        subsystems = enrolments[learner.pk]
        progress: list[dict] = []
        for subsystem in subsystems:
            if not courses[subsystem.pk]:  # enrolled, but no course yet: shown the same way for everyone
                progress.append({"subsystem": subsystem, "course": None, "progress": None})
            for course in courses[subsystem.pk]:
                if course.pk in current:
                    items = scos[current[course.pk]]
                    mine = {s.pk: best[(learner.user_id, s.pk)] for s in items if (learner.user_id, s.pk) in best}
                    course_state = _progress(items, mine)
                else:
                    course_state = dict(NO_PACKAGE)
                progress.append({"subsystem": subsystem, "course": course, "progress": course_state})
        rows.append({"learner": learner, "state": state, "state_label": INVITATION_LABELS[state],
                     "subsystems": subsystems, "progress": progress})
    return rows


def municipality_learners(*, municipalities) -> list[dict]:
    return learner_rows(learners=municipality_learner_list(municipalities=municipalities))


def office_statistics() -> list[dict]:
    """Per subsystem: enrolled learners (still active), activated accounts, completed courses."""
    rows = []
    completed_by_subsystem: dict[int, int] = defaultdict(int)
    for attempt in Attempt.objects.filter(completion_status="completed").values(
        "sco__package__course__subsystem_id", "user_id"
    ).distinct():
        completed_by_subsystem[attempt["sco__package__course__subsystem_id"]] += 1
    subsystems = Subsystem.objects.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__learner__withdrawn_at__isnull=True)),
        courses_count=Count("courses", distinct=True),
    ).order_by("order")
    for subsystem in subsystems:
        rows.append({"subsystem": subsystem, "enrolled": subsystem.enrolled,
                     "courses": subsystem.courses_count,
                     "completed": completed_by_subsystem.get(subsystem.pk, 0)})
    top = max([r["enrolled"] for r in rows] + [1])
    for row in rows:
        row["percent"] = round(100 * row["enrolled"] / top)
    return rows


def intake_history(*, notary_office=None):
    intakes = Intake.objects.select_related("uploaded_by", "notary_office")
    if notary_office is not None:
        intakes = intakes.filter(notary_office=notary_office)
    return intakes


def intake_invitation_counts(*, intake: Intake) -> dict[str, int]:
    """How many of the intake's invitations are pending, sent or cancelled."""
    return dict(intake.invitations.order_by().values_list("state").annotate(n=Count("id")))


def municipalities_with_counts():
    return Municipality.objects.annotate(
        learner_count=Count("learners", filter=Q(learners__withdrawn_at__isnull=True))
    ).filter(learner_count__gt=0).select_related("notary_office").order_by("name")
