"""SCORM 2004 sequencing in Chromium: the course TOC and the player follow the server's engine."""

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from portal.training.models import SequencingState
from tests.factories.training import all_subsystems, course_with_package, learner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FORCED = "sequencing/SequencingForcedSequential_SCORM20043rdEdition.zip"
SHOTS = os.environ.get("BROWSER_ARTIFACTS", "test-artifacts")


def _login(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])


def test_forced_order_course_shows_what_is_open_and_resumes_after_leaving(page, live_server, axe_check):
    all_subsystems()
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, package = course_with_package(FORCED)
    _login(page, live_server, anna.user)
    page.goto(f"/asp/tananyag/{course.pk}/")
    axe_check(page)
    toc = page.locator(".sequencing-toc")
    assert toc.locator('[data-toc-item="playing_item"]').get_attribute("data-toc-state") == "available"
    assert "(nem érhető el)" in toc.locator('[data-toc-item="assessment_item"]').inner_text()
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, "sequencing-course.png"), full_page=True)

    page.get_by_role("button", name="Tananyag indítása").click()
    page.wait_for_url("**/lejatszo/**")
    player_toc = page.locator(".player-toc")
    assert player_toc.get_by_role("button", name="Playing the Game").get_attribute("aria-current") == "page"
    assert player_toc.get_by_role("button", name="Quiz").count() == 0  # disabled: no way to choose it
    axe_check(page)
    page.screenshot(path=os.path.join(SHOTS, "sequencing-player.png"), full_page=True)

    page.get_by_role("button", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
    assert page.get_by_role("button", name="Tananyag folytatása").is_visible()
    state = SequencingState.objects.get(user=anna.user, package=package).state
    assert state["suspended"] == "playing_item"
    page.get_by_role("button", name="Tananyag folytatása").click()
    page.wait_for_url("**/lejatszo/**")
    assert page.locator(".player-toc [aria-current=page]").inner_text() == "Playing the Game"
    page.get_by_role("button", name="Kilépés a tananyagból").click()
    page.wait_for_url(f"**/asp/tananyag/{course.pk}/")
