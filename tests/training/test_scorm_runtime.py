"""The server side of the run-time: data model checks, commits, status rules at finish, resume."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.training.models import Sco
from portal.training.scorm import datamodel
from portal.training.scorm.datamodel import SCORM12, SCORM2004, set_check, value_check
from portal.training.services.scorm import CommitError, attempt_commit, attempt_launch
from tests.factories.training import course_with_package, learner


@pytest.mark.parametrize(("model", "name", "value", "code"), [
    (SCORM12, "cmi.core.student_id", "x", "403"),
    (SCORM12, "cmi.core._children", "x", "402"),
    (SCORM12, "cmi.core.lesson_status", "not attempted", "405"),
    (SCORM12, "cmi.core.lesson_status", "complete", "405"),
    (SCORM12, "cmi.core.score.raw", "abc", "405"),
    (SCORM12, "cmi.core.score.raw", "101", "405"),
    (SCORM12, "cmi.core.score.raw", "85.5", "0"),
    (SCORM12, "cmi.suspend_data", "x" * 4096, "0"),
    (SCORM12, "cmi.suspend_data", "x" * 4097, "405"),
    (SCORM12, "cmi.interactions.1.id", "q1", "201"),
    (SCORM12, "cmi.core.session_time", "0000:10:00.5", "0"),
    (SCORM12, "xyz.score.result", "1", "401"),
    (SCORM2004, "cmi.learner_id", "x", "404"),
    (SCORM2004, "cmi.score.scaled", "1.5", "407"),
    (SCORM2004, "cmi.score.scaled", "abc", "406"),
    (SCORM2004, "cmi.completion_status", "done", "406"),
    (SCORM2004, "cmi.interactions.0.type", "choice", "408"),
    (SCORM2004, "cmi.interactions.1.id", "q2", "351"),
    (SCORM2004, "cmi.suspend_data", "x" * 64000, "0"),
    (SCORM2004, "cmi.suspend_data", "x" * 64001, "351"),
    (SCORM2004, "cmi.session_time", "PT1H2M3.5S", "0"),
    (SCORM2004, "cmi.session_time", "01:00:00", "406"),
    (SCORM2004, "cmi.nonsense", "1", "401"),
])
def test_it_answers_each_set_with_the_versions_error_code(model, name, value, code):
    assert set_check(model, {}, name, value) == code


def test_it_refuses_a_duplicate_objective_id_in_2004():
    values = {"cmi.objectives.0.id": "obj1"}
    assert set_check(SCORM2004, values, "cmi.objectives.1.id", "obj1") == "351"


@given(st.text(max_size=20))
def test_it_never_accepts_a_status_outside_the_vocabulary(value):
    expected = "0" if value in datamodel.STATUS12 else "405"
    assert value_check(SCORM12, "status", value) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_it_accepts_a_scaled_score_only_between_minus_one_and_one(number):
    code = value_check(SCORM2004, "scaled", f"{number:.4f}")
    assert code == ("0" if -1 <= round(number, 4) <= 1 else "407")


@pytest.fixture
def anna(db):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna")


def _sco(course):
    return Sco.objects.filter(package__course=course).exclude(href="").first()


@pytest.mark.django_db
def test_it_starts_a_scorm12_attempt_with_the_lms_values(anna):
    course, _ = course_with_package("singlescobasic.zip")
    attempt, values = attempt_launch(user=anna.user, sco=_sco(course))
    assert values["cmi.core.lesson_status"] == "not attempted"
    assert values["cmi.core.entry"] == "ab-initio"
    assert values["cmi.core.total_time"] == "0000:00:00.00"
    assert values["cmi.core.student_name"] == "Kiss, Anna"


@pytest.mark.django_db
def test_it_keeps_score_and_status_that_the_content_reported(anna):
    course, _ = course_with_package("singlescobasic.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_sco(course))
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={
        "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "86", "cmi.core.score.min": "0",
        "cmi.core.score.max": "100", "cmi.core.session_time": "0000:05:00",
        "cmi.core.exit": "",
    }, finish=True)
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status, attempt.score_raw) == (
        "completed", "passed", Decimal("86"))
    assert attempt.total_seconds == Decimal("300")


@pytest.mark.django_db
def test_it_completes_a_scorm12_sco_that_set_no_status(anna):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM12.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_sco(course))
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={}, finish=True)
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.core.lesson_status"] == "completed"
    assert attempt.completion_status == "completed"


@pytest.mark.django_db
def test_it_decides_passed_or_failed_by_the_mastery_score(anna):
    course, package = course_with_package("singlescobasic.zip")
    sco = _sco(course)
    Sco.objects.filter(pk=sco.pk).update(mastery_score=Decimal("80"))
    sco.refresh_from_db()
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert values["cmi.student_data.mastery_score"] == "80"
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True, changes={
        "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "70"})
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.core.lesson_status"] == "failed"


@pytest.mark.django_db
def test_it_decides_2004_success_by_the_scaled_passing_score(anna):
    course, _ = course_with_package("RuntimeBasicCalls_SCORM20043rdEdition.zip")
    sco = _sco(course)
    Sco.objects.filter(pk=sco.pk).update(scaled_passing_score=Decimal("0.7"))
    sco.refresh_from_db()
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert values["cmi.scaled_passing_score"] == "0.7"
    assert values["cmi.completion_status"] == "unknown"
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True, changes={
        "cmi.completion_status": "completed", "cmi.score.scaled": "0.65"})
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "failed")


@pytest.mark.django_db
def test_it_resumes_a_suspended_attempt_at_the_bookmark(anna):
    course, _ = course_with_package("singlescobasic.zip")
    sco = _sco(course)
    attempt, _ = attempt_launch(user=anna.user, sco=sco)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True, changes={
        "cmi.core.lesson_location": "4", "cmi.suspend_data": "lap=4",
        "cmi.core.exit": "suspend", "cmi.core.session_time": "0000:01:00"})
    again, values = attempt_launch(user=anna.user, sco=sco)
    assert again.pk == attempt.pk
    assert values["cmi.core.entry"] == "resume"
    assert values["cmi.core.lesson_location"] == "4" and values["cmi.suspend_data"] == "lap=4"
    assert values["cmi.core.total_time"] == "0000:01:00.00"


@pytest.mark.django_db
def test_it_starts_a_new_attempt_after_a_normal_exit(anna):
    course, _ = course_with_package("singlescobasic.zip")
    sco = _sco(course)
    attempt, _ = attempt_launch(user=anna.user, sco=sco)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True,
                   changes={"cmi.core.lesson_status": "completed", "cmi.core.exit": ""})
    second, values = attempt_launch(user=anna.user, sco=sco)
    assert second.number == 2 and values["cmi.core.entry"] == "ab-initio"


@pytest.mark.django_db
def test_it_refuses_a_commit_after_finish_and_a_bad_value(anna):
    course, _ = course_with_package("RuntimeBasicCalls_SCORM20043rdEdition.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_sco(course))
    with pytest.raises(CommitError) as bad:
        attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"cmi.score.scaled": "7"})
    assert (bad.value.code, bad.value.element) == ("407", "cmi.score.scaled")
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={}, finish=True)
    with pytest.raises(CommitError) as late:
        attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={})
    assert late.value.code == "143"
