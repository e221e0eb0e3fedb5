"""Reading the notary's registration table (XLSX from our template, or CSV) into plain rows.

Only the shape is checked here (file type, headers); the meaning of each row is checked by
``intake.rows``. Every problem is a ``TableError`` with a Hungarian message for the uploader.
"""

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ..reference import SUBSYSTEMS

HEADER_NAME = "Név"
HEADER_EMAIL = "Saját e-mail cím"
HEADER_POSITION = "Munkakör"
HEADER_MUNICIPALITY = "Önkormányzat"
BASE_HEADERS = [HEADER_NAME, HEADER_EMAIL, HEADER_POSITION, HEADER_MUNICIPALITY]
SUBSYSTEM_HEADERS = [name for _, name in SUBSYSTEMS]
MAX_ROWS = 50_000

PASSWORD_PROTECTED = _("A táblázat jelszóval védett (vagy régi, XLS formátumú). Mentse el jelszó nélkül, XLSX formátumban, és töltse fel újra.")
BROKEN = _("A fájl nem olvasható XLSX táblázat. Használja a letölthető sablont, és mentse XLSX formátumban.")
NOT_TEXT_CSV = _("A CSV fájl nem olvasható: UTF-8 vagy Windows-1250 kódolású, pontosvesszővel vagy vesszővel tagolt szöveget várunk.")
EMPTY = _("A táblázat üres: nincs benne fejléc.")
MISSING_HEADERS = _("Hiányzó oszlop(ok) a fejlécben: %(headers)s. Használja a letölthető sablont.")
UNKNOWN_HEADERS = _("Ismeretlen oszlop(ok) a fejlécben: %(headers)s. A szakrendszer-oszlopok neve a sablon szerinti legyen.")
DUPLICATE_HEADERS = _("Többször szereplő oszlop a fejlécben: %(headers)s.")
TOO_MANY_ROWS = _("A táblázatban legfeljebb %(limit)s sor lehet; bontsa több részre.")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableError(Exception):
    def __init__(self, message, **params):
        self.message = str(message) % params if params else str(message)
        super().__init__(self.message)


@dataclass
class Row:
    number: int  # the row number the notary sees in the spreadsheet
    name: str
    email: str
    position: str
    municipality: str
    marks: dict[str, str]  # subsystem name → cell text

    @property
    def is_empty(self) -> bool:
        return not any([self.name, self.email, self.position, self.municipality,
                        *self.marks.values()])


def header_key(text) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).strip().casefold()
    return " ".join(value.replace("*", "").split())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _column_map(header: list) -> dict[str, int]:
    wanted = {header_key(h): h for h in BASE_HEADERS + SUBSYSTEM_HEADERS}
    aliases = {header_key("E-mail cím"): HEADER_EMAIL, header_key("E-mail"): HEADER_EMAIL,
               header_key("Beosztás"): HEADER_POSITION, header_key("Település"): HEADER_MUNICIPALITY}
    found: dict[str, int] = {}
    unknown, duplicate = [], []
    for index, text in enumerate(header):
        key = header_key(text)
        if not key:
            continue
        canonical = wanted.get(key) or aliases.get(key)
        if canonical is None:
            unknown.append(cell_text(text))
        elif canonical in found:
            duplicate.append(canonical)
        else:
            found[canonical] = index
    if duplicate:
        raise TableError(DUPLICATE_HEADERS, headers=", ".join(duplicate))
    missing = [h for h in BASE_HEADERS + SUBSYSTEM_HEADERS if h not in found]
    if missing:
        raise TableError(MISSING_HEADERS, headers=", ".join(missing))
    if unknown:
        raise TableError(UNKNOWN_HEADERS, headers=", ".join(unknown))
    return found


def _rows(raw_rows: Iterator, first_number: int = 1) -> Iterator[Row]:
    try:
        header = next(raw_rows)
    except StopIteration:
        raise TableError(EMPTY) from None
    columns = _column_map(list(header or []))

    def get(values, name):
        index = columns[name]
        return cell_text(values[index]) if index < len(values) else ""

    for number, values in enumerate(raw_rows, start=first_number + 1):
        if number - first_number > MAX_ROWS:
            raise TableError(TOO_MANY_ROWS, limit=f"{MAX_ROWS:,}".replace(",", " "))
        values = list(values or [])
        yield Row(
            number=number, name=get(values, HEADER_NAME), email=get(values, HEADER_EMAIL),
            position=get(values, HEADER_POSITION), municipality=get(values, HEADER_MUNICIPALITY),
            marks={h: get(values, h) for h in SUBSYSTEM_HEADERS},
        )


def table_rows(fileobj, *, progress=None, every: int = 1000) -> list[Row]:
    """All rows of the uploaded table (trailing empty rows dropped). ``progress(n)`` is called
    after every ``every`` rows read (the worker shows it on the progress page)."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(OLE_MAGIC):
        raise TableError(PASSWORD_PROTECTED)
    reader = _xlsx_rows(fileobj) if head.startswith(b"PK") else _csv_rows(fileobj)
    rows = []
    for row in reader:
        rows.append(row)
        if progress is not None and len(rows) % every == 0:
            progress(len(rows))
    while rows and rows[-1].is_empty:
        rows.pop()
    return rows


def _xlsx_rows(fileobj) -> Iterator[Row]:
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise TableError(BROKEN) from None
    except Exception:  # openpyxl raises many kinds on damaged files
        raise TableError(BROKEN) from None
    try:
        sheet = workbook.worksheets[0]
        yield from _rows(sheet.iter_rows(values_only=True))
    except TableError:
        raise
    except Exception:
        raise TableError(BROKEN) from None
    finally:
        workbook.close()


def _csv_rows(fileobj) -> Iterator[Row]:
    raw = fileobj.read()
    if b"\x00" in raw[:4096]:
        raise TableError(BROKEN)
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(NOT_TEXT_CSV)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    yield from _rows(iter(csv.reader(io.StringIO(text), delimiter=delimiter)))


def template_workbook() -> bytes:
    """The downloadable template: Hungarian headers, one column per subsystem, a help sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Regisztráció"
    sheet.append(BASE_HEADERS + SUBSYSTEM_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate([28, 32, 24, 22] + [16] * len(SUBSYSTEM_HEADERS), start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    marks = DataValidation(type="list", formula1='"x"', allow_blank=True)
    sheet.add_data_validation(marks)
    marks.add(f"E2:{sheet.cell(row=1, column=len(BASE_HEADERS) + len(SUBSYSTEM_HEADERS)).column_letter}5000")
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet("Kitöltési útmutató")
    for line in [
        "Soronként egy kolléga adatait adja meg.",
        "Név: a kolléga teljes neve.",
        "Saját e-mail cím: a kolléga saját, egyedi e-mail címe (nem közös hivatali cím, pl. jegyzo@...). Erre küldjük a belépéshez szükséges levelet.",
        "Munkakör: a kolléga munkaköre.",
        "Önkormányzat: a település neve, amelynek önkormányzatánál dolgozik (pl. Abaliget).",
        "Szakrendszer-oszlopok: tegyen x-et azokba az oszlopokba, amelyek tananyagait a kolléga el szeretné érni.",
        "Ha a kollégának már van fiókja, nem kap új fiókot: az Elfelejtette jelszavát? linkkel állíthat be új jelszót.",
    ]:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 120
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
