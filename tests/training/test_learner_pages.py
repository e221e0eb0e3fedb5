import json
import re

import pytest
from django.urls import reverse

from portal.training.models import Attempt, Sco
from portal.training.services.enrolment import learner_withdraw
from tests.factories.training import course_with_package, learner, training_office_user


@pytest.fixture
def anna(db):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna", subsystems=("gazdalkodas",))


@pytest.fixture
def outsider(db):
    return learner(email="toth.bela@example.hu", name="Tóth Béla", subsystems=("ado",))


@pytest.fixture
def course(db):
    course, _ = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    return course


def _sco(course):
    return Sco.objects.filter(package__course=course).exclude(href="").first()


def test_it_lists_the_learners_subsystems_and_courses(client, anna, course):
    client.force_login(anna.user)
    response = client.get(reverse("training:learner_home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "gazdálkodás" in text and course.title in text


def test_it_plays_a_course_for_an_enrolled_learner(client, anna, course):
    client.force_login(anna.user)
    sco = _sco(course)
    response = client.get(reverse("training:player", args=[course.pk, sco.pk]))
    assert response.status_code == 200
    assert 'id="scorm-config"' in response.content.decode()
    frame_url = re.search(r'id="scorm-frame"[^>]* data-src="([^"]+)"', response.content.decode()).group(1)
    frame = client.get(frame_url)
    assert frame.status_code == 200 and 'id="scorm-content"' in frame.content.decode()
    launch = client.get(frame_url + sco.launch.path)
    assert launch.status_code == 200 and launch["Content-Type"].startswith("text/html")


def test_it_refuses_another_subsystems_course_also_by_direct_url(client, outsider, course):
    client.force_login(outsider.user)
    sco = _sco(course)
    assert client.get(reverse("training:course_detail", args=[course.pk])).status_code == 403
    assert client.get(reverse("training:player", args=[course.pk, sco.pk])).status_code == 403
    file_url = reverse("training:package_file", args=[sco.package_id, "shared/launchpage.html"])
    response = client.get(file_url)
    assert response.status_code == 403
    assert "gazdálkodás szakrendszerre" in response.content.decode()


def test_it_refuses_package_files_to_anonymous_visitors(client, course):
    sco = _sco(course)
    response = client.get(reverse("training:package_file", args=[sco.package_id, "imsmanifest.xml"]))
    assert response.status_code == 302


def test_it_answers_a_path_escaping_the_package_with_404(client, anna, course):
    client.force_login(anna.user)
    sco = _sco(course)
    url = reverse("training:package_file", args=[sco.package_id, "x"]).replace("/x", "/../../../etc/passwd")
    assert client.get(url).status_code == 404


def test_it_stores_a_commit_and_answers_bad_values_with_the_scorm_code(client, anna, course):
    client.force_login(anna.user)
    client.get(reverse("training:player", args=[course.pk, _sco(course).pk]))
    attempt = Attempt.objects.get(user=anna.user)
    url = reverse("training:attempt_commit", args=[attempt.pk])
    ok = client.post(url, json.dumps({"values": {"cmi.core.lesson_location": "3"}}), content_type="application/json")
    assert ok.status_code == 200 and ok.json()["result"] == "true"
    bad = client.post(url, json.dumps({"values": {"cmi.core.lesson_status": "complete"}}), content_type="application/json")
    assert bad.status_code == 409 and bad.json()["error"] == "405"
    junk = client.post(url, "{not json", content_type="application/json")
    assert junk.status_code == 400
    huge = client.post(url, json.dumps({"values": {"cmi.suspend_data": "x" * 5000}}), content_type="application/json")
    assert huge.json()["error"] == "405"
    attempt.refresh_from_db()
    assert attempt.cmi["cmi.core.lesson_location"] == "3" and "cmi.suspend_data" not in attempt.cmi


def test_it_refuses_someone_elses_attempt(client, anna, outsider, course):
    client.force_login(anna.user)
    client.get(reverse("training:player", args=[course.pk, _sco(course).pk]))
    attempt = Attempt.objects.get(user=anna.user)
    client.force_login(outsider.user)
    response = client.post(reverse("training:attempt_commit", args=[attempt.pk]), "{}", content_type="application/json")
    assert response.status_code == 403


def test_it_ends_a_withdrawn_learners_access_and_keeps_progress(client, anna, course):
    client.force_login(anna.user)
    client.get(reverse("training:player", args=[course.pk, _sco(course).pk]))
    learner_withdraw(learner_id=anna.pk, actor=training_office_user())
    response = client.get(reverse("training:course_detail", args=[course.pk]))
    assert response.status_code == 302  # the session no longer logs her in
    assert Attempt.objects.filter(user=anna.user).exists()


def test_the_learner_home_runs_the_same_number_of_queries_however_many_courses(client, anna, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(anna.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("training:learner_home")).status_code == 200
        return len(captured)

    one = queries()
    second, _ = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    Attempt.objects.create(user=anna.user, sco=_sco(second), completion_status="completed",
                           success_status="passed", score_raw=80)
    course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    assert queries() == one
    text = client.get(reverse("training:learner_home")).content.decode()
    assert text.count("nem kezdte el") == 2 and text.count("befejezett") == 1 and "80" in text
