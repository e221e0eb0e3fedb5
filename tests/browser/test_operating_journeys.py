"""Operating institutions in the browser: data changes to approval, drafts across logins, storno,
site suspension and termination, documents to the public, ID-card data, a district refused."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.changes.models import ChangeRequest, Kind, State
from portal.changes.printing import request_prints_render_due
from portal.core.services.codelists import codelists_load
from portal.documents.models import Document
from portal.registry.models import IdCardChange, Institution, Site
from tests.browser.test_register_journeys import field, office_login
from tests.factories.accounts import PASSWORD
from tests.factories.operating import (
    district_with_institution,
    institution_user,
    registered_institution,
)
from tests.factories.reference import reference_places

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def school():
    codelists_load()
    reference_places()
    institution = registered_institution(name="Győri Példa Általános Iskola")
    institution_user(institution, username="titkar")
    return institution


def log_in(page, school, username="titkar") -> None:
    page.goto("/belepes/intezmeny/")
    page.locator("#id_om_id").fill(school.om_id)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Kilépés").click()


def submit(page) -> None:
    page.get_by_role("link", name="Áttekintés és beküldés").click()
    page.get_by_role("button", name="Kérelem beküldése és nyomtatása").click()


def printed(page) -> None:
    """The background worker's pass makes the printable request; the waiting page refreshes itself
    into the download link (and stops reloading, so the next navigation is the test's own)."""
    request_prints_render_due()
    expect(page.get_by_role("link", name="Kérelem letöltése")).to_be_visible(timeout=20_000)


def office_approves(office, change_request) -> None:
    change_request.refresh_from_db()
    office.goto(f"/hivatal/kerelmek/hitelesites/?kod={change_request.verification_code}")
    office.get_by_role("button", name="Hitelesítés").click()
    office.get_by_role("button", name="Átvezetés").click()
    change_request.refresh_from_db()
    assert change_request.state == State.APPROVED


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True)
    context.set_default_timeout(10_000)
    return context.new_page()


def test_it_takes_a_complete_first_change_to_approval_and_then_a_one_field_change(
    page, browser, live_server, axe_check, school,
):
    Institution.objects.filter(pk=school.pk).update(tax_number="")  # legacy data: a mandatory field missing
    log_in(page, school)
    assert "Intézményi alapadatok" in page.content()
    axe_check(page)
    page.get_by_role("link", name="Intézményi adatok módosítása").click()
    assert field(page, "Intézmény neve").input_value() == "Győri Példa Általános Iskola"
    axe_check(page)
    submit(page)
    assert "A kérelem nem küldhető be" in page.content() and "Adószám" in page.content()
    axe_check(page)
    page.get_by_role("link", name="Alapadatok").click()
    field(page, "Adószám").fill("15300014-2-41")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    submit(page)
    assert "A kérelem beküldése sikeres" in page.content()
    printed(page)
    first = ChangeRequest.objects.get(kind=Kind.INSTITUTION_CHANGE)

    office = new_page(browser, live_server)
    office_login(office)
    office_approves(office, first)
    axe_check(office)

    page.goto("/intezmeny/adatmodositas/")
    field(page, "Intézményvezető neve").fill("Új Igazgató Ilona")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    submit(page)
    assert "A kérelem beküldése sikeres" in page.content()
    printed(page)
    second = ChangeRequest.objects.exclude(pk=first.pk).get(kind=Kind.INSTITUTION_CHANGE)
    office.goto(f"/hivatal/kerelmek/{second.pk}/")
    assert "Új Igazgató Ilona" in office.content()
    office_approves(office, second)
    school.refresh_from_db()
    assert school.head_name == "Új Igazgató Ilona" and school.versions.count() == 3
    page.goto("/intezmeny/kerelmek/")
    assert page.content().count("átvezetett") >= 2
    axe_check(page)


def test_it_reloads_the_draft_at_the_next_login_and_cancels_it(page, axe_check, school):
    log_in(page, school)
    page.get_by_role("link", name="Intézményi adatok módosítása").click()
    field(page, "Intézmény weblapja").fill("www.uj-weblap.hu")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    log_out(page)
    log_in(page, school)
    page.get_by_role("link", name="Intézményi adatok módosítása").click()
    assert field(page, "Intézmény weblapja").input_value() == "www.uj-weblap.hu"
    page.goto("/intezmeny/kerelmek/")
    axe_check(page)
    page.get_by_role("button", name=re.compile("Kérelem sztornózása")).click()
    page.get_by_role("heading", name="Kérelem sztornózása").wait_for()
    axe_check(page)
    assert ChangeRequest.objects.get().state != State.CANCELLED
    page.get_by_role("button", name="Igen, sztornózom").click()
    page.get_by_role("status").filter(has_text="A kérelmet sztornózta.").wait_for()
    assert ChangeRequest.objects.get().state == State.CANCELLED


def test_it_suspends_one_site_and_terminates_another(page, browser, live_server, axe_check, school):
    member, outpost = Site.objects.filter(institution=school).exclude(number="001").order_by("number")
    Site.objects.filter(pk=member.pk).update(active_enrolments=4)
    log_in(page, school)
    page.get_by_role("link", name="Intézményi adatok módosítása").click()
    page.get_by_role("link", name="Feladatellátási helyek").click()
    axe_check(page)
    page.get_by_role("link", name=re.compile(rf"Szüneteltetés vagy megszüntetés.*{re.escape(member.name)}")).click()
    page.get_by_role("radio", name="Szünetelés").check()
    field(page, "Hatálybalépés dátuma").fill("2025-09-01")
    field(page, "Szünetelés tanéve").fill("2025/2026")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    assert "4 tanulói" in page.content()  # active relations block it
    axe_check(page)
    Site.objects.filter(pk=member.pk).update(active_enrolments=0)
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    page.get_by_role("link", name=re.compile(rf"Szüneteltetés vagy megszüntetés.*{re.escape(outpost.name)}")).click()
    page.get_by_role("radio", name="Megszüntetés").check()
    field(page, "Hatálybalépés dátuma").fill("2025-08-31")
    field(page, "Megszűnés oka").select_option("beolvadas")
    page.get_by_role("button", name="Kérelem mentése beküldés nélkül").click()
    assert "Megszüntetés: 2025-08-31" in page.content()
    submit(page)
    assert "A kérelem beküldése sikeres" in page.content()
    printed(page)

    office = new_page(browser, live_server)
    office_login(office)
    office_approves(office, ChangeRequest.objects.get())
    member.refresh_from_db()
    outpost.refresh_from_db()
    assert member.status == "suspended" and not outpost.is_active
    page.goto("/intezmeny/adatmodositas/")
    page.get_by_role("link", name="Feladatellátási helyek").click()
    assert "Korábbi, már törölt feladatellátási helyek" in page.content()
    axe_check(page)


def test_a_document_is_uploaded_authenticated_and_then_public(page, browser, live_server, axe_check, school,
                                                              tmp_path):
    log_in(page, school)
    page.get_by_role("link", name="Dokumentumok").click()
    axe_check(page)
    bad = tmp_path / "program.pdf"
    bad.write_bytes(b"MZ\x90\x00 not a pdf")
    page.get_by_label("Okirat választása").set_input_files(str(bad))
    field(page, "Okirat típusa").select_option("alapito-okirat")
    page.get_by_role("button", name="Feltöltés").click()
    assert "Csak PDF vagy JPG formátumú okirat tölthető fel" in page.content()
    axe_check(page)
    good = tmp_path / "alapito.pdf"
    good.write_bytes(PDF)
    page.get_by_label("Okirat választása").set_input_files(str(good))
    field(page, "Okirat típusa").select_option("alapito-okirat")
    field(page, "Dokumentum neve").fill("Alapító okirat 2024")
    page.get_by_role("button", name="Feltöltés").click()
    assert "Az okiratot feltöltöttük." in page.content()
    document = Document.objects.get()
    public = new_page(browser, live_server)
    assert public.goto(f"/nyilvanos/dokumentum/{document.pk}/").status == 404
    public.goto(f"/kereses/intezmeny/{school.om_id}/")
    assert "Alapító okirat 2024" not in public.content()

    office = new_page(browser, live_server)
    office_login(office)
    office.goto("/hivatal/dokumentumok/")
    axe_check(office)
    office.get_by_role("button", name=re.compile("Hitelesítés.*Alapító okirat 2024")).click()
    assert "Az okiratot hitelesítette" in office.content()
    public.goto(f"/kereses/intezmeny/{school.om_id}/")  # the public institution search shows it now
    axe_check(public)
    with public.expect_download() as download:
        public.get_by_role("link", name="Alapító okirat 2024").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.reload()
    assert "igen" in page.content()


def test_id_card_data_change_is_pending_then_applied(page, axe_check, school, settings):
    settings.ID_CARD_APPLY_SECONDS = 120
    log_in(page, school)
    page.get_by_role("link", name="Oktatási igazolványokkal kapcsolatos adatok").click()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Módosítás.*Győri Példa")).first.click()
    field(page, "Rövid név").fill("Győri Példa Ált. Isk.")
    field(page, "Számlázási név").fill("Győri Példa Általános Iskola")
    field(page, "Bankszámlaszám").fill("11773016-11111019")
    field(page, "Diákigazolvány ügyintéző neve").fill("Kiss Anna")
    page.locator("#id_billing_address-postal_code").fill("9021")
    page.locator("#id_billing_address-settlement").fill("Győr")
    page.locator("#id_billing_address-street_name").fill("Kossuth Lajos")
    page.locator("#id_billing_address-street_type").select_option("utca")
    page.locator("#id_billing_address-house_number").fill("1")
    page.get_by_role("button", name="Mentés").click()
    assert field(page, "Rövid név").input_value() == "Győri Példa Ált. Isk."  # nothing typed is lost
    axe_check(page)
    field(page, "Bankszámlaszám").fill("11773016-11111018")
    page.get_by_role("button", name="Mentés").click()
    expect(page.locator("main")).to_contain_text("módosítás folyamatban")  # waits for the saved page
    IdCardChange.objects.update(effective_at=timezone.now() - timedelta(seconds=1))  # the delay has passed
    page.reload()
    assert "módosítás folyamatban" not in page.content() and "Győri Példa Ált. Isk." in page.content()


def test_a_district_is_refused_at_another_districts_institution(page, axe_check):
    codelists_load()
    _own, school, own_user = district_with_institution()
    _other, other_school, _other_user = district_with_institution()
    page.goto("/belepes/tankerulet/")
    page.locator("#id_om_id").fill(other_school.om_id)
    page.locator("#id_username").fill(own_user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    assert page.url.endswith("/belepes/tankerulet/") or "Belépés" in page.content()
    assert page.goto("/intezmeny/adatmodositas/").url.count("/belepes/") == 1
    page.goto("/belepes/tankerulet/")
    page.locator("#id_om_id").fill(school.om_id)
    page.locator("#id_username").fill(own_user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Belépés").click()
    assert page.goto("/intezmeny/").status == 200
    axe_check(page)
    owner = institution_user(other_school)
    other_request = ChangeRequest.objects.create(
        kind=Kind.INSTITUTION_CHANGE, subject_key=f"institution:{other_school.pk}:draft",
        institution=other_school, payload={}, applicant_email="a@b.hu", created_by=owner)
    response = page.goto(f"/kerelem/{other_request.pk}/alapadatok/")
    assert response.status == 404
    axe_check(page)
