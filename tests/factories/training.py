"""Factories for ASP oktatás: people with roles, municipalities, courses with real SCORM packages."""

from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import Kind, User, login_key_for
from portal.training.models import (
    Course,
    Enrolment,
    Learner,
    Municipality,
    Notary,
    NotaryOffice,
    Subsystem,
)

SCORM_DIR = Path(__file__).resolve().parent.parent / "data" / "scorm"


class NotaryOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotaryOffice

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Próbafalva {n} – közös önkormányzati hivatal")
    kind = NotaryOffice.Kind.JOINT_OFFICE
    seat_name = factory.Sequence(lambda n: f"Próbafalva {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    ksh_code = factory.Sequence(lambda n: f"{80000 + n}")
    name = factory.Sequence(lambda n: f"Próbafalva {n}")
    county = "Baranya"
    legal_status = "község"
    notary_office = factory.SubFactory(NotaryOfficeFactory)


class SubsystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subsystem
        django_get_or_create = ("code",)

    code = "gazdalkodas"
    name = "gazdálkodás"
    order = 1


def subsystem(code: str) -> Subsystem:
    from portal.training.reference import SUBSYSTEMS

    names = dict(SUBSYSTEMS)
    order = [c for c, _ in SUBSYSTEMS].index(code) + 1
    return SubsystemFactory(code=code, name=names[code], order=order)


def all_subsystems() -> list[Subsystem]:
    from portal.training.reference import SUBSYSTEMS

    return [subsystem(code) for code, _ in SUBSYSTEMS]


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    subsystem = factory.LazyFunction(lambda: subsystem("gazdalkodas"))
    title = factory.Sequence(lambda n: f"Gazdálkodási alapok {n}")


def email_user(*, kind: str, email: str, name: str = "Próba Ilona", password: str | None = None) -> User:
    return User.objects.create_user(
        kind=kind, username=email, email=email, full_name=name, password=password,
        login_key=login_key_for(kind=kind, username=email),
    )


def learner(*, email: str = "kiss.anna@example.hu", name: str = "Kiss Anna", municipality=None,
            subsystems=("gazdalkodas",), password: str | None = "Jelszo12345") -> Learner:
    user = email_user(kind=Kind.LEARNER, email=email, name=name, password=password)
    profile = Learner.objects.create(user=user, municipality=municipality or MunicipalityFactory())
    for code in subsystems:
        Enrolment.objects.create(learner=profile, subsystem=subsystem(code))
    return profile


def notary(*, email: str = "jegyzo.nagy@example.hu", office=None, password="Jelszo12345") -> Notary:
    user = email_user(kind=Kind.NOTARY, email=email, name="Nagy Géza", password=password)
    return Notary.objects.create(user=user, notary_office=office or NotaryOfficeFactory())


def training_office_user(*, email: str = "oktatas@example.hu", password="Jelszo12345") -> User:
    return email_user(kind=Kind.TRAINING_OFFICE, email=email, name="Oktatási Ügyintéző", password=password)


def scorm_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name.split("/")[-1], (SCORM_DIR / name).read_bytes(), "application/zip")


def course_with_package(name: str = "singlescobasic.zip", *, subsystem_code: str = "gazdalkodas", actor=None):
    from portal.training.services.scorm import package_upload

    course = CourseFactory(subsystem=subsystem(subsystem_code))
    package = package_upload(course=course, upload=scorm_upload(name), actor=actor)
    return course, package
