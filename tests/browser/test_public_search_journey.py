"""A citizen types a name with a typo: the institution meant comes first with the matched words
marked; a query that finds nothing offers "Erre gondolt?", and picking the suggestion opens the
institution. Real names from the KIR list (2025-07)."""

import os

import pytest

from tests.factories.reference import CountyFactory, PostalCodeFactory, SettlementFactory
from tests.factories.registry import MaintainerFactory, registered_institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HARKANY = "Harkányi Óvoda, Mini Bölcsőde és Konyha"
KAZINCZY = "Győri Kazinczy Ferenc Gimnázium és Kollégium"
SEARCH_BOX = "Intézmény neve, OM azonosítója vagy települése"


@pytest.fixture
def institutions():
    from portal.core.services.codelists import codelists_load

    codelists_load()
    gyor = SettlementFactory(ksh_code="25584", name="Győr", county=CountyFactory(code="08", name="Győr-Moson-Sopron"))
    PostalCodeFactory(code="9021", settlement=gyor)
    registered_institution(name=HARKANY, om_id="027391", maintainer=MaintainerFactory(name="Harkány Város Önkormányzata"),
                           institution_type="ovoda", base_task="ovodai-neveles")
    registered_institution(name=KAZINCZY, om_id="030000", institution_type="gimnazium",
                           base_task="gimnaziumi-4-evfolyamos")
    registered_institution(name="Budapest Baptista Gimnázium, Technikum és Sportiskola", om_id="035255")


def test_a_typo_finds_the_institution_and_nothing_found_offers_the_nearest_one(page, axe_check, institutions):
    page.goto("/kereses/")
    page.get_by_label(SEARCH_BOX).fill("Harkányi óvda")
    page.get_by_role("button", name="Keresés").click()
    first = page.locator("tbody tr").first
    assert first.get_by_role("link").first.inner_text() == HARKANY
    assert first.locator("mark").all_inner_texts() == ["Harkányi", "Óvoda"]
    assert page.get_by_label(SEARCH_BOX).input_value() == "Harkányi óvda"
    axe_check(page)

    page.get_by_label(SEARCH_BOX).fill("kazincy gimnazum xqzw")
    page.get_by_role("button", name="Keresés").click()
    assert page.locator("#results-title").inner_text() == "0 találat"
    suggestions = page.get_by_role("status").filter(has_text="Erre gondolt?")
    assert suggestions.get_by_role("link", name="kazinczy gimnazium").count() == 1
    axe_check(page)
    if os.environ.get("BROWSER_SCREENSHOTS"):
        page.screenshot(path=os.environ["BROWSER_SCREENSHOTS"], full_page=True)
    suggestions.get_by_role("link", name=KAZINCZY).click()
    assert page.locator("h1").inner_text().startswith(KAZINCZY)
    page.go_back()
    page.get_by_role("status").get_by_role("link", name="kazinczy gimnazium").click()
    assert page.locator("#results-title").inner_text() == "1 találat"
    assert page.get_by_label(SEARCH_BOX).input_value() == "kazinczy gimnazium"
