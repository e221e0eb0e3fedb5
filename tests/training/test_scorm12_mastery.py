"""SCORM 1.2: the manifest's adlcp:masteryscore decides passed or failed at LMSFinish."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.training.models import Sco
from portal.training.services.scorm import attempt_commit, attempt_launch, package_upload
from tests.factories.training import SCORM_DIR, CourseFactory, learner, subsystem

pytestmark = pytest.mark.django_db


def _with_mastery_score(score: str) -> SimpleUploadedFile:
    """RuntimeMinimumCalls 1.2 with a mastery score on its first item (no Golf package has one)."""
    source = zipfile.ZipFile(SCORM_DIR / "RuntimeMinimumCalls_SCORM12.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "imsmanifest.xml":
                text = data.decode("utf-8")
                marker = '<item identifier="playing_playing_item" identifierref="playing_playing_resource">'
                assert marker in text
                data = text.replace(marker, marker + f"<adlcp:masteryscore>{score}</adlcp:masteryscore>", 1).encode()
            target.writestr(info, data)
    return SimpleUploadedFile("mastery.zip", out.getvalue(), "application/zip")


@pytest.fixture
def sco(db):
    course = CourseFactory(subsystem=subsystem("gazdalkodas"))
    package_upload(course=course, upload=_with_mastery_score("80"), actor=None)
    return Sco.objects.get(package__course=course, identifier="playing_playing_item")


@pytest.mark.parametrize(("changes", "status"), [
    ({"cmi.core.score.raw": "85"}, "passed"),
    ({"cmi.core.score.raw": "80"}, "passed"),
    ({"cmi.core.score.raw": "79.5", "cmi.core.lesson_status": "completed"}, "failed"),  # the LMS decides
    ({"cmi.core.lesson_status": "incomplete"}, "incomplete"),  # no score: what the SCO said
    ({}, "completed"),  # nothing at all: not attempted → completed
])
def test_the_mastery_score_decides_the_lesson_status(sco, changes, status):
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    assert sco.mastery_score == Decimal("80")
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert values["cmi.student_data.mastery_score"] == "80"
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes=changes, finish=True)
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.core.lesson_status"] == status
    assert attempt.success_status == (status if status in ("passed", "failed") else "unknown")
