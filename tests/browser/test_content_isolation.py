"""A hostile SCORM package plays in Chromium and can do nothing as the person playing it; real
packages still record their status through the postMessage bridge (issue 13, part 7)."""

import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from portal.training.models import Attempt, Package
from tests.browser.scorm_frames import sco_frame
from tests.factories.training import (
    CourseFactory,
    all_subsystems,
    course_with_package,
    learner,
    training_office_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = Path(__file__).resolve().parent.parent / "data" / "scorm" / "hostile"


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])


def _eventually(fetch, tries: int = 400):
    import time

    for _ in range(tries):
        found = fetch()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the server never stored it")


def _hostile_zip(tmp_path) -> Path:
    path = tmp_path / "kivancsi.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("imsmanifest.xml", "index.html", "probe.js"):
            archive.write(HOSTILE / name, name)
    return path


def _upload_through_the_office_form(page, live_server, office, zip_path):
    course = CourseFactory(title="Kíváncsi tananyag")
    _login(page, live_server, office)
    page.goto(f"/asp/iroda/tananyagok/{course.pk}/csomag/")
    page.get_by_label("SCORM-csomag (ZIP)").set_input_files(str(zip_path))
    page.get_by_role("button", name="Feltöltés").click()
    page.wait_for_url("**/asp/iroda/tananyagok/")
    assert Package.objects.get(course=course).title == "Ártalmas próbacsomag"
    page.context.clear_cookies()
    return course


def _play_and_read_the_report(page, course) -> dict:
    page.goto(f"/asp/tananyag/{course.pk}/")
    # Something only the portal's own script may see.
    page.evaluate("() => { localStorage.setItem('portal-secret', 'x'); sessionStorage.setItem('portal-tab', 'x'); }")
    page.get_by_role("link", name="Tananyag indítása").click()
    report = sco_frame(page).locator("#report[data-done]")
    report.wait_for()
    return json.loads(report.inner_text())


def _assert_isolated(report: dict, live_server) -> None:
    assert report["portal"] == live_server.url and report["self"] != live_server.url
    # The player page and the portal's run-time: out of reach.
    assert report["top_dom"] == "blocked: SecurityError"
    assert report["player_dom"] == "blocked: SecurityError"
    assert report["top_api"] == "blocked: SecurityError"
    # Portal pages with the person's cookies: the policy stops the request before it leaves.
    for probe in ("portal_profile", "portal_profile_no_cors", "portal_learner_list"):
        assert report[probe] == "blocked: TypeError", probe
    # Portal paths asked of the content origin itself: it has none (and no cookie reaches it).
    for probe in ("own_origin_profile", "own_origin_learner_list"):
        assert report[probe] == "status 404: Not found", probe
    # The portal's cookies and storage are not the content origin's.
    assert report["cookies"] == ""
    assert "portal-secret" not in report["local_storage"]
    assert "portal-tab" not in report["session_storage"]
    assert report["runtime_secrets"] == ""  # no CSRF token, no commit URL beside the content
    assert report["api_found"] is True and report["api_calls"] == "true,true,true,true"


def test_a_hostile_package_played_by_a_learner_can_only_report_its_own_status(page, live_server, tmp_path):
    all_subsystems()
    office = training_office_user()
    course = _upload_through_the_office_form(page, live_server, office, _hostile_zip(tmp_path))
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    _login(page, live_server, anna.user)
    report = _play_and_read_the_report(page, course)
    _assert_isolated(report, live_server)
    assert report["learner_name"] == "Kiss, Anna"  # what SCORM gives every SCO: cmi.core.student_name
    # Neither top navigation nor a navigation request outside the course moved the player.
    assert page.url.endswith(f"/asp/tananyag/{course.pk}/lejatszo/{course.package.scos.get().pk}/")
    page.get_by_role("link", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt = Attempt.objects.get(user=anna.user)
    assert attempt.cmi["cmi.core.lesson_status"] == "passed" and attempt.score_raw == 100
    # Still logged in (the attempt at the logout page did not happen); the portal's storage intact.
    response = page.goto("/belepes/sajat-adatok/")
    assert response.status == 200 and "Kiss Anna" in page.content()
    assert page.evaluate("() => localStorage.getItem('portal-secret')") == "x"


def test_a_hostile_package_played_by_the_training_office_cannot_read_the_learners(page, live_server, tmp_path):
    all_subsystems()
    office = training_office_user()
    learner(email="titkos.cim@example.hu", name="Titkos Cím")
    course = _upload_through_the_office_form(page, live_server, office, _hostile_zip(tmp_path))
    _login(page, live_server, office)
    report = _play_and_read_the_report(page, course)
    _assert_isolated(report, live_server)
    assert "titkos.cim@example.hu" not in json.dumps(report)
    page.get_by_role("link", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")


def test_the_golf_runtime_basic_calls_12_package_records_its_quiz_through_the_bridge(page, live_server):
    from tests.browser.test_training import _answer_the_quiz, _play_to_the_quiz

    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("RuntimeBasicCalls_SCORM12.zip")
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    page.get_by_role("link", name="Tananyag indítása").click()
    content = sco_frame(page)
    _play_to_the_quiz(content, pages=15)
    score = _answer_the_quiz(content.frame_locator("#contentFrame"))
    assert score == 100
    page.get_by_role("link", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt = Attempt.objects.get(user=anna.user)
    assert attempt.cmi["cmi.core.lesson_status"] == "passed" and attempt.score_raw == 100
    assert attempt.completion_status == "completed" and attempt.success_status == "passed"


def test_a_2004_sco_that_asks_to_continue_is_recorded_and_moves_the_player_to_the_next(page, live_server, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.training.services.scorm import package_upload

    all_subsystems()
    path = tmp_path / "tovabb.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("imsmanifest.xml", "a.html", "b.html", "sco.js"):
            archive.write(HOSTILE.parent / "navbridge" / name, name)
    course = CourseFactory()
    package = package_upload(course=course, upload=SimpleUploadedFile("tovabb.zip", path.read_bytes()), actor=None)
    first, second = package.scos.order_by("order")
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/lejatszo/{first.pk}/")
    content = sco_frame(page)
    assert content.locator("#learner").inner_text() == "Kiss Anna"
    content.get_by_role("button", name="Done, continue").click()
    page.wait_for_url(f"**/lejatszo/{second.pk}/")
    content.get_by_role("heading", name="Lesson b").wait_for()
    done = Attempt.objects.get(user=anna.user, sco=first)
    assert done.completion_status == "completed" and done.success_status == "passed" and not done.is_open
    page.get_by_role("link", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")


def test_a_learner_who_closes_the_tab_keeps_the_bookmark_set_since_the_last_commit(page, live_server):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("singlescobasic.zip")
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    page.get_by_role("link", name="Tananyag indítása").click()
    content = sco_frame(page)
    content.get_by_role("button", name="Next").click()
    content.get_by_role("button", name="Next").click()
    assert Attempt.objects.get(user=anna.user).cmi == {}  # Golf commits only when it finishes
    # The player's page unloads before the content could finish: the player saves what the
    # content has set, without finishing.
    page.close()
    # Nothing in the browser reports a request of a page already closed: wait for the server to
    # have stored it (a wait for an effect, no time limit asserted).
    attempt = _eventually(lambda: Attempt.objects.filter(user=anna.user).exclude(cmi={}).first())
    assert attempt.cmi["cmi.core.lesson_location"] == "2"
    assert attempt.is_open and not attempt.suspended  # not finished: the next launch carries on in it
