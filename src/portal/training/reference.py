"""Reference data of ASP oktatás: the eight subsystems and the municipalities with their offices.

Municipalities come from ``core/data/reference/irszhnk_posta_ksh_2024-11-29.csv`` (KSH
gazetteer 2024 joined to postal codes, one row per postal code). Its column
"Polgármesteri hivatal / közös önkormányzati hivatal kódja" says how a settlement is run:

* ``1`` – it has its own mayor's office (the seat column is "–"): its own notary's office;
* ``2`` – it is the seat of a joint municipal office ("[Helyben]"): the office is named after it;
* ``5`` – it belongs to the joint office seated in the settlement named in the seat column.

Members whose seat name is not a known seat get their own office, so nobody is left without one.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Municipality, NotaryOffice, Subsystem

REFERENCE_DIR = settings.BASE_DIR / "core" / "data" / "reference"
GAZETTEER = REFERENCE_DIR / "irszhnk_posta_ksh_2024-11-29.csv"

SUBSYSTEMS: list[tuple[str, str]] = [
    ("gazdalkodas", "gazdálkodás"),
    ("ado", "adó"),
    ("ingatlanvagyon-kataszter", "ingatlanvagyon-kataszter"),
    ("ipar-es-kereskedelmi", "ipar- és kereskedelmi"),
    ("hagyateki-leltar", "hagyatéki leltár"),
    ("keret", "keret"),
    ("elektronikus-ugyintezes-es-integracio", "elektronikus ügyintézés és integráció"),
    ("telepulesi-portal", "települési portál"),
]

OFFICE_CODE = "Polgármesteri.hivatal..közös.önkormányzati.hivatal.kódja"
OFFICE_SEAT = "Polgármesteri.hivatal..közös.önkormányzati.hivatal.székhelye"


@dataclass(frozen=True)
class Settlement:
    ksh_code: str
    name: str
    county: str
    legal_status: str
    office_code: str
    office_seat: str


def settlements_read(path: Path = GAZETTEER) -> list[Settlement]:
    """One entry per KSH code (the file has one row per postal code)."""
    seen: dict[str, Settlement] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Helység.KSH.kódja"].strip()
            if code and code not in seen:
                seen[code] = Settlement(
                    ksh_code=code, name=row["Helység.megnevezése"].strip(),
                    county=row["Vármegye.megnevezése"].strip(),
                    legal_status=row["Helység.jogállása"].strip(),
                    office_code=row[OFFICE_CODE].strip(), office_seat=row[OFFICE_SEAT].strip(),
                )
    return list(seen.values())


def office_plan(settlements: list[Settlement]) -> dict[str, tuple[str, str, str, str]]:
    """KSH code → (office code, office name, office kind, seat name)."""
    seats = {s.name: s for s in settlements if s.office_code == "2"}
    plan = {}
    for s in settlements:
        seat = seats.get(s.office_seat) if s.office_code == "5" else None
        if s.office_code == "2":
            seat = s
        if seat is not None:
            plan[s.ksh_code] = (
                seat.ksh_code, f"{seat.name} – közös önkormányzati hivatal",
                NotaryOffice.Kind.JOINT_OFFICE, seat.name,
            )
        else:
            plan[s.ksh_code] = (
                s.ksh_code, f"{s.name} – polgármesteri hivatal", NotaryOffice.Kind.MAYORS_OFFICE, s.name,
            )
    return plan


@transaction.atomic
def training_reference_load(path: Path = GAZETTEER) -> dict[str, int]:
    for order, (code, name) in enumerate(SUBSYSTEMS, start=1):
        Subsystem.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    settlements = settlements_read(path)
    plan = office_plan(settlements)
    offices = {o.code: o for o in NotaryOffice.objects.all()}
    for office_code, name, kind, seat_name in set(plan.values()):
        office = offices.get(office_code)
        if office is None:
            offices[office_code] = NotaryOffice.objects.create(
                code=office_code, name=name, kind=kind, seat_name=seat_name
            )
        elif (office.name, office.kind, office.seat_name) != (name, kind, seat_name):
            office.name, office.kind, office.seat_name = name, kind, seat_name
            office.save(update_fields=["name", "kind", "seat_name"])
    existing = {m.ksh_code: m for m in Municipality.objects.all()}
    new, changed = [], []
    for s in settlements:
        office = offices[plan[s.ksh_code][0]]
        values = {"name": s.name, "county": s.county, "legal_status": s.legal_status,
                  "notary_office": office}
        current = existing.get(s.ksh_code)
        if current is None:
            new.append(Municipality(ksh_code=s.ksh_code, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            changed.append(current)
    Municipality.objects.bulk_create(new, batch_size=500)
    Municipality.objects.bulk_update(
        changed, ["name", "county", "legal_status", "notary_office"], batch_size=500
    )
    return {
        "subsystems": len(SUBSYSTEMS), "municipalities": len(settlements),
        "offices": len(set(p[0] for p in plan.values())),
    }
