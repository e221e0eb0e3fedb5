"""The real Golf packages in Chromium: every SCO and quiz item loads and records its status,
and the content never has to show the learner an error dialog."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from portal.training.models import Attempt, Sco
from tests.browser.scorm_frames import by_link_or_button, sco_frame
from tests.factories.training import all_subsystems, course_with_package, learner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])


def _dialogs(page) -> list[str]:
    """Every alert/confirm the content shows, answered with OK."""
    seen: list[str] = []

    def answer(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return seen


def _loaded(page, sco: Sco) -> None:
    """Wait until the item's own page is in the player's frame; a quiz item shows its questions."""
    frame = sco_frame(page)
    if sco.parameters:
        frame.locator("#frmTest input").first.wait_for()  # questions.js came from the query string
    else:
        frame.locator("body *").first.wait_for()
    _frame_at(page, sco.launch.path.rsplit("/", 1)[-1] + sco.launch.suffix())


def _frame_at(page, href: str) -> None:
    """Wait until one of the page's frames shows ``href`` (the item's page is on the content origin,
    so the player's own script cannot read its address; Playwright can)."""
    for _ in range(300):
        if any(href in frame.url for frame in page.frames):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame at {href}: {[frame.url for frame in page.frames]}")


@pytest.mark.parametrize(("name", "version"), [
    ("RuntimeMinimumCalls_SCORM12.zip", "1.2"),
    ("RuntimeMinimumCalls_SCORM20043rdEdition.zip", "2004"),
    ("ContentPackagingOneFilePerSCO_SCORM12.zip", "1.2"),
    ("ContentPackagingOneFilePerSCO_SCORM20043rdEdition.zip", "2004"),
])
def test_every_item_of_a_multi_sco_package_loads_and_is_recorded(page, live_server, name, version):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, package = course_with_package(name)
    assert package.version == version
    scos = list(package.scos.exclude(href="").order_by("order"))
    quizzes = [s for s in scos if s.parameters]
    assert len(scos) >= 10 and len(quizzes) == 4
    dialogs = _dialogs(page)
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    by_link_or_button(page, "Tananyag indítása").click()
    for index, sco in enumerate(scos):
        page.wait_for_url(f"**/lejatszo/{sco.pk}/")
        _loaded(page, sco)
        toc = page.get_by_role("navigation", name="Tartalomjegyzék")
        assert toc.locator("[aria-current=page]").inner_text() == sco.title
        if index + 1 < len(scos):
            page.get_by_role("link", name="Következő").click()
    assert page.get_by_role("link", name="Következő").count() == 0  # the last item
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    assert dialogs == []
    attempts = {a.sco_id: a for a in Attempt.objects.filter(user=anna.user)}
    assert set(attempts) == {s.pk for s in scos}
    for sco in scos:
        attempt = attempts[sco.pk]
        assert not attempt.is_open, sco.title
        assert attempt.completion_status == "completed", sco.title  # the finish rules, content set none
        if version == "2004":
            assert attempt.success_status == "passed", sco.title  # delivery controls: satisfied
        else:
            assert attempt.cmi["cmi.core.lesson_status"] == "completed", sco.title
    assert page.locator("[data-course-status]").inner_text() == "befejezett"
    assert page.locator('[data-completion="completed"]').count() == len(scos)


def test_the_advanced_calls_package_reports_objectives_and_score_without_an_error(page, live_server):
    """RunTimeAdvancedCalls 2004: objectives from the manifest, interactions per question, a
    score judged against the manifest's passing score of 0.8; not one error dialog."""
    from tests.browser.test_training import _answer_the_quiz, _play_to_the_quiz

    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    dialogs = _dialogs(page)
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    by_link_or_button(page, "Tananyag indítása").click()
    content = sco_frame(page)
    _play_to_the_quiz(content, pages=15)
    score = _answer_the_quiz(content.frame_locator("#contentFrame"))
    assert score == 100
    content.get_by_role("button", name="Exit").click()  # reached the end: exits normally, exitAll
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    assert dialogs == []
    attempt = Attempt.objects.get(user=anna.user)
    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")
    assert attempt.score_scaled == 1 and not attempt.is_open
    objectives = {attempt.cmi[f"cmi.objectives.{n}.id"]: n for n in range(5)}
    assert set(objectives) == {"PRIMARYOBJ", "obj_etiquette", "obj_handicapping", "obj_havingfun", "obj_playing"}
    for objective in ("obj_etiquette", "obj_handicapping", "obj_havingfun", "obj_playing"):
        assert attempt.cmi[f"cmi.objectives.{objectives[objective]}.score.scaled"] == "1", objective
    questions = {k.split(".")[2] for k in attempt.cmi if k.startswith("cmi.interactions.")}
    assert len(questions) >= 10 and all(attempt.cmi[f"cmi.interactions.{n}.result"] == "correct" for n in questions)
    # a sequenced package: the course page shows the result rolled up by its rules
    assert "befejezett, sikeres" in page.locator("[data-course-result]").inner_text()


def test_the_advanced_calls_package_resumes_where_the_learner_left(page, live_server):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    dialogs = _dialogs(page)  # "save your progress?" is answered yes
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    by_link_or_button(page, "Tananyag indítása").click()
    content = sco_frame(page)
    for _ in range(3):
        content.get_by_role("button", name="Next").click()
    content.get_by_role("button", name="Exit").click()  # suspendAll
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt = Attempt.objects.get(user=anna.user)
    assert attempt.suspended and attempt.cmi["cmi.location"] == "3"
    assert (attempt.completion_status, attempt.success_status) == ("incomplete", "unknown")
    by_link_or_button(page, "Tananyag folytatása").click()
    _frame_at(page, "launchpage")
    content.locator("#contentFrame").wait_for()
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt.refresh_from_db()
    assert attempt.sessions == 2 and attempt.number == 1 and attempt.cmi["cmi.location"] == "3"
    assert dialogs == ["Would you like to save your progress to resume later?",
                       "Would you like to resume from where you previously left off?"]
