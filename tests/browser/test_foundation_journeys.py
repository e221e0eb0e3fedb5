"""Foundation journeys: every login page, an institution login, a learner's password reset."""

import re

import pytest

from portal.accounts.forms import LOGIN_FAILED
from tests.factories.accounts import PASSWORD, InstitutionUserFactory, LearnerFactory
from tests.factories.registry import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_PAGES = {
    "Intézményi belépés": "/belepes/intezmeny/",
    "Tankerületi belépés": "/belepes/tankerulet/",
    "Fenntartói belépés": "/belepes/fenntarto/",
    "Mesterjelszó-kezelő": "/belepes/mesterjelszo/",
    "Oktatási Hivatal": "/belepes/hivatal/",
    "ASP oktatás": "/belepes/asp-oktatas/",
}


@pytest.mark.parametrize("entry", list(LOGIN_PAGES))
def test_it_opens_every_login_page_from_the_landing_page(page, axe_check, entry):
    page.goto("/")
    page.get_by_role("link", name=entry, exact=True).first.click()
    assert page.url.endswith(LOGIN_PAGES[entry])
    assert page.locator("h1").count() == 1
    axe_check(page)


@pytest.fixture
def head_of_school():
    school = InstitutionFactory(om_id="030521", name="Győri Gárdonyi Géza Általános Iskola")
    return InstitutionUserFactory(institution=school, username="igazgato", full_name="Nagy Éva")


def test_it_lets_a_head_of_school_in_and_out(page, axe_check, head_of_school):
    page.goto("/belepes/intezmeny/")
    page.get_by_label("OM azonosító").fill("030521")
    page.get_by_label("Felhasználónév").fill("igazgato")
    page.get_by_label("Jelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    assert "Nagy Éva" in page.locator("header").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Kilépés").click()
    assert page.get_by_role("link", name="Intézményi belépés").count() == 1


def test_it_tells_a_mistyping_head_what_went_wrong_and_keeps_what_was_typed(page, axe_check, head_of_school):
    page.goto("/belepes/intezmeny/")
    page.get_by_label("OM azonosító").fill("030521")
    page.get_by_label("Felhasználónév").fill("igazgato")
    page.get_by_label("Jelszó").fill("rossz-jelszo-1")
    page.get_by_role("button", name="Belépés").click()
    summary = page.locator(".error-summary")
    assert str(LOGIN_FAILED) in summary.inner_text()
    assert page.get_by_label("OM azonosító").input_value() == "030521"
    assert page.get_by_label("Felhasználónév").input_value() == "igazgato"
    assert page.get_by_label("Jelszó").input_value() == ""
    axe_check(page)


def test_it_tells_a_head_who_typed_a_malformed_om_id(page, head_of_school):
    page.goto("/belepes/intezmeny/")
    page.get_by_label("OM azonosító").fill("03052")
    page.get_by_label("Felhasználónév").fill("igazgato")
    page.get_by_label("Jelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    assert "OM azonosító" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("OM azonosító").input_value() == "03052"


def test_it_lets_a_learner_who_forgot_the_password_set_a_new_one_from_the_mail(page, axe_check, outbox_mail):
    LearnerFactory(email="kiss.peter@peldafalva.example", full_name="Kiss Péter")
    page.goto("/belepes/asp-oktatas/")
    page.get_by_role("link", name="Elfelejtette jelszavát?").click()
    axe_check(page)
    page.get_by_label("E-mail cím").fill("Kiss.Peter@peldafalva.example")
    page.get_by_role("button", name="Hivatkozás kérése").click()
    axe_check(page)

    [mail] = outbox_mail()
    assert mail.to == ["kiss.peter@peldafalva.example"]
    assert "Hófehérke" not in mail.body  # no password travels by mail
    link = re.search(r"https?://\S+/belepes/jelszo-beallitasa/\S+/", mail.body).group(0)

    page.goto(link)
    axe_check(page)
    page.get_by_label("Új jelszó").first.fill("Uj-jelszo-2026")
    page.get_by_label("Új jelszó még egyszer").fill("Uj-jelszo-2026")
    page.get_by_role("button", name="Jelszó beállítása").click()

    page.get_by_label("E-mail cím").fill("kiss.peter@peldafalva.example")
    page.get_by_label("Jelszó").fill("Uj-jelszo-2026")
    page.get_by_role("button", name="Belépés").click()
    assert "Kiss Péter" in page.locator("header").inner_text()

    page.goto(link)  # the link was single-use
    assert "Jelszó beállítása" not in [b.inner_text() for b in page.get_by_role("button").all()]
