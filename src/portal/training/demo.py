"""Demo data of ASP oktatás: the demo notary and learner of Győr, two playable courses."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Kind, User

from .models import Course, Enrolment, Learner, Municipality, Notary, Subsystem, TrainingPlan
from .reference import training_reference_load

DEMO_SCORM = Path(__file__).resolve().parent / "data" / "demo_scorm"
MUNICIPALITY = "Győr"
NOTARY_EMAIL = "jegyzo@gyor.example"
LEARNER_EMAIL = "tanulo@gyor.example"
COURSES = [
    ("gazdalkodas", "Bevezetés a gazdálkodási szakrendszerbe (minta tananyag, SCORM 1.2)", "singlescobasic.zip"),
    ("elektronikus-ugyintezes-es-integracio", "Elektronikus ügyintézés alapjai (minta tananyag, SCORM 2004)",
     "RuntimeBasicCalls_SCORM20043rdEdition.zip"),
]


def training_demo_load() -> int:
    """Give the demo notary and learner (created by ``load_demo``) their Győr scope, and the
    learner two enrolled subsystems with a playable course each. Idempotent; returns new records."""
    from .services.scorm import package_upload

    created = 0
    if not Municipality.objects.filter(name=MUNICIPALITY).exists() or not Subsystem.objects.exists():
        training_reference_load()
    municipality = Municipality.objects.select_related("notary_office").get(name=MUNICIPALITY)
    with transaction.atomic():
        notary_user = User.objects.filter(kind=Kind.NOTARY, email=NOTARY_EMAIL).first()
        if notary_user is not None:
            _, new = Notary.objects.get_or_create(user=notary_user,
                                                  defaults={"notary_office": municipality.notary_office})
            created += new
        plan, new = TrainingPlan.objects.get_or_create(municipality=municipality, year=timezone.now().year)
        created += new
        learner_user = User.objects.filter(kind=Kind.LEARNER, email=LEARNER_EMAIL).first()
        learner = None
        if learner_user is not None:
            learner, new = Learner.objects.get_or_create(user=learner_user, defaults={
                "municipality": municipality, "position": "pénzügyi ügyintéző", "invited_at": timezone.now(),
                "invitations_sent": 1,
            })
            created += new
        for code, title, package_name in COURSES:
            subsystem = Subsystem.objects.get(code=code)
            course, new = Course.objects.get_or_create(subsystem=subsystem, title=title)
            created += new
            if not course.packages.exists():
                data = (DEMO_SCORM / package_name).read_bytes()
                package_upload(course=course, upload=SimpleUploadedFile(package_name, data, "application/zip"),
                               actor=None)
                created += 1
            if learner is not None:
                _, new = Enrolment.objects.get_or_create(learner=learner, subsystem=subsystem,
                                                         defaults={"training_plan": plan})
                created += new
    return created
