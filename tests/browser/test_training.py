"""ASP oktatás journeys in Chromium with the real SCORM packages."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from portal.training.models import Attempt
from tests.browser.scorm_frames import by_link_or_button, sco_frame
from tests.factories.training import (
    MunicipalityFactory,
    all_subsystems,
    course_with_package,
    learner,
    notary,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])


def test_it_lets_a_learner_leave_midway_and_resume_at_the_bookmark(page, live_server, axe_check):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("singlescobasic.zip")
    _login(page, live_server, anna.user)
    page.goto("/asp/")
    axe_check(page)
    page.get_by_role("link", name=course.title).click()
    axe_check(page)
    by_link_or_button(page, "Tananyag indítása").click()
    content = sco_frame(page)
    content.get_by_role("button", name="Next").click()
    content.get_by_role("button", name="Next").click()
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt = Attempt.objects.get(user=anna.user)
    assert attempt.cmi["cmi.core.lesson_location"] == "2"
    assert attempt.suspended and attempt.completion_status == "incomplete"
    asked = []

    def resume(dialog):  # the Golf content asks whether to resume at the bookmark: yes
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", resume)
    by_link_or_button(page, "Tananyag folytatása").click()
    content.get_by_role("button", name="Previous").wait_for(state="visible")
    # Leave through the player so the content finishes before the test ends (no request may
    # still be running while the test database is flushed).
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    attempt.refresh_from_db()
    assert asked == ["Would you like to resume from where you previously left off?"]
    assert attempt.sessions == 2 and attempt.number == 1  # the same attempt, resumed
    assert attempt.cmi["cmi.core.lesson_location"] == "2"  # went on from page 2, not from the start


def test_it_refuses_a_learner_at_another_subsystems_course(page, live_server):
    all_subsystems()
    bela = learner(email="toth.bela@example.hu", name="Tóth Béla", subsystems=("ado",))
    course, _ = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    _login(page, live_server, bela.user)
    response = page.goto(f"/asp/tananyag/{course.pk}/")
    assert response.status == 403
    assert "Nincs jogosultsága" in page.locator("h1").inner_text()


def _play_to_the_quiz(content, pages: int) -> None:
    """Click the Golf launch page's Next button until the last page (the knowledge check)."""
    for _ in range(pages - 1):
        content.get_by_role("button", name="Next").click()


def _answer_the_quiz(quiz, *, numeric: str | None = None) -> int:
    """Tick the right answer of every choice and true/false question; type ``numeric`` (or the
    right number) into the numeric ones; submit; return the score the content shows."""
    quiz.locator("#frmTest").wait_for()
    for radio in quiz.locator(".correctAnswer input[type=radio]").all():
        radio.check()
    for field in quiz.locator(".correctAnswer input[type=text]").all():
        right = field.locator("xpath=..").inner_text().strip(" ()")
        field.fill(numeric if numeric is not None else right)
    quiz.get_by_role("button", name="Submit Answers").click()
    return int(quiz.locator("#test h3").first.inner_text().removeprefix("Score: "))


def test_it_takes_a_new_colleague_from_the_notarys_table_to_a_passed_course(
    page, live_server, axe_check, outbox_mail, tmp_path
):
    """Notary: upload → dry run → commit; worker sends the invitation; the learner sets a password
    from the mail, plays singlescobasic.zip to the end and answers the quiz."""
    import re

    from openpyxl import Workbook

    from portal.training.intake.table import BASE_HEADERS, SUBSYSTEM_HEADERS
    from portal.training.services.enrolment import training_invitations_send_due

    all_subsystems()
    seat = MunicipalityFactory(name="Orfű")
    jegyzo = notary(office=seat.notary_office)
    course, _ = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    workbook = Workbook()
    workbook.active.append(BASE_HEADERS + SUBSYSTEM_HEADERS)
    workbook.active.append(["Új Ádám", "Uj.Adam@example.hu", "pénzügyi ügyintéző", "Orfű", "x"])
    path = tmp_path / "tabla.xlsx"
    workbook.save(path)

    _login(page, live_server, jegyzo.user)
    page.goto("/asp/jegyzo/")
    axe_check(page)
    page.get_by_role("link", name="Regisztrációs táblázat feltöltése").click()
    axe_check(page)
    page.get_by_label("Regisztrációs táblázat").set_input_files(str(path))
    page.get_by_role("button", name="Ellenőrzés").click()
    assert page.locator("[data-count-new]").inner_text() == "1"
    assert page.locator("[data-row-count]").inner_text() == "1"
    axe_check(page)
    page.get_by_role("button", name="Rögzítés").click()
    assert page.locator("[data-intake-status]").get_attribute("data-intake-status") == "committed"
    assert page.locator("[data-invitations-pending]").get_attribute("data-invitations-pending") == "1"
    axe_check(page)
    page.goto("/asp/jegyzo/")
    assert page.locator('[data-learner="uj.adam@example.hu"] [data-state]').inner_text().startswith("küldésre vár")
    axe_check(page)
    assert training_invitations_send_due() == 1  # the worker's step
    page.reload()
    assert page.locator('[data-learner="uj.adam@example.hu"] [data-state]').get_attribute("data-state") == "sent"
    page.context.clear_cookies()
    [mail] = outbox_mail()
    assert mail.to == ["uj.adam@example.hu"] and "uj.adam@example.hu" in mail.body
    link = re.search(r"https?://\S+/belepes/jelszo-beallitasa/\S+/", mail.body).group(0)
    page.goto(link)
    axe_check(page)
    page.get_by_label("Új jelszó").first.fill("Golf-tanulo-2026")
    page.get_by_label("Új jelszó még egyszer").fill("Golf-tanulo-2026")
    page.get_by_role("button", name="Jelszó beállítása").click()
    page.get_by_label("E-mail cím").fill("uj.adam@example.hu")
    page.get_by_label("Jelszó").fill("Golf-tanulo-2026")
    page.get_by_role("button", name="Belépés").click()
    page.goto("/asp/")
    axe_check(page)
    page.get_by_role("link", name=course.title).click()
    by_link_or_button(page, "Tananyag indítása").click()
    content = sco_frame(page)
    content.get_by_role("button", name="Next").wait_for()
    axe_check(page)
    _play_to_the_quiz(content, pages=16)
    score = _answer_the_quiz(content.frame_locator("#contentFrame"), numeric="0")
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    axe_check(page)

    attempt = Attempt.objects.get(user__email="uj.adam@example.hu")
    expected = "passed" if score >= 70 else "failed"
    assert attempt.cmi["cmi.core.score.raw"] == str(score) and attempt.score_raw == score
    assert attempt.cmi["cmi.core.lesson_status"] == expected and attempt.success_status == expected
    assert attempt.completion_status == "completed" and not attempt.suspended
    assert page.locator("[data-success]").first.get_attribute("data-success") == expected
    assert page.locator("[data-success]").first.inner_text() == {"passed": "sikeres", "failed": "sikertelen"}[expected]


def test_it_records_completion_and_success_of_a_scorm_2004_package(page, live_server, axe_check):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("RuntimeBasicCalls_SCORM20043rdEdition.zip")
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    by_link_or_button(page, "Tananyag indítása").click()
    content = sco_frame(page)
    _play_to_the_quiz(content, pages=15)
    score = _answer_the_quiz(content.frame_locator("#contentFrame"))
    assert score == 100
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    axe_check(page)
    attempt = Attempt.objects.get(user=anna.user)
    assert attempt.completion_status == "completed" and attempt.success_status == "passed"
    assert attempt.cmi["cmi.score.scaled"] == "1" and attempt.score_raw == 100


def test_it_completes_a_scorm_12_item_that_sets_no_status_by_the_finish_rules(page, live_server, axe_check):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, package = course_with_package("RuntimeMinimumCalls_SCORM12.zip")
    first, second = package.scos.exclude(href="").order_by("order")[:2]
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    by_link_or_button(page, "Tananyag indítása").click()
    toc = page.get_by_role("navigation", name="Tartalomjegyzék")
    assert toc.get_by_role("link", name=first.title).get_attribute("aria-current") == "page"
    sco_frame(page).locator("body").wait_for()
    axe_check(page)
    page.get_by_role("link", name="Következő").click()
    page.wait_for_url(f"**/lejatszo/{second.pk}/")
    sco_frame(page).locator("body").wait_for()
    done = Attempt.objects.get(user=anna.user, sco=first)
    assert done.cmi["cmi.core.lesson_status"] == "completed"  # the SCO set none: the finish rule did
    assert done.completion_status == "completed" and not done.is_open
    by_link_or_button(page, "Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    assert Attempt.objects.get(user=anna.user, sco=second).completion_status == "completed"


NEGATIVE_REASONS = {
    "badscorm.zip": lambda m: m.MANIFEST_IN_FOLDER % {"folder": "badscorm"},
    "invalid.zip": lambda m: m.NO_MANIFEST,
    "singlescobasic_missingorg.zip": lambda m: m.NO_ORGANIZATION,
    "validaicc.zip": lambda m: m.AICC,
    "validscorm.zip": lambda m: "Az imsmanifest.xml nem értelmezhető XML",
}


@pytest.mark.parametrize("name", list(NEGATIVE_REASONS))
def test_it_refuses_the_negative_packages_with_their_reasons(page, live_server, axe_check, name):
    from portal.training.scorm import manifest
    from tests.factories.training import SCORM_DIR, CourseFactory, training_office_user

    course = CourseFactory()
    _login(page, live_server, training_office_user())
    page.goto(f"/asp/iroda/tananyagok/{course.pk}/csomag/")
    page.get_by_label("SCORM-csomag (ZIP)").set_input_files(str(SCORM_DIR / "negative" / name))
    page.get_by_role("button", name="Feltöltés").click()
    assert str(NEGATIVE_REASONS[name](manifest)) in page.locator(".error-summary").inner_text()
    assert course.packages.count() == 0
    axe_check(page)


def test_it_lets_a_learner_who_forgot_the_password_back_to_the_courses(page, live_server, axe_check, outbox_mail):
    import re

    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("singlescobasic.zip")
    page.goto("/belepes/asp-oktatas/")
    page.get_by_role("link", name="Elfelejtette jelszavát?").click()
    axe_check(page)
    page.get_by_label("E-mail cím").fill("Kiss.Anna@example.hu")
    page.get_by_role("button", name="Hivatkozás kérése").click()
    axe_check(page)
    [mail] = outbox_mail()
    assert mail.to == ["kiss.anna@example.hu"]
    link = re.search(r"https?://\S+/belepes/jelszo-beallitasa/\S+/", mail.body).group(0)
    page.goto(link)
    axe_check(page)
    page.get_by_label("Új jelszó").first.fill("Uj-jelszo-2026")
    page.get_by_label("Új jelszó még egyszer").fill("Uj-jelszo-2026")
    page.get_by_role("button", name="Jelszó beállítása").click()
    page.get_by_label("E-mail cím").fill("kiss.anna@example.hu")
    page.get_by_label("Jelszó").fill("Uj-jelszo-2026")
    page.get_by_role("button", name="Belépés").click()
    page.goto("/asp/")
    assert page.get_by_role("link", name=course.title).count() == 1
    axe_check(page)
    anna.user.refresh_from_db()
    assert anna.user.check_password("Uj-jelszo-2026")


def test_it_shows_a_notary_the_progress_of_a_big_table_the_worker_checks_and_commits(
    page, live_server, axe_check, settings, tmp_path
):
    from openpyxl import Workbook

    from portal.training.intake.table import BASE_HEADERS, SUBSYSTEM_HEADERS
    from portal.training.services.enrolment import training_intake_jobs_run

    settings.TRAINING_INTAKE_SYNC_BYTES = 0  # treat every table as big
    settings.TRAINING_INTAKE_SYNC_ROWS = 0
    all_subsystems()
    seat = MunicipalityFactory(name="Orfű")
    jegyzo = notary(office=seat.notary_office)
    workbook = Workbook()
    workbook.active.append(BASE_HEADERS + SUBSYSTEM_HEADERS)
    for n in range(20):
        workbook.active.append([f"Új {n}", f"uj.{n}@example.hu", "ügyintéző", "Orfű", "x"])
    path = tmp_path / "nagy.xlsx"
    workbook.save(path)
    _login(page, live_server, jegyzo.user)
    page.goto("/asp/kerelem/uj/")
    page.get_by_label("Regisztrációs táblázat").set_input_files(str(path))
    page.get_by_role("button", name="Ellenőrzés").click()
    assert page.locator("[data-job]").get_attribute("data-job") == "check"
    axe_check(page)
    assert training_intake_jobs_run() == 1
    page.wait_for_selector("[data-count-new]")  # the page reloaded itself when the job was done
    assert page.locator("[data-count-new]").inner_text() == "20"
    page.get_by_role("button", name="Rögzítés").click()
    assert page.locator("[data-job]").get_attribute("data-job") == "commit"
    axe_check(page)
    assert training_intake_jobs_run() == 1
    page.wait_for_selector('[data-intake-status="committed"]')
    axe_check(page)
