"""Seed journeys no test drove yet (issue 18): a request rejected and the applicant starting a new
one; a new institution announced with a maintainer ID instead of a PIR number (p3) taken to approval."""

import os
import re

import pytest

from portal.changes.models import ChangeRequest, State
from portal.registry.models import Institution
from tests.browser.test_register_journeys import field, maintainer, office_login  # noqa: F401 (fixture)
from tests.factories.changes import complete_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BROWSER_ARTIFACTS", "test-artifacts")


def shot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"u-{name}.png"), full_page=True)


def announce_with_maintainer_id(page) -> ChangeRequest:
    page.goto("/uj-intezmeny/")
    field(page, "Fenntartói azonosítóval").check()
    field(page, "Fenntartói azonosító").fill("10700042")
    field(page, "A bejelentő e-mail címe").fill("bejelento@peldaiskola.hu")
    page.get_by_role("button", name="Tovább").click()
    page.get_by_role("link", name="Alapadatok").wait_for()
    request = ChangeRequest.objects.order_by("-pk").first()
    assert request is not None and request.state == State.DRAFT
    # the tabs are filled in by test_register_journeys; here the complete record is the starting point
    ChangeRequest.objects.filter(pk=request.pk).update(
        payload=complete_record(sites=1, maintainer_id="10700042").to_dict())
    page.get_by_role("link", name="Áttekintés és beküldés").click()
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()
    page.get_by_text("A kérelem beküldése sikeres").first.wait_for()
    request.refresh_from_db()
    return request


def test_a_rejected_applicant_starts_anew_and_a_maintainer_id_announcement_is_approved(
    page, browser, live_server, axe_check, maintainer,  # noqa: F811
):
    first = announce_with_maintainer_id(page)
    assert first.payload.get("pir", "") == ""  # p3: no PIR number, the maintainer's ID instead
    office = browser.new_context(base_url=live_server.url, locale="hu-HU").new_page()
    office_login(office)
    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={first.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    field(office, "Döntés indoka").fill("Az alapító okirat hiányzik.")
    office.get_by_role("button", name="Elutasítás").click()
    first.refresh_from_db()
    assert first.state == State.REJECTED

    page.reload()
    assert "elutasított" in page.content()
    history = page.locator("ol.decision-history").inner_text()
    assert "elutasított. Indoka: Az alapító okirat hiányzik." in history
    axe_check(page)
    shot(page, "rejected-overview")

    # The applicant starts a new request: the rejected one does not block it.
    second = announce_with_maintainer_id(page)
    assert second.pk != first.pk
    office.goto("/hivatal/kerelmek/")
    row = office.locator("tr", has=office.get_by_role("link", name=str(second.pk), exact=True))
    assert "Győr Megyei Jogú Város Önkormányzata" in row.inner_text()
    axe_check(office)
    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={second.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    office.get_by_role("button", name="Átvezetés").click()
    second.refresh_from_db()
    assert second.state == State.APPROVED
    institution = Institution.objects.get(pk=second.institution_id)
    assert re.fullmatch(r"\d{6}", institution.om_id) and institution.maintainer.maintainer_id == "10700042"
    assert Institution.objects.count() == 1  # the rejected request made nothing

    page.reload()
    assert institution.om_id in page.content()
    history = page.locator("ol.decision-history").inner_text()
    assert "átvezetett" in history and "elutasított" not in history
    axe_check(page)
    shot(page, "approved-overview")
