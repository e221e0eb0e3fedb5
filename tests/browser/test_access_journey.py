"""The head hands out module rights; staff reach exactly what they were granted.

Master login → two users → one granted in the user view, the other in the
project view → each logs in and reaches exactly its modules → the master
identity is refused at a module → the office closes a module and the users are
refused with the reason.

The office clerk is logged in from the test (``Client.force_login`` with a TOTP
device marked verified in the session, cookie copied into the browser): the
TOTP login itself is the accounts journey's business.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import PASSWORD, MasterFactory, OfficeUserFactory
from tests.factories.registry import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def modules():
    """A transactional test flushes the migration's rows; put the product's modules back."""
    from portal.access.services import module_catalogue_sync

    module_catalogue_sync()

STAFF_PASSWORD = "Tanterem42ablak"
NEW_PASSWORD = "Kréta9tábla"
CLOSE_REASON = "Az őszi adatszolgáltatási időszak véget ért."

INSTITUTION_DATA = "/mesterjelszo/modulok/intezmenyi-adatok/"
ID_CARDS = "/mesterjelszo/modulok/oktatasi-igazolvany/"
DOCUMENTS = "/mesterjelszo/modulok/dokumentumok/"


def new_page(page, live_server):
    context = page.context.browser.new_context(base_url=live_server.url, locale="hu-HU")
    context.set_default_timeout(10_000)
    return context.new_page()


def status_of(page, url: str) -> int:
    return page.goto(url).status


def log_in_staff(page, om_id: str, username: str, password: str) -> None:
    page.goto("/belepes/intezmeny/")
    page.locator("#id_om_id").fill(om_id)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Belépés").click()


def grant_in_fieldset(page, legend: str, value: str = "Jogosult") -> None:
    page.get_by_role("group", name=legend).get_by_label(value, exact=True).check()


def create_user(page, username: str, *, password_right: str) -> None:
    page.get_by_role("link", name="Új felhasználó felvétele").first.click()
    page.get_by_label("Felhasználónév").fill(username)
    page.get_by_label("Jelszó", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("Jelszó még egyszer").fill(STAFF_PASSWORD)
    grant_in_fieldset(page, "Jelszóváltoztatás joga", password_right)
    page.get_by_role("button", name="Mentés").click()


def test_it_lets_the_head_hand_out_module_rights(page, live_server, axe_check):
    school = InstitutionFactory(name="Kőrösi Csoma Sándor Általános Iskola")
    MasterFactory(institution=school)

    # The head logs in with the OM ID and the master password.
    page.goto("/belepes/mesterjelszo/")
    page.get_by_label("OM azonosító").fill(school.om_id)
    page.get_by_label("Mesterjelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    assert page.locator("h1").inner_text() == "Mesterjelszó-kezelő"
    axe_check(page)

    # Two users; a duplicate name is explained and nothing typed is lost.
    create_user(page, "tanar", password_right="Jogosult")
    assert page.locator("h1").inner_text() == "Felhasználó nézet: tanar"
    page.goto("/mesterjelszo/")
    create_user(page, "TANAR", password_right="Nem jogosult")
    assert "Ilyen felhasználónév már van az intézményben" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Felhasználónév").input_value() == "TANAR"
    axe_check(page)
    page.get_by_label("Felhasználónév").fill("titkar")
    page.get_by_label("Jelszó", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("Jelszó még egyszer").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Mentés").click()
    assert page.locator("h1").inner_text() == "Felhasználó nézet: titkar"

    # The teacher gets "Intézményi adatok aktualizálása" and the ID-card module in the user view.
    page.goto("/mesterjelszo/felhasznalo-nezet/")
    page.get_by_role("link", name="tanar").click()
    grant_in_fieldset(page, "Intézményi adatok aktualizálása")
    grant_in_fieldset(page, "Oktatási igazolvány adatok")
    page.get_by_role("button", name="Mentés").click()
    assert "jogosultságait mentettük" in page.locator(".messages").inner_text()
    axe_check(page)

    # The secretary gets "Intézményi adatok aktualizálása" in the project view.
    page.goto("/mesterjelszo/projekt-nezet/")
    axe_check(page)
    page.get_by_role("link", name="Intézményi adatok aktualizálása").click()
    grant_in_fieldset(page, "titkar")
    page.get_by_role("button", name="Mentés").click()
    assert "felhasználóit mentettük" in page.locator(".messages").inner_text()
    axe_check(page)
    page.goto("/mesterjelszo/")
    row = page.get_by_role("row", name=re.compile("Intézményi adatok aktualizálása"))
    assert "tanar, titkar" in row.inner_text()

    # The master identity cannot enter a module.
    assert status_of(page, INSTITUTION_DATA) == 403
    assert "A mesterjelszó csak a felhasználók felvételére" in page.locator("main").inner_text()
    axe_check(page)

    # The teacher changes the head's password at first login, then reaches exactly the two modules.
    teacher = new_page(page, live_server)
    log_in_staff(teacher, school.om_id, "tanar", STAFF_PASSWORD)
    assert teacher.locator("h1").inner_text() == "Jelszóváltoztatás"
    teacher.locator("#id_old_password").fill(STAFF_PASSWORD)
    teacher.locator("#id_new_password1").fill(NEW_PASSWORD)
    teacher.locator("#id_new_password2").fill(NEW_PASSWORD)
    teacher.get_by_role("button", name="Jelszó megváltoztatása").click()
    teacher.goto("/mesterjelszo/modulok/")
    axe_check(teacher)
    assert status_of(teacher, INSTITUTION_DATA) == 200
    assert teacher.locator("h1").inner_text() == "Intézményi adatok aktualizálása"
    axe_check(teacher)
    assert status_of(teacher, ID_CARDS) == 200
    assert status_of(teacher, DOCUMENTS) == 403
    assert "Nincs jogosultsága a(z) „Dokumentumok” modulhoz" in teacher.locator("main").inner_text()
    axe_check(teacher)

    # The secretary (no password right, so no forced change) reaches only the data module.
    secretary = new_page(page, live_server)
    log_in_staff(secretary, school.om_id, "titkar", STAFF_PASSWORD)
    assert status_of(secretary, INSTITUTION_DATA) == 200
    assert status_of(secretary, ID_CARDS) == 403
    assert status_of(secretary, DOCUMENTS) == 403

    # The office closes the ID-card module; the teacher is refused with the reason.
    office = new_page(page, live_server)
    clerk = OfficeUserFactory()
    device = TOTPDevice.objects.create(user=clerk, name="telefon", confirmed=True)
    client = Client()
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    office.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}])
    office.goto("/mesterjelszo/hivatal/modulok/")
    axe_check(office)
    office.get_by_role("link", name="Oktatási igazolvány adatok lezárása").click()
    office.get_by_label("A lezárás indoka").fill(CLOSE_REASON)
    axe_check(office)
    office.get_by_role("button", name="Lezárás").click()
    assert "lezártuk" in office.locator(".messages").inner_text()

    assert status_of(teacher, ID_CARDS) == 403
    assert f"Központ lezárta: {CLOSE_REASON}" in teacher.locator("main").inner_text()
    assert status_of(teacher, INSTITUTION_DATA) == 200
    page.goto("/mesterjelszo/projekt-nezet/")
    assert CLOSE_REASON in page.get_by_role("row", name=re.compile("Oktatási igazolvány adatok")).inner_text()


def test_it_lets_the_head_change_the_address_and_manage_a_user(page, live_server, axe_check):
    school = InstitutionFactory(name="Petőfi Sándor Gimnázium", head_email="regi@iskola.example")
    MasterFactory(institution=school)
    page.goto("/belepes/mesterjelszo/")
    page.get_by_label("OM azonosító").fill(school.om_id)
    page.get_by_label("Mesterjelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    create_user(page, "tanar", password_right="Jogosult")
    grant_in_fieldset(page, "Dokumentumok")
    page.get_by_role("button", name="Mentés").click()

    # The head's address: a bad one is explained on the field, a good one takes effect at once.
    page.goto("/mesterjelszo/")
    page.get_by_role("link", name="Intézményvezetői cím").first.click()
    page.get_by_label("Intézményvezetői e-mail cím").fill("nem-cim")
    page.get_by_role("button", name="Mentés").click()
    assert "Adjon meg érvényes e-mail címet" in page.locator(".error-summary").inner_text()
    axe_check(page)
    page.get_by_label("Intézményvezetői e-mail cím").fill("uj@iskola.example")
    page.get_by_role("button", name="Mentés").click()
    assert "azonnal érvényes" in page.locator(".messages").inner_text()
    school.refresh_from_db()
    assert school.head_email == "uj@iskola.example"

    # A new password for the user, then disabling warns that nobody is left for the module.
    page.goto("/mesterjelszo/felhasznalo-nezet/")
    page.get_by_role("link", name="tanar").click()
    page.get_by_role("link", name="Új jelszó megadása").click()
    axe_check(page)
    page.get_by_label("Új jelszó", exact=True).fill("Ablak7keret")
    page.get_by_label("Új jelszó még egyszer").fill("Ablak7keret")
    page.get_by_role("button", name="Mentés").click()
    assert "új jelszavát beállítottuk" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Letiltás").click()
    assert "„Dokumentumok” modult ezután az intézményben egyetlen felhasználó sem" in (
        page.locator(".messages").inner_text())
    axe_check(page)
    page.get_by_role("link", name="Törlés").click()
    axe_check(page)
    page.get_by_role("button", name="Végleges törlés").click()
    assert "töröltük" in page.locator(".messages").inner_text()
    assert "Még nincs felhasználó" in page.locator("main").inner_text()
