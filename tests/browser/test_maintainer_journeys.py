"""Maintainer journeys: an association announced, approved, its password set by link, two
institutions linked, a phone change printed and approved; a password letter produced and used;
termination refused while institutions remain; a document uploaded by the maintainer, authenticated by
the office and listed as "Hiteles"."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from portal.changes.models import ChangeRequest, Kind, State
from portal.changes.printing import request_prints_render_due
from portal.registry.models import Maintainer
from tests.browser.test_register_journeys import field, office_login
from tests.factories.maintainers import maintainer_types
from tests.factories.reference import reference_places
from tests.factories.registry import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Fenntarto2024jelszo"


@pytest.fixture
def places():
    reference_places()
    maintainer_types()


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        return ""
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def fill_address(page, prefix: str, *, postal_code="1055", settlement="Budapest", street="Kossuth Lajos",
                 street_type="tér", number="1") -> None:
    page.fill(f"#id_{prefix}-postal_code", postal_code)
    page.fill(f"#id_{prefix}-settlement", settlement)
    page.fill(f"#id_{prefix}-street_name", street)
    page.select_option(f"#id_{prefix}-street_type", street_type)
    page.fill(f"#id_{prefix}-house_number", number)


def add_member(page, name: str, *, lead: bool) -> None:
    page.get_by_role("link", name="Hozzáadás").click()
    field(page, "PIR szám").fill("300014")
    field(page, "Társulási tag neve").fill(name)
    if lead:
        field(page, "Gesztor").check()
    fill_address(page, "address", postal_code="4024", settlement="Debrecen", street="Piac", street_type="utca")
    field(page, "Képviselő neve").fill(f"{name} polgármestere")
    page.get_by_role("button", name="Társulási tag mentése").click()
    # waits for the next page: content() straight after the click could still read the form
    expect(page.get_by_text("A társulási tag adatait elmentettük.")).to_be_visible()


def set_password_by_link(page, outbox_mail, maintainer_id: str) -> None:
    mails = [m for m in outbox_mail() if maintainer_id in m.subject and "jelszó" in m.subject.lower()]
    link = re.search(r"https?://\S+/jelszo-beallitasa/\S+/", mails[0].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    field(page, "Új jelszó").fill(NEW_PASSWORD)
    field(page, "Új jelszó még egyszer").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Jelszó beállítása").click()


def maintainer_login(page, maintainer_id: str, password: str = NEW_PASSWORD) -> None:
    page.goto("/belepes/fenntarto/")
    field(page, "Fenntartói azonosító").fill(maintainer_id)
    field(page, "Jelszó").fill(password)
    page.get_by_role("button", name="Belépés").click()


def test_it_takes_an_association_from_announcement_to_an_approved_phone_change(
    page, browser, live_server, axe_check, outbox_mail, places, tmp_path,
):
    page.goto("/uj-fenntarto/")
    axe_check(page)
    field(page, "Fenntartó neve").fill("Példavölgyi Önkormányzati Társulás")
    field(page, "Fenntartó típusa").select_option("onkormanyzati-tarsulas")
    field(page, "PIR szám").first.fill("300014")
    field(page, "Fenntartó telefonszáma").fill("06 1 234 5678")
    field(page, "Fenntartó e-mail címe").fill("tarsulas@pelda.example")
    fill_address(page, "seat")
    field(page, "Képviselő neve").fill("Dr. Kovács Anna")
    field(page, "Képviselő beosztása").fill("elnök")
    field(page, "Képviselő e-mail címe").fill("kepviselo@pelda.example")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").first.click()
    assert "A kérelmet elmentettük" in page.content()
    axe_check(page)

    # Submitting without members is refused with the seed's rule.
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").first.click()
    assert "A fenntartói társulásnak legalább egy tagját fel kell venni." in page.content()
    axe_check(page)
    add_member(page, "Első Község Önkormányzata", lead=True)
    axe_check(page)
    add_member(page, "Második Község Önkormányzata", lead=False)
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").first.click()
    assert "A kérelem beküldése sikeres" in page.content()
    axe_check(page)
    request = ChangeRequest.objects.get(kind=Kind.NEW_MAINTAINER)
    request_prints_render_due()  # the background worker's pass; the page refreshes itself
    with page.expect_download() as download:
        page.get_by_role("link", name="Kérelem letöltése").click()
    path = tmp_path / "bejelentes.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    if text:
        for expected in ["Példavölgyi Önkormányzati Társulás", request.verification_code, "Második Község"]:
            assert expected in text

    office = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True).new_page()
    office_login(office)
    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={request.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    axe_check(office)
    office.get_by_role("button", name="Átvezetés").click()
    request.refresh_from_db()
    assert request.state == State.APPROVED
    maintainer = request.maintainer
    assert re.fullmatch(r"\d{8}", maintainer.maintainer_id)

    set_password_by_link(page, outbox_mail, maintainer.maintainer_id)
    assert "Jelszavát beállítottuk" in page.content()

    # The office links two institutions already in the register.
    InstitutionFactory(om_id="031201", name="Első Községi Általános Iskola")
    InstitutionFactory(om_id="031202", name="Második Községi Óvoda")
    office.goto(f"/hivatal/kerelmek/{request.pk}/")
    office.get_by_role("link", name="Intézmények hozzárendelése a fenntartóhoz").click()
    axe_check(office)
    for om_id in ("031201", "031202"):
        field(office, "Az intézmény OM azonosítója").fill(om_id)
        office.get_by_role("button", name="Hozzárendelés").click()
        assert "fenntartója mostantól ez a fenntartó" in office.content()
    assert maintainer.institutions.count() == 2

    # The maintainer logs in with its ID and changes the phone number.
    maintainer_login(page, maintainer.maintainer_id)
    assert "Első Községi Általános Iskola" in page.content() and "Fenntartói adatmódosító" in page.content()
    axe_check(page)
    page.get_by_role("link", name="Fenntartó módosítása").click()
    field(page, "Fenntartó telefonszáma").fill("+36 1 987 6543")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").first.click()
    axe_check(page)
    page.get_by_role("link", name="Kérelmek listája").click()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Kérelem módosítása")).click()
    assert field(page, "Fenntartó telefonszáma").input_value() == "+36 1 987 6543"
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").first.click()
    assert "A kérelem beküldése sikeres" in page.content()
    change = ChangeRequest.objects.get(kind=Kind.MAINTAINER_CHANGE)
    request_prints_render_due()  # the background worker's pass; the page refreshes itself
    with page.expect_download() as download:
        page.get_by_role("link", name="Kérelem letöltése").click()
    path = tmp_path / "modositas.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    if text:
        assert "+36 1 987 6543" in text and "+36 1 234 5678" in text
        assert "Dr. Kovács Anna" not in text and "Második Község" not in text  # only the change

    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={change.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    axe_check(office)
    office.get_by_role("button", name="Átvezetés").click()
    maintainer.refresh_from_db()
    assert maintainer.phone == "+3619876543" and maintainer.versions.count() == 2


def test_a_password_letter_is_produced_and_used_and_termination_is_refused(
    page, browser, live_server, axe_check, places, tmp_path,
):
    from portal.changes.maintainer_services import maintainer_institution_link
    from portal.registry.maintainer_schema import apply_to_register
    from tests.factories.accounts import MaintainerUserFactory
    from tests.factories.maintainers import maintainer_record
    from tests.factories.registry import MaintainerFactory

    maintainer = MaintainerFactory(maintainer_id="30000777")
    apply_to_register(maintainer_record(maintainer_id="30000777"), maintainer=maintainer)
    MaintainerUserFactory(maintainer=maintainer)
    InstitutionFactory(om_id="031301", maintainer=maintainer)

    office = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True).new_page()
    office_login(office)
    office.goto("/hivatal/fenntartok/?q=30000777")
    axe_check(office)
    office.get_by_role("link", name="30000777").click()
    axe_check(office)
    field(office, "Az írásbeli kérelem beérkezése").fill("2025-03-01")
    field(office, "Iktatószám vagy megjegyzés").fill("OH/77/2025")
    with office.expect_download() as download:
        office.get_by_role("button", name="Jelszólevél előállítása (PDF)").click()
    path = tmp_path / "jelszolevel.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    code = re.search(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b", text).group(1)

    page.goto("/belepes/fenntartoi-kod/")
    axe_check(page)
    field(page, "Fenntartói azonosító").fill("30000777")
    page.get_by_label(re.compile("kód", re.I)).first.fill(code)
    field(page, "Új jelszó").fill(NEW_PASSWORD)
    field(page, "Új jelszó még egyszer").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("Jelszó beállítása")).click()
    assert "Jelszavát beállítottuk" in page.content()

    maintainer_login(page, "30000777")
    page.goto("/belepes/jelszovaltoztatas/")
    assert "A fenntartói jelszó a rendszerben nem módosítható." in page.content()
    page.goto("/fenntarto/")
    page.get_by_role("link", name="Fenntartó megszüntetése").click()
    axe_check(page)
    field(page, "Megszűnés dátuma").fill("2025-12-31")
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()
    assert "Jelenleg fenntartott intézmények száma: 1." in page.content()
    axe_check(page)
    assert Maintainer.objects.get(maintainer_id="30000777").status == Maintainer.Status.ACTIVE
    assert not ChangeRequest.objects.filter(kind=Kind.MAINTAINER_TERMINATION).exists()
    assert maintainer_institution_link  # the office's way to move institutions before termination


def test_a_maintainer_document_is_uploaded_authenticated_by_the_office_and_listed_as_hiteles(
    page, browser, live_server, axe_check, places, tmp_path,
):
    from portal.documents.models import Document
    from portal.registry.maintainer_schema import apply_to_register
    from tests.factories.accounts import PASSWORD, MaintainerUserFactory
    from tests.factories.maintainers import maintainer_record
    from tests.factories.registry import MaintainerFactory

    maintainer = MaintainerFactory(maintainer_id="30000888", name="Példaváros Önkormányzata")
    apply_to_register(maintainer_record(maintainer_id="30000888"), maintainer=maintainer)
    MaintainerUserFactory(maintainer=maintainer)

    maintainer_login(page, "30000888", PASSWORD)
    page.get_by_role("link", name="Dokumentumok").click()
    axe_check(page)
    bad = tmp_path / "program.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label("Okirat választása").set_input_files(str(bad))
    field(page, "Okirat típusa").select_option("tarsulasi-megallapodas")
    page.get_by_role("button", name="Feltöltés").click()
    assert "Csak PDF vagy JPG formátumú okirat tölthető fel" in page.content()
    axe_check(page)
    good = tmp_path / "megallapodas.pdf"
    good.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Okirat választása").set_input_files(str(good))
    field(page, "Okirat típusa").select_option("tarsulasi-megallapodas")
    field(page, "Dokumentum neve").fill("Társulási megállapodás 2025")
    page.get_by_role("button", name="Feltöltés").click()
    assert "Az okiratot feltöltöttük." in page.content()
    row = page.get_by_role("row", name=re.compile("Társulási megállapodás 2025"))
    assert "nem" in row.inner_text().split("\t")
    document = Document.objects.get()
    public_url = f"/nyilvanos/dokumentum/{document.pk}/"
    public = browser.new_context(base_url=live_server.url, locale="hu-HU")
    assert public.request.get(public_url).status == 404

    office = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True).new_page()
    office_login(office)
    office.goto("/hivatal/dokumentumok/")
    assert "Példaváros Önkormányzata" in office.content()
    axe_check(office)
    office.get_by_role("button", name=re.compile("Hitelesítés.*Társulási megállapodás 2025")).click()
    assert "Az okiratot hitelesítette" in office.content()
    office.goto(f"/hivatal/fenntartok/{maintainer.pk}/")
    assert "Társulási megállapodás 2025" in office.content()
    axe_check(office)

    page.reload()
    row = page.get_by_role("row", name=re.compile("Társulási megállapodás 2025"))
    assert "igen" in row.inner_text().split("\t")
    assert row.get_by_role("button", name=re.compile("Törlés")).count() == 0  # authenticated: stays
    axe_check(page)
    assert public.request.get(public_url).status == 200
