"""Anyone, without logging in: finds an institution of the national sample accent-free, filters by
county and type, opens it (sites, tasks, history, "as of a date"), downloads its authenticated
document, visits its maintainer, and downloads the open data."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portal.core.models import County
from portal.documents.services import document_authenticate, document_upload
from portal.registry.models import Institution, Site
from tests.factories.accounts import OfficeUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BALCESCU = "NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM, ÁLTALÁNOS ISKOLA ÉS KOLLÉGIUM"


@pytest.fixture
def national_sample():
    """The first 300 institutions of the KIR list (by OM ID); 028387 (Bălcescu, Gyula) is the 226th."""
    call_command("load_national_register", limit=300, verbosity=0, stdout=io.StringIO())
    balcescu = Institution.objects.select_related("maintainer").get(om_id="028387")
    assert balcescu.name == BALCESCU
    clerk = OfficeUserFactory(username="hivatali.hanna")
    deed = document_upload(upload=SimpleUploadedFile("alapito.pdf", PDF, content_type="application/pdf"),
                           document_type="alapito-okirat", actor=None, institution=balcescu,
                           name="Alapító okirat (egységes szerkezetben)")
    document_authenticate(document=deed, actor=clerk)
    document_upload(upload=SimpleUploadedFile("tervezet.pdf", PDF, content_type="application/pdf"),
                    document_type="egyeb", actor=None, institution=balcescu, name="Hitelesítetlen tervezet")
    return balcescu


def test_it_finds_an_institution_accent_free_and_shows_its_approved_data(page, axe_check, national_sample):
    balcescu = national_sample
    page.goto("/")
    page.get_by_role("navigation", name="Fő navigáció").get_by_role("link", name="Intézménykereső").click()
    assert page.locator("h1").inner_text() == "Intézménykereső"
    axe_check(page)

    # accent-free, lower case, a part of the name
    page.get_by_label("Intézmény neve, OM azonosítója vagy települése").fill("balcescu")
    page.get_by_role("button", name="Keresés").click()
    assert page.locator("#results-title").inner_text() == "1 találat"
    assert page.get_by_role("link", name=BALCESCU).count() == 1
    axe_check(page)

    # filters only: the county and the type of the institution
    county, kind = balcescu.seat_county, balcescu.institution_type
    expected = Institution.objects.filter(seat_county=county, institution_type=kind, om_id__isnull=False).count()
    page.get_by_label("Intézmény neve, OM azonosítója vagy települése").fill("")
    page.locator("summary", has_text="Szűrők").click()
    page.get_by_label("Vármegye").select_option(county)
    page.get_by_label("Intézmény típusa").select_option(kind)
    page.get_by_role("button", name="Keresés").click()
    assert page.locator("#results-title").inner_text() == f"{expected} találat"
    assert page.get_by_label("Vármegye").input_value() == county  # the filters are kept
    axe_check(page)
    # a sample of this size fits on one page, or the institution is on a later one: search inside
    page.get_by_label("Intézmény neve, OM azonosítója vagy települése").fill("roman gimnazium")
    page.get_by_role("button", name="Keresés").click()
    page.get_by_role("link", name=BALCESCU).click()

    # the institution page: approved data, sites, tasks, maintainer, documents, history
    assert page.locator("h1").inner_text() == BALCESCU
    assert page.get_by_role("heading", name="Feladatellátási helyek").is_visible()
    assert page.locator("section.site h3").count() >= 1
    assert page.locator("section.site li").count() >= 1
    assert page.get_by_role("heading", name="Hiteles dokumentumok").is_visible()
    assert page.get_by_role("link", name="Hitelesítetlen tervezet").count() == 0
    with page.expect_download() as info:
        page.get_by_role("link", name="Alapító okirat (egységes szerkezetben)").click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read() == PDF
    assert page.get_by_role("heading", name="Változások története").is_visible()
    assert "kezdeti adatbetöltés" in page.locator("table").last.inner_text()
    axe_check(page)

    # as of a date: the version in force then; before the first version, a clear message
    page.get_by_label("Adatok egy korábbi napon").fill("2025-08-01")
    page.get_by_role("button", name="Megjelenítés").click()
    assert "Az adatok 2025-08-01 napján hatályos állapotot mutatják (1. változat" in page.content()
    axe_check(page)
    page.get_by_label("Adatok egy korábbi napon").fill("2020-01-01")
    page.get_by_role("button", name="Megjelenítés").click()
    assert "Ezen a napon az intézmény még nem szerepelt a nyilvántartásban." in page.content()
    assert page.get_by_label("Adatok egy korábbi napon").input_value() == "2020-01-01"
    axe_check(page)
    page.get_by_label("Adatok egy korábbi napon").fill("2025-02-30")
    page.get_by_role("button", name="Megjelenítés").click()
    assert "Adjon meg egy valós dátumot ÉÉÉÉ-HH-NN formában." in page.content()
    axe_check(page)

    # its maintainer, with the maintainer's institutions
    page.get_by_role("link", name=balcescu.maintainer.name).first.click()
    assert page.locator("h1").inner_text() == balcescu.maintainer.name
    assert page.get_by_role("link", name=BALCESCU).count() == 1
    axe_check(page)


def test_it_downloads_the_open_data_of_the_whole_register(page, axe_check, national_sample):
    page.goto("/kereses/")
    page.get_by_role("link", name="Nyílt adatok").first.click()
    assert page.locator("h1").inner_text() == "Nyílt adatok"
    axe_check(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Intézmények – legfrissebb (CSV)").click()
    download = info.value
    assert download.suggested_filename == "kir-intezmenyek-legfrissebb.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["OM azonosító", "Intézmény neve"]
    assert len(rows) == 1 + Institution.objects.filter(om_id__isnull=False).count() == 301
    row = next(r for r in rows if r[0] == "028387")
    header = rows[0]
    assert row[1] == BALCESCU
    seat = national_sample.sites.get(kind=Site.Kind.SEAT)
    county = County.objects.get(code=national_sample.seat_county)
    assert row[header.index("Település")] == seat.address["settlement"]
    assert row[header.index("Irányítószám")] == seat.address["postal_code"]
    assert row[header.index("Vármegye")] == county.name
    assert row[header.index("Fenntartó neve")] == national_sample.maintainer.name

    # the API's interactive documentation is one link away
    page.goto("/kereses/nyilt-adatok/")
    page.get_by_role("link", name="az API leírása (OpenAPI)").click()
    assert "/api/docs" in page.url
    # the interactive documentation (Swagger UI from local static files) links back to the open data
    link = page.get_by_role("link", name="Nyílt adatok")  # Swagger UI opens it in a new tab
    assert link.get_attribute("href") == "/kereses/nyilt-adatok/"
