"""SCORM 2004 run-time values that come from the manifest, on the real Golf packages:
objectives, delivery controls, completion threshold, shared data (adl.data), navigation."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.training.models import Attempt, Sco, SharedData
from portal.training.services.scorm import CommitError, attempt_commit, attempt_launch
from tests.factories.training import course_with_package, learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna")


def _scos(course):
    return list(Sco.objects.filter(package__course=course).exclude(href="").order_by("order"))


def test_it_preloads_the_objectives_the_manifest_declares(anna):
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    [sco] = _scos(course)
    assert sco.objective_ids == ["PRIMARYOBJ", "obj_etiquette", "obj_handicapping", "obj_havingfun", "obj_playing"]
    assert sco.scaled_passing_score == Decimal("0.8")
    assert sco.completion_set_by_content and sco.objective_set_by_content
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert [values[f"cmi.objectives.{n}.id"] for n in range(5)] == sco.objective_ids
    # The content sets an objective's score by its index: the server accepts it.
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={
        "cmi.objectives.4.score.scaled": "0.75", "cmi.score.scaled": "0.9"}, finish=True)
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.objectives.4.score.scaled"] == "0.75"
    assert attempt.success_status == "passed"  # 0.9 ≥ the manifest's 0.8


def test_it_keeps_the_objectives_once_on_resume(anna):
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    [sco] = _scos(course)
    attempt, _ = attempt_launch(user=anna.user, sco=sco)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"cmi.exit": "suspend"}, finish=True)
    again, values = attempt_launch(user=anna.user, sco=sco)
    assert again.pk == attempt.pk and values["cmi.entry"] == "resume"
    assert sum(1 for key in values if key.endswith(".id") and key.startswith("cmi.objectives.")) == 5


def test_it_fails_the_advanced_calls_quiz_below_the_manifests_passing_score(anna):
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    [sco] = _scos(course)
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert values["cmi.scaled_passing_score"] == "0.8"
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True, changes={
        "cmi.completion_status": "completed", "cmi.score.scaled": "0.5"})
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "failed")


def test_it_completes_and_satisfies_an_item_whose_content_reports_nothing(anna):
    """RuntimeMinimumCalls 2004 sets no status: delivery controls default to false, so the LMS
    marks the attempt completed and satisfied at Terminate."""
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    first = _scos(course)[0]
    assert not first.completion_set_by_content and not first.objective_set_by_content
    attempt, _ = attempt_launch(user=anna.user, sco=first)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"cmi.session_time": "PT5S"}, finish=True)
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")


def test_it_leaves_a_suspended_item_unknown(anna):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_scos(course)[0])
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"cmi.exit": "suspend"}, finish=True)
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status) == ("unknown", "unknown")


def test_it_keeps_what_content_that_sets_its_status_reported(anna):
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    [sco] = _scos(course)
    attempt, _ = attempt_launch(user=anna.user, sco=sco)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={}, finish=True)
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status) == ("unknown", "unknown")


def test_it_decides_completion_by_the_threshold_and_progress(anna):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    sco = _scos(course)[0]
    Sco.objects.filter(pk=sco.pk).update(completion_threshold=Decimal("0.8"))
    sco.refresh_from_db()
    attempt, values = attempt_launch(user=anna.user, sco=sco)
    assert values["cmi.completion_threshold"] == "0.8"
    attempt_commit(user=anna.user, attempt_id=attempt.pk, finish=True, changes={
        "cmi.completion_status": "completed", "cmi.progress_measure": "0.5"})
    attempt.refresh_from_db()
    assert attempt.completion_status == "incomplete"


def test_it_shares_data_between_the_items_that_declare_it(anna):
    course, _ = course_with_package("SequencingPostTestRollup4thEd_SCORM20044thEdition.zip")
    first, second = [s for s in _scos(course) if s.shared_data][:2]
    bucket = "com.scorm.golfsamples.sequencing.forcedsequential.notesStorage"
    assert first.shared_data == [{"id": bucket, "read": True, "write": True, "global": False}]
    attempt, values = attempt_launch(user=anna.user, sco=first)
    assert values["adl.data.0.id"] == bucket and "adl.data.0.store" not in values
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"adl.data.0.store": "jegyzet"}, finish=True)
    _, values = attempt_launch(user=anna.user, sco=second)
    assert values["adl.data.0.store"] == "jegyzet"
    assert SharedData.objects.get(user=anna.user).store == "jegyzet"


def test_it_refuses_writing_a_bucket_the_item_may_only_read(anna):
    course, _ = course_with_package("SequencingPostTestRollup4thEd_SCORM20044thEdition.zip")
    sco = next(s for s in _scos(course) if s.shared_data)
    Sco.objects.filter(pk=sco.pk).update(shared_data=[{**sco.shared_data[0], "write": False}])
    attempt, _ = attempt_launch(user=anna.user, sco=Sco.objects.get(pk=sco.pk))
    with pytest.raises(CommitError) as refused:
        attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"adl.data.0.store": "x"})
    assert (refused.value.code, refused.value.element) == ("404", "adl.data.0.store")
    with pytest.raises(CommitError) as missing:
        attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={"adl.data.1.store": "x"})
    assert missing.value.code == "351"
    assert not SharedData.objects.exists()


def test_it_answers_navigation_requests_from_the_item_order(client, anna):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    scos = _scos(course)
    client.force_login(anna.user)
    response = client.get(reverse("training:player", args=[course.pk, scos[0].pk]))
    valid = response.context["config"]["nav"]["valid"]
    assert (valid["continue"], valid["previous"]) == ("true", "false")
    assert valid["choice"][scos[-1].identifier] == "true"
    response = client.get(reverse("training:player", args=[course.pk, scos[-1].pk]))
    valid = response.context["config"]["nav"]["valid"]
    assert (valid["continue"], valid["previous"]) == ("false", "true")


def test_it_launches_every_quiz_item_with_its_query_string(client, anna):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    client.force_login(anna.user)
    quizzes = [s for s in _scos(course) if s.parameters]
    assert len(quizzes) == 4
    for sco in quizzes:
        response = client.get(reverse("training:player", args=[course.pk, sco.pk]))
        frame_url = response.context["frame"]["url"]
        frame = client.get(frame_url)
        launch = frame.context["launch"]  # relative to the launch frame, on the content origin
        assert launch == f"./shared/assessmenttemplate.html{sco.parameters}" and "%3F" not in launch
        path, _, query = launch.partition("?")
        served = client.get(frame_url + path[2:], {"questions": query.split("=", 1)[1]})
        assert served.status_code == 200 and b"RenderTest" in b"".join(served.streaming_content)


def _session_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] or '"accounts_user"' in q["sql"]]


@pytest.mark.parametrize("name", ["singlescobasic.zip", "RunTimeAdvancedCalls_SCORM20043rdEdition.zip"])
def test_a_commit_costs_two_sql_statements_beyond_the_session(client, anna, name):
    course, _ = course_with_package(name)
    sco = _scos(course)[0]
    client.force_login(anna.user)
    client.get(reverse("training:player", args=[course.pk, sco.pk]))
    attempt = Attempt.objects.get(user=anna.user)
    element = "cmi.core.lesson_location" if sco.package.version == "1.2" else "cmi.location"
    url = reverse("training:attempt_commit", args=[attempt.pk])
    for finish in (False, True):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"values": {element: "3"}, "finish": finish}, content_type="application/json")
        assert response.status_code == 200
        beyond = [q["sql"] for q in queries.captured_queries if q["sql"] not in _session_reads(queries.captured_queries)]
        assert len(beyond) == 2, beyond
        assert all("training_attempt" in sql for sql in beyond)
    attempt.refresh_from_db()
    assert attempt.cmi[element] == "3" and not attempt.is_open


def test_a_commit_of_another_learners_attempt_is_refused(client, anna):
    course, _ = course_with_package("singlescobasic.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_scos(course)[0])
    other = learner(email="toth.bela@example.hu", name="Tóth Béla")
    client.force_login(other.user)
    response = client.post(reverse("training:attempt_commit", args=[attempt.pk]),
                           {"values": {"cmi.core.lesson_location": "9"}}, content_type="application/json")
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert "cmi.core.lesson_location" not in attempt.cmi


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"[1,2]", 400, "101"), (b"{", 400, "101"), ("\u00e9".encode("latin-1"), 400, "101"),
    (b'{"values": [1]}', 409, "391"), (b'{"values": {"cmi.location": 5}}', 409, "406"),
    (b'{"values": {"cmi.nonsense": "1"}}', 409, "401"),
])
def test_bad_commit_bodies_get_a_scorm_error_never_a_500(client, anna, body, status, code):
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    attempt, _ = attempt_launch(user=anna.user, sco=_scos(course)[0])
    client.force_login(anna.user)
    response = client.post(reverse("training:attempt_commit", args=[attempt.pk]), body,
                           content_type="application/json")
    assert (response.status_code, response.json()["error"]) == (status, code)
    attempt.refresh_from_db()
    assert attempt.is_open
