import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_leads_every_role_from_the_landing_page(page, axe_check):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Üdvözöljük!"
    for entry in ["Intézményi belépés", "Tankerületi belépés", "Fenntartói belépés",
                  "Mesterjelszó-kezelő", "Oktatási Hivatal", "ASP oktatás", "Intézménykereső"]:
        assert page.get_by_role("link", name=entry).count() >= 1
    axe_check(page)


def test_it_lets_a_keyboard_user_skip_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Ugrás a tartalomra")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#tartalom")


def test_it_shows_a_hungarian_page_for_an_unknown_address(page, axe_check):
    response = page.goto("/nincs-ilyen-oldal/")
    assert response.status == 404
    assert "Az oldal nem található" in page.locator("h1").inner_text()
    axe_check(page)
