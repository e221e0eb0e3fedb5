import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.public import selectors
from portal.registry.models import InstitutionVersion
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def test_it_shows_an_institutions_approved_data_sites_tasks_and_history(client, register):
    response = client.get("/kereses/intezmeny/028387/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM" in page
    assert "4 évfolyamos gimnáziumi nevelés-oktatás" in page
    assert "Gyulai Tankerületi Központ" in page and "5700 Gyula" in page
    assert "Változások története" in page and "kezdeti adatbetöltés" in page
    assert "Az intézménynek nincs nyilvános, hitelesített dokumentuma." in page


def test_it_never_shows_what_a_pending_request_proposes(client, register):
    ChangeRequestFactory(institution=register["school"], payload={"name": "Tervezett Új Név Iskola"})
    assert "Tervezett Új Név" not in client.get("/kereses/intezmeny/030001/").content.decode()


def test_it_shows_the_data_as_it_was_on_a_date(client, register):
    institution = register["school"]
    data = {**InstitutionVersion.objects.get(institution=institution).data, "name": "Győri Új Nevű Iskola"}
    InstitutionVersion.objects.create(institution=institution, number=2, valid_from=date(2025, 9, 1), data=data)
    before = client.get("/kereses/intezmeny/030001/", {"datum": "2025-01-10"}).content.decode()
    after = client.get("/kereses/intezmeny/030001/", {"datum": "2025-10-01"}).content.decode()
    assert "<h1>Győri Kazinczy Ferenc Általános Iskola</h1>" in before
    assert "<h1>Győri Új Nevű Iskola</h1>" in after


@pytest.mark.parametrize("day, message", [
    ("2025-02-30", str(selectors.DATE_INVALID)), ("tegnap", str(selectors.DATE_INVALID)),
    ("1990-01-01", "Ezen a napon az intézmény még nem szerepelt a nyilvántartásban."),
])
def test_it_explains_a_bad_or_too_early_date(client, register, day, message):
    response = client.get("/kereses/intezmeny/030001/", {"datum": day})
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.parametrize("url", ["/kereses/intezmeny/999999/", "/kereses/intezmeny/abc/",
                                 "/kereses/fenntarto/1234/", "/kereses/nyilt-adatok/tegnap/intezmenyek.csv",
                                 "/kereses/nyilt-adatok/legfrissebb/intezmenyek.exe"])
def test_it_answers_unknown_addresses_with_404(client, register, url):
    assert client.get(url).status_code == 404


def test_it_shows_a_maintainer_with_its_institutions(client, register):
    district = register["school"].maintainer
    page = client.get(f"/kereses/fenntarto/{district.maintainer_id}/").content.decode()
    assert "Gyulai Tankerületi Központ" in page
    assert "Győri Kazinczy Ferenc Általános Iskola" in page and "NICOLAE BĂLCESCU" in page
    assert "Győri Pitypang Óvoda" not in page


def _download(client, stamp: str, fmt: str) -> bytes:
    response = client.get(f"/kereses/nyilt-adatok/{stamp}/intezmenyek.{fmt}")
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def test_it_exports_the_latest_register_as_csv_json_and_xlsx(client, register):
    rows = list(csv.reader(io.StringIO(_download(client, "legfrissebb", "csv").decode("utf-8-sig"))))
    assert rows[0][:2] == ["OM azonosító", "Intézmény neve"] and len(rows) == 4
    assert any(r[1].startswith("NICOLAE BĂLCESCU") for r in rows)
    document = json.loads(_download(client, "legfrissebb", "json"))
    assert {i["om_id"] for i in document["institutions"]} == {"028387", "030001", "030002"}
    sheet = load_workbook(io.BytesIO(_download(client, "legfrissebb", "xlsx")), read_only=True).active
    assert len(list(sheet.iter_rows())) == 4


def test_it_exports_the_register_as_it_was_on_a_date(client, register):
    assert json.loads(_download(client, "2020-01-01", "json"))["institutions"] == []
    assert len(json.loads(_download(client, "2024-09-01", "json"))["institutions"]) == 3
