"""What every user of a page sees (issue 18): the settlement suggestion never fills in a stale
settlement, the maintainer's username fills itself, the home pages' headings, the services' chrome,
confirmations before destructive actions, messages inside <main>."""

import os

import pytest

from tests.browser.test_register_journeys import field
from tests.factories.maintainers import maintainer_types
from tests.factories.reference import reference_places

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("BROWSER_ARTIFACTS", "test-artifacts")


def shot(page, name: str) -> None:
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, f"u-{name}.png"), full_page=True)


@pytest.fixture
def places():
    reference_places()
    maintainer_types()


def hold_lookups(page) -> dict:
    """Answers of the postal-code lookup are held until the test releases them, in any order."""
    held: dict = {}
    page.route("**/cim/iranyitoszam/*/", lambda route: held.__setitem__(route.request.url.rstrip("/").split("/")[-1], route))
    return held


def release(page, held: dict, code: str) -> None:
    while code not in held:  # until the page's request has reached the route (no time limit is asserted)
        page.wait_for_timeout(50)
    held.pop(code).continue_()


def test_a_stale_postal_code_answer_does_not_fill_in_the_wrong_settlement(page, places, axe_check):
    page.goto("/uj-fenntarto/")
    held = hold_lookups(page)
    postal, settlement = page.locator("#id_seat-postal_code"), page.locator("#id_seat-settlement")
    postal.fill("9021")  # Győr: the answer is held
    postal.fill("4024")  # corrected to Debrecen before Győr's answer came
    release(page, held, "9021")  # the stale answer arrives first
    release(page, held, "4024")
    page.wait_for_function("() => document.querySelector('#id_seat-settlement').value !== ''")
    assert settlement.input_value() == "Debrecen"


def test_a_settlement_the_script_filled_follows_a_corrected_postal_code_but_typed_ones_stay(page, places):
    page.goto("/uj-fenntarto/")
    held = hold_lookups(page)
    postal, settlement = page.locator("#id_seat-postal_code"), page.locator("#id_seat-settlement")
    postal.fill("9021")
    release(page, held, "9021")
    page.wait_for_function("() => document.querySelector('#id_seat-settlement').value === 'Győr'")
    postal.fill("4024")  # the suggestion was the script's, not the person's: it follows
    release(page, held, "4024")
    page.wait_for_function("() => document.querySelector('#id_seat-settlement').value === 'Debrecen'")
    settlement.fill("Debrecen")  # typed by the person
    postal.fill("1055")
    release(page, held, "1055")
    page.wait_for_function("() => document.querySelector('#id_seat-settlement').list.options.length === 1")
    assert settlement.input_value() == "Debrecen"


def test_the_maintainer_username_fills_itself_and_the_home_headings_keep_their_marker(page, places, axe_check):
    from portal.registry.maintainer_schema import apply_to_register
    from tests.factories.accounts import PASSWORD, MaintainerUserFactory
    from tests.factories.maintainers import maintainer_record
    from tests.factories.registry import MaintainerFactory

    maintainer = MaintainerFactory(maintainer_id="30000555")
    apply_to_register(maintainer_record(maintainer_id="30000555"), maintainer=maintainer)
    MaintainerUserFactory(maintainer=maintainer)
    page.goto("/belepes/fenntarto/")
    field(page, "Fenntartói azonosító").fill("3000 0555")
    field(page, "Felhasználónév").click()
    assert field(page, "Felhasználónév").input_value() == "30000555"  # seed p. 28
    field(page, "Jelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    page.get_by_role("heading", name="Fenntartói adatok").wait_for()
    axe_check(page)
    shot(page, "maintainer-home")
    summary = page.locator("details.section > summary").first.bounding_box()
    heading = page.locator("details.section > summary > h2").first.bounding_box()
    assert summary and heading and summary["height"] < 2 * heading["height"]  # ▼ on the heading's line
    color = page.locator("details.section > summary").first.evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(164, 22, 26)"  # the seed's red headings


def test_the_notary_sees_the_treasurys_chrome_and_confirms_a_withdrawal(page, axe_check):
    from portal.training.models import Learner
    from tests.factories.training import MunicipalityFactory, all_subsystems, learner, notary

    all_subsystems()
    jegyzo = notary(email="jegyzo@pelda.example")
    anna = learner(municipality=MunicipalityFactory(name="Abaliget", notary_office=jegyzo.notary_office))
    page.goto("/belepes/asp-oktatas/")
    field(page, "E-mail cím").fill("jegyzo@pelda.example")
    field(page, "Jelszó").fill("Jelszo12345")
    page.get_by_role("button", name="Belépés").click()
    page.get_by_role("heading", name="Beiskolázottak").wait_for()
    header, footer = page.locator("header").inner_text(), page.locator("footer").inner_text()
    assert "ASP oktatás" in header and "Magyar Államkincstár" in header and "Intézménykereső" not in header
    assert "aspoktatas@allamkincstar.gov.hu" in footer and "9001 Győr" not in footer
    axe_check(page)
    shot(page, "notary-home")
    page.get_by_role("button", name="Kivezetés (elhagyta az önkormányzatot)").click()
    page.get_by_role("heading", name="Beiskolázott kivezetése").wait_for()
    axe_check(page)
    shot(page, "notary-confirm")
    assert not Learner.objects.get(pk=anna.pk).is_withdrawn
    page.get_by_role("button", name="Igen, kivezetem").click()
    status = page.locator("main [role=status]")
    status.wait_for()
    assert "hozzáférését megszüntettük" in status.inner_text()
    assert Learner.objects.get(pk=anna.pk).is_withdrawn
    shot(page, "notary-withdrawn")
