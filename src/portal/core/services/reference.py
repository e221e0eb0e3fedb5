"""Loading the reference geography from the versioned data files in ``core/data``.

Each loader reads one file set, creates the rows that are missing and updates the
ones whose data changed, in bulk; running it again changes nothing. Rows that have
disappeared from a file are kept, because addresses and records may refer to them.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from ..audit import audit_record
from ..models import Country, County, PostalCode, Settlement, StreetType

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REFERENCE_DIR = DATA_DIR / "reference"

COUNTY_FILE = "ksh_megyekodok.csv"
SETTLEMENT_2018_FILE = "ksh_teruleti_szamjel_2018.csv"
POSTAL_FILE = "irszhnk_posta_ksh_2024-11-29.csv"
STREET_TYPE_FILE = "kozterulet_jelleg_osszevont.csv"
COUNTRY_FILE = "countries_hu.csv"

# The county file predates the 2020 renaming of Csongrád county.
COUNTY_RENAMES = {"06": "Csongrád-Csanád"}
CAPITAL_DISTRICT_STATUS = "fővárosi kerület"
CAPITAL_NAME = "Budapest"
# Entries of the street type list that are not street types.
NOT_STREET_TYPES = {"hrsz", "hrsz.", "jav.alatt"}


@dataclass(frozen=True)
class LoadResult:
    created: int = 0
    updated: int = 0


def _read_csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _sync(model: type[models.Model], key: str, rows: dict[str, dict], *, action: str) -> LoadResult:
    """Create the missing rows of ``model`` (by its unique ``key``) and update the changed ones."""
    with transaction.atomic():
        existing = model.objects.in_bulk(list(rows), field_name=key)
        new = [model(**{key: k}, **fields) for k, fields in rows.items() if k not in existing]
        changed = [_with(existing[k], fields) for k, fields in rows.items()
                   if k in existing and _differs(existing[k], fields)]
        model.objects.bulk_create(new, batch_size=500)
        if changed:
            model.objects.bulk_update(changed, fields=list(next(iter(rows.values()))), batch_size=500)
        result = LoadResult(created=len(new), updated=len(changed))
        if new or changed:
            audit_record(action=action, data={"created": result.created, "updated": result.updated})
    return result


def _differs(obj: models.Model, fields: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in fields.items())


def _with(obj: models.Model, fields: dict) -> models.Model:
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def counties_load(*, data_dir: Path = REFERENCE_DIR) -> LoadResult:
    """The 20 counties (Budapest is 01) from the KSH county codes."""
    rows = {
        row["megye_kod"]: {"name": COUNTY_RENAMES.get(row["megye_kod"], row["megye_nev"])}
        for row in _read_csv(data_dir / COUNTY_FILE)
        if 1 <= int(row["megye_kod"]) <= 20
    }
    return _sync(County, "code", rows, action="reference.county.load")


def settlements_load(*, data_dir: Path = REFERENCE_DIR) -> LoadResult:
    """Settlements of the 2024 postal/KSH join, plus Budapest itself from the 2018 KSH list.

    The county comes from the KSH 2018 list by settlement code; the districts of the
    capital are settlements whose name in an address is "Budapest".
    """
    ksh = {row["telepules_kod"]: row for row in _read_csv(data_dir / SETTLEMENT_2018_FILE)}
    counties = dict(County.objects.values_list("code", "id"))
    rows: dict[str, dict] = {}
    for row in _read_csv(data_dir / POSTAL_FILE):
        code = row["Helység.KSH.kódja"]
        status = row["Helység.jogállása"]
        rows[code] = {
            "name": row["Helység.megnevezése"],
            "postal_name": CAPITAL_NAME if status == CAPITAL_DISTRICT_STATUS else row["Helység.megnevezése"],
            "county_id": counties[ksh[code]["megye_kod"]],
            "district_code": row["Járás.kódja"].split()[0] if row["Járás.kódja"] else "",
            "district_name": row["Járás.neve"],
            "legal_status": status,
        }
    for code, row in ksh.items():
        if row["jogallas_2005_nev"] == "Főváros":
            rows[code] = {"name": row["nev"], "postal_name": row["nev"],
                          "county_id": counties[row["megye_kod"]], "district_code": "",
                          "district_name": "", "legal_status": "főváros"}
    return _sync(Settlement, "ksh_code", rows, action="reference.settlement.load")


def postal_codes_load(*, data_dir: Path = REFERENCE_DIR) -> LoadResult:
    """Every (postal code, settlement, settlement part) pairing of the 2024 postal/KSH join."""
    settlements = dict(Settlement.objects.values_list("ksh_code", "id"))
    wanted = {
        (row["IRSZ"], settlements[row["Helység.KSH.kódja"]], row["Településrész"].strip())
        for row in _read_csv(data_dir / POSTAL_FILE)
    }
    with transaction.atomic():
        existing = set(PostalCode.objects.values_list("code", "settlement_id", "settlement_part"))
        new = [PostalCode(code=code, settlement_id=settlement_id, settlement_part=part)
               for code, settlement_id, part in sorted(wanted - existing)]
        PostalCode.objects.bulk_create(new, batch_size=500)
        if new:
            audit_record(action="reference.postal_code.load", data={"created": len(new), "updated": 0})
    return LoadResult(created=len(new))


def street_types_load(*, data_dir: Path = REFERENCE_DIR) -> LoadResult:
    """Street types ordered by use in the 2024 Posta street list, then the 2019 one, then by name."""
    entries = [row for row in _read_csv(data_dir / STREET_TYPE_FILE)
               if row["kozterulet_jelleg"] not in NOT_STREET_TYPES]
    entries.sort(key=lambda row: (-int(row["posta_2024_elofordulas"] or 0),
                                  -int(row["posta_2019_elofordulas"] or 0), row["kozterulet_jelleg"]))
    rows = {
        row["kozterulet_jelleg"]: {"order": index, "usage_count": int(row["posta_2024_elofordulas"] or 0)}
        for index, row in enumerate(entries, start=1)
    }
    return _sync(StreetType, "name", rows, action="reference.street_type.load")


def countries_load(*, data_dir: Path = DATA_DIR) -> LoadResult:
    """Countries with their Hungarian names in the file's order (Magyarország first)."""
    rows = {
        row["code"]: {"name": row["name"], "order": index}
        for index, row in enumerate(_read_csv(data_dir / COUNTRY_FILE), start=1)
    }
    return _sync(Country, "code", rows, action="reference.country.load")

