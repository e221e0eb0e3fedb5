"""Open data: the whole register as CSV (UTF-8), XLSX and JSON, streamed with constant memory.

Rows come from the version snapshots (``InstitutionVersion.data``, the register's schema), read
with ``iterator(chunk_size=…)`` in institution order: "latest" is each institution's newest
version, a dated export the version in force on that day. Maintainer names come from one small
dictionary query. Nothing holds more than one chunk of versions in memory.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder

from portal.core.models import BaseTask, County, InstitutionType, MaintainerType
from portal.core.spreadsheet import csv_row, xlsx_row
from portal.registry.models import Institution, InstitutionVersion, Maintainer
from portal.registry.schema import SEAT, address_text

CHUNK = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
COLUMNS = [
    ("om_id", "OM azonosító"), ("name", "Intézmény neve"), ("status", "Státusz"),
    ("institution_type", "Intézmény típusa"), ("tax_number", "Adószám"), ("pir", "PIR szám"),
    ("postal_code", "Irányítószám"), ("settlement", "Település"), ("county", "Vármegye"),
    ("address", "Székhely címe"), ("maintainer_id", "Fenntartói azonosító"),
    ("maintainer_name", "Fenntartó neve"), ("maintainer_type", "Fenntartó típusa"),
    ("website", "Weblap"), ("head_name", "Intézményvezető"), ("head_email", "Intézményvezető e-mail címe"),
    ("sites", "Feladatellátási helyek száma"), ("tasks", "Ellátott feladatok"),
    ("version", "Változat"), ("valid_from", "Hatályos"),
]


def snapshots(*, as_of: date | None = None) -> Iterator[tuple[InstitutionVersion, dict]]:
    """(version, record dict) per institution: the newest, or the one in force on ``as_of``."""
    qs = InstitutionVersion.objects.filter(institution__om_id__isnull=False)
    if as_of is not None:
        qs = qs.filter(valid_from__lte=as_of)
    qs = qs.order_by("institution_id", "-valid_from", "-number").values_list(
        "institution_id", "number", "valid_from", "data")
    last = None
    for institution_id, number, valid_from, data in qs.iterator(chunk_size=CHUNK):
        if institution_id == last:
            continue
        last = institution_id
        if isinstance(data, str):
            data = json.loads(data)
        yield (institution_id, number, valid_from), data


class Lookups:
    """The small dictionaries the flat rows need (code labels, maintainers, county by postal code)."""

    def __init__(self) -> None:
        from portal.core.models import PostalCode

        self.types = dict(InstitutionType.objects.values_list("code", "name"))
        self.tasks = dict(BaseTask.objects.values_list("code", "name"))
        mtypes = dict(MaintainerType.objects.values_list("id", "name"))
        self.maintainers = {mid: (name, mtypes.get(t, "")) for mid, name, t in
                            Maintainer.objects.values_list("maintainer_id", "name", "maintainer_type_id")}
        counties = dict(County.objects.values_list("id", "name"))
        self.county_of = {}
        for code, county_id in PostalCode.objects.values_list("code", "settlement__county_id"):
            self.county_of.setdefault(code, counties.get(county_id, ""))
        self.status = dict(Institution.objects.filter(om_id__isnull=False).values_list("id", "status"))
        self.status_label = dict(Institution.Status.choices)


def flat_row(key, data: dict, look: Lookups) -> list[str]:
    institution_id, number, valid_from = key
    seat = next((s for s in data.get("sites") or [] if s.get("kind") == SEAT), {}) or {}
    address = seat.get("address") or {}
    maintainer_name, maintainer_type = look.maintainers.get(data.get("maintainer_id"), ("", ""))
    tasks = dict.fromkeys(look.tasks.get(t.get("base_task"), t.get("base_task", ""))
                          for s in data.get("sites") or [] for t in s.get("tasks") or [])
    return [
        data.get("om_id", ""), data.get("name", ""),
        str(look.status_label.get(look.status.get(institution_id), "")),
        look.types.get(data.get("institution_type"), data.get("institution_type", "")),
        data.get("tax_number", ""), data.get("pir", ""), address.get("postal_code", ""),
        address.get("settlement", ""), look.county_of.get(address.get("postal_code", ""), ""),
        address_text(address), data.get("maintainer_id", ""), maintainer_name, maintainer_type,
        data.get("website", ""), (data.get("head") or {}).get("name", ""),
        (data.get("head") or {}).get("email", ""), str(len(data.get("sites") or [])),
        "; ".join(tasks), str(number), valid_from.isoformat() if valid_from else "",
    ]


def csv_stream(*, as_of: date | None = None) -> Iterator[bytes]:
    look = Lookups()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()  # BOM: spreadsheet programs then read UTF-8
    writer.writerow([label for _, label in COLUMNS])
    for n, (key, data) in enumerate(snapshots(as_of=as_of), start=1):
        writer.writerow(csv_row(flat_row(key, data, look)))
        if n % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_stream(*, as_of: date | None = None) -> Iterator[bytes]:
    """One JSON document: {"as_of": …, "institutions": [record, …]} in the register's schema."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    as_of_json = encoder.encode(as_of.isoformat() if as_of else None)
    yield f'{{"as_of": {as_of_json}, "institutions": ['.encode()
    parts, first = [], True
    for (_institution_id, number, valid_from), data in snapshots(as_of=as_of):
        item = {**data, "version": number, "valid_from": valid_from}
        parts.append(("" if first else ",") + encoder.encode(item))
        first = False
        if len(parts) >= 100:
            yield "".join(parts).encode()
            parts = []
    parts.append("]}")
    yield "".join(parts).encode()


def xlsx_stream(*, as_of: date | None = None) -> Iterator[bytes]:
    """openpyxl in write-only mode into a temporary file, then read back in 64 KB blocks."""
    from openpyxl import Workbook

    look = Lookups()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Intézmények")
    sheet.append([label for _, label in COLUMNS])
    for key, data in snapshots(as_of=as_of):
        sheet.append(xlsx_row(sheet, flat_row(key, data, look)))
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while block := handle.read(65536):
            yield block


STREAMS = {"csv": csv_stream, "json": json_stream, "xlsx": xlsx_stream}


def export_stream(*, fmt: str, as_of: date | None = None) -> Iterator[bytes]:
    return STREAMS[fmt](as_of=as_of)
