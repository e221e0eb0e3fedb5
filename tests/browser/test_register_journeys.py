"""New institution: from "Új intézmény bejelentése" to the head setting the master password;
and reopen → correct → resubmit → reject."""

import re
import shutil
import subprocess

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.changes.models import ChangeRequest, State
from portal.changes.printing import request_prints_render_due
from portal.core.models import OutboxMessage
from portal.core.services.codelists import codelists_load
from tests.factories.accounts import PASSWORD, OfficeUserFactory
from tests.factories.changes import complete_record
from tests.factories.reference import reference_places
from tests.factories.registry import MaintainerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def maintainer():
    codelists_load()
    reference_places()
    return MaintainerFactory(maintainer_id="10700042", name="Győr Megyei Jogú Város Önkormányzata")


def field(page, label: str):
    """The input labelled exactly ``label`` (a required field's label ends with an asterisk)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def office_login(page) -> None:
    clerk = OfficeUserFactory(username="toth.anna")
    device = TOTPDevice.objects.create(user=clerk, name="telefon", confirmed=True)
    page.goto("/belepes/hivatal/")
    field(page, "Felhasználónév").fill("toth.anna")
    field(page, "Jelszó").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    field(page, "Hitelesítő kód").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Belépés").click()


def save(page) -> None:
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    assert "Az adatokat elmentettük" in page.content()


def fill_address(page, prefix: str) -> None:
    page.fill(f"#id_{prefix}-postal_code", "9021")
    page.fill(f"#id_{prefix}-settlement", "Győr")
    page.fill(f"#id_{prefix}-street_name", "Kossuth Lajos")
    page.select_option(f"#id_{prefix}-street_type", "utca")
    page.fill(f"#id_{prefix}-house_number", "1")


def fill_tabs(page, axe_check) -> None:
    page.get_by_role("link", name="Alapadatok").click()
    field(page, "Adószám").fill("15300014-2-41")
    field(page, "Intézmény neve").fill("Győri Példa Általános Iskola")
    field(page, "Intézmény jellege").select_option("koznevelesi-intezmeny")
    field(page, "Intézmény típusa").select_option("altalanos-iskola")
    field(page, "Intézményvezető neve").fill("Szabó Éva")
    field(page, "Intézményvezető e-mail címe").fill("igazgato@peldaiskola.hu")
    field(page, "Alapító típusa").select_option("telepulesi-onkormanyzat")
    field(page, "Alapító neve").fill("Győr Megyei Jogú Város Önkormányzata")
    fill_address(page, "founder_seat")
    field(page, "Alapító okirat keltének helye").fill("Győr")
    field(page, "Alapító okirat kelte").fill("2024-05-02")
    save(page)
    axe_check(page)

    page.get_by_role("link", name="Jogelődök").click()
    field(page, "Jogelőd OM azonosítója").fill("031235")
    page.get_by_role("button", name="Jogelőd felvétele").click()
    page.get_by_role("status").filter(has_text="Az adatokat elmentettük").wait_for()
    page.get_by_role("link", name=re.compile(r"Módosítás\s*: 031235")).click()
    field(page, "Jogelőd OM azonosítója").fill("031234")
    page.get_by_role("button", name="Jogelőd mentése").click()
    field(page, "Jogelőd OM azonosítója").fill("031236")
    page.get_by_role("button", name="Jogelőd felvétele").click()
    page.get_by_role("button", name=re.compile(r"Törlés\s*: 031236")).click()
    assert page.locator("tbody td:first-child").all_inner_texts() == ["031234"]
    axe_check(page)

    page.get_by_role("link", name="Feladatellátási helyek").click()
    axe_check(page)
    page.get_by_role("link", name="Szerkesztés").first.click()
    fill_address(page, "address")
    field(page, "Kapcsolattartó neve").fill("Kiss Anna")
    field(page, "Kapcsolattartó e-mail címe").fill("kiss.anna@peldaiskola.hu")
    page.get_by_role("button", name="Kapcsolattartó másolása").click()
    assert field(page, "Vezető neve").input_value() == "Kiss Anna"
    for name in ["max_day_pupils", "max_practical_pupils", "places", "group_rooms", "dormitory_rooms", "classrooms"]:
        page.fill(f"#id_{name}", "0" if name != "classrooms" else "12")
    for name in ["gym", "gym_room", "pool", "kitchen", "library", "science_lab", "workshop", "sports_field",
                 "unified_school", "foreign_school"]:
        page.check(f"#id_{name}_{0 if name in ('gym', 'library') else 1}")
    axe_check(page)
    save(page)

    page.get_by_role("link", name="Ellátott feladatok").first.click()
    page.get_by_role("link", name=re.compile("Feladatok szerkesztése")).first.click()
    field(page, "Alapfeladat").select_option("altalanos-iskolai-also-tagozat")
    field(page, "Speciális jellemző").select_option("altalanos-feltetelek-szerinti")
    field(page, "Képzési rendszer").select_option("nappali")
    field(page, "Évfolyamok száma").fill("4")
    page.get_by_role("button", name="Feladat felvétele").click()
    # the new task's supplements open at once (seed p. 12)
    page.get_by_role("heading", name="Kiegészítések", exact=True).wait_for()
    assert field(page, "Alapfeladat").input_value() == "altalanos-iskolai-also-tagozat"
    axe_check(page)
    page.get_by_role("link", name="Vissza a feladatokhoz").click()
    assert "általános iskolai (alsó tagozat)" in page.locator("table").inner_text()

    page.get_by_role("link", name="Fenntartói adatok").click()
    assert "Győr Megyei Jogú Város Önkormányzata" in page.content()
    axe_check(page)


def test_it_takes_a_new_institution_from_announcement_to_the_master_password(
    page, browser, live_server, axe_check, outbox_mail, maintainer, tmp_path,
):
    page.goto("/uj-intezmeny/")
    axe_check(page)
    field(page, "PIR számmal").check()
    field(page, "PIR szám").fill("300014")
    field(page, "Fenntartói azonosító").fill("10700042")
    field(page, "A bejelentő e-mail címe").fill("bejelento@peldaiskola.hu")
    page.get_by_role("button", name="Tovább").click()
    fill_tabs(page, axe_check)

    # Another browser continues the draft with the PIR and the code mailed to the applicant.
    other = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True).new_page()
    other.goto("/uj-intezmeny/")
    other.get_by_role("link", name=re.compile("Korábban elkezdett")).click()
    field(other, "PIR szám").fill("300014")
    other.get_by_role("button", name="Kód küldése").click()
    axe_check(other)
    body = OutboxMessage.objects.get(template="change_request_continuation").body_text
    code = re.search(r"^\s*(\d{6})\s*$", body, re.M).group(1)
    field(other, "A kapott kód").fill(code)
    other.get_by_role("button", name="Folytatás").click()
    assert "Áttekintés és beküldés" in other.content()

    other.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()
    assert "A kérelem beküldése sikeres" in other.content()
    assert "A nyomtatható kérelem készül" in other.content()
    axe_check(other)
    assert request_prints_render_due() == 1  # the background worker's pass; the page refreshes itself
    with other.expect_download() as download_info:
        other.get_by_role("link", name="Kérelem letöltése").click()
    pdf_path = tmp_path / "kerelem.pdf"
    download_info.value.save_as(pdf_path)
    request = ChangeRequest.objects.get()
    assert pdf_path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout
        for expected in ["Győri Példa Általános Iskola", request.verification_code, "9001 Győr, Pf. 646",
                         "intézményvezető aláírása", "15300014-2-41"]:
            assert expected in text
    other.context.close()

    office_login(page)
    page.goto("/hivatal/kerelmek/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Postai példány beérkezett")).click()
    field(page, "Ellenőrző kód").fill(request.verification_code)
    page.get_by_role("button", name="Hitelesítés").click()
    assert "hitelesített" in page.content()
    axe_check(page)
    page.get_by_role("button", name="Átvezetés").click()
    request.refresh_from_db()
    assert request.state == State.APPROVED
    om_id = request.institution.om_id
    assert om_id in page.content()

    mails = [m for m in outbox_mail() if m.to == ["igazgato@peldaiskola.hu"] and om_id in m.subject]
    link = re.search(r"https?://\S+/jelszo-beallitasa/\S+/", mails[0].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    field(page, "Új jelszó").fill("Mesterjelszo2024uj")
    field(page, "Új jelszó még egyszer").fill("Mesterjelszo2024uj")
    page.get_by_role("button", name="Jelszó beállítása").click()
    assert page.url.endswith("/belepes/mesterjelszo/") or "sikeres" in page.content().lower()


def test_it_reopens_takes_a_correction_and_rejects(page, browser, live_server, axe_check, maintainer):
    page.goto("/uj-intezmeny/")
    field(page, "Fenntartói azonosítóval").check()
    field(page, "Fenntartói azonosító").fill("10700042")
    field(page, "A bejelentő e-mail címe").fill("bejelento@peldaiskola.hu")
    page.get_by_role("button", name="Tovább").click()
    request = ChangeRequest.objects.get()
    ChangeRequest.objects.filter(pk=request.pk).update(
        payload=complete_record(sites=2, maintainer_id="10700042").to_dict())
    page.get_by_role("link", name="Áttekintés és beküldés").click()
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()
    assert "A kérelem beküldése sikeres" in page.content()

    office = browser.new_context(base_url=live_server.url, locale="hu-HU").new_page()
    office_login(office)
    office.goto(f"/hivatal/kerelmek/{request.pk}/")
    axe_check(office)
    office.get_by_role("button", name="Visszanyitás").click()
    assert "Adja meg a döntés indokát." in office.content()
    field(office, "Döntés indoka").fill("A weblap címe hibás.")
    office.get_by_role("button", name="Visszanyitás").click()
    assert "visszanyitotta" in office.content()

    page.reload()
    assert "A weblap címe hibás." in page.content()
    axe_check(page)
    page.get_by_role("link", name="Alapadatok").click()
    field(page, "Intézmény weblapja").fill("www.javitott-iskola.hu")
    save(page)
    page.get_by_role("link", name="Áttekintés és beküldés").click()
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()
    request.refresh_from_db()
    assert (request.state, request.submission_count) == (State.SUBMITTED, 2)

    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={request.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    field(office, "Döntés indoka").fill("Az intézmény nem jogosult OM azonosítóra.")
    office.get_by_role("button", name="Elutasítás").click()
    request.refresh_from_db()
    assert request.state == State.REJECTED
    page.reload()
    assert "Az intézmény nem jogosult OM azonosítóra." in page.content() and "elutasított" in page.content()
    axe_check(page)
