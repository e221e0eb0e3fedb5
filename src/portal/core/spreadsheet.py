"""Cells that spreadsheet programs cannot take for formulas (CSV/formula injection, OWASP).

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets when a CSV is opened (``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``), and openpyxl writes such a string into an XLSX as a live formula. Every
export and generated spreadsheet of the product writes its cells through this module:

- CSV: :func:`csv_cell` prefixes such text with an apostrophe (``'=1+1``), which spreadsheet programs
  show as text; numbers are written as they are.
- XLSX: :func:`xlsx_cell` makes such text an explicit string cell (openpyxl ``data_type = "s"``) with
  the "quote prefix" style, so it is shown as typed and never evaluated.

Names that begin with these characters are refused on entry (``formula_like``), so the register
itself holds none; the exports neutralise whatever else comes in (uploaded tables, old data).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Text a spreadsheet program would read as a formula (or a command) at its start."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell that opens as text: formula-like text gets a leading apostrophe."""
    if formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet: Worksheet, value: Any) -> Any:
    """The value for ``sheet.append``: formula-like text becomes a string cell shown with a quote
    prefix; everything else goes as it is (numbers stay numbers)."""
    if not formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)  # openpyxl takes "=..." for a formula here ...
    cell.data_type = "s"  # ... and this makes it a plain string again
    cell.quotePrefix = True
    cell.alignment = Alignment(horizontal="left")
    return cell


def xlsx_row(sheet: Worksheet, values: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(sheet, value) for value in values]
