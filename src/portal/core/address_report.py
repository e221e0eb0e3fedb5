"""How well ``address_parse`` reads the State Treasury's 20,548 seat addresses.

The Treasury list keeps the address in columns, with the street type as a 2-digit code.
Each row is written as legacy one-line text ("1055 Budapest, Kossuth Lajos tér 1-3."),
parsed, and compared with the columns. Run: ``manage.py report_address_parsing``.
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .addresses import Address, AddressVocabulary, address_errors, address_parse, address_vocabulary
from .services.reference import REFERENCE_DIR

TREASURY_FILE = REFERENCE_DIR / "mak_pir_torzskonyv_2013_adoszamok.csv"

# The Treasury's street type codes have no published list here; this mapping was read off
# the data by looking at well-known addresses of each code (docs/addresses.md lists the
# evidence). Codes without convincing evidence stay unmapped, and such rows are written
# without a street type, as a clerk would have typed them.
TREASURY_STREET_TYPES = {
    "01": "utca", "02": "út", "03": "útja", "04": "lakótelep", "05": "tér", "07": "sugárút",
    "08": "sétány", "12": "fasor", "14": "körút", "15": "körtér", "16": "park", "18": "rakpart",
    "20": "tanya", "21": "köz", "22": "főút", "23": "tere", "24": "telep", "25": "sor",
    "27": "kert", "28": "liget", "30": "puszta", "51": "kapu", "56": "part", "60": "hegy",
    "64": "árok", "98": "korzó",
}


@dataclass
class ParseReport:
    total: int = 0
    fully_parsed: int = 0
    matches_columns: int = 0
    valid: int = 0
    unmapped_type: int = 0
    failures: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0


def treasury_one_line(row: dict[str, str]) -> str:
    """The row's seat address as one line of legacy text."""
    street_type = TREASURY_STREET_TYPES.get(row["kozterulet_jelleg_kod"].strip(), "")
    house = row["hazszam"].strip()
    street = " ".join(p for p in (row["kozterulet_nev"].strip(), street_type, house) if p)
    return f"{row['szekhely_irsz'].strip()} {row['szekhely_telepules'].strip()}, {street}".strip(", ")


def is_fully_parsed(address: Address) -> bool:
    """Every part filled and nothing left over in ``details``."""
    return bool(address.postal_code and address.settlement and address.street_name
                and address.street_type and not address.details)


def matches_columns(address: Address, row: dict[str, str]) -> bool:
    expected = Address(postal_code=row["szekhely_irsz"], settlement=row["szekhely_telepules"],
                       street_name=row["kozterulet_nev"], house_number=row["hazszam"])
    return all(getattr(address, part) == getattr(expected, part)
               for part in ("postal_code", "settlement", "street_name", "house_number"))


def treasury_parse_report(*, path: Path = TREASURY_FILE, vocabulary: AddressVocabulary | None = None,
                          validate: bool = True) -> ParseReport:
    vocabulary = vocabulary or address_vocabulary()
    report = ParseReport()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            _count(report, row, address_parse(treasury_one_line(row), vocabulary=vocabulary), validate)
    return report


def _count(report: ParseReport, row: dict[str, str], address: Address, validate: bool) -> None:
    report.total += 1
    report.unmapped_type += row["kozterulet_jelleg_kod"].strip() not in TREASURY_STREET_TYPES
    if is_fully_parsed(address):
        report.fully_parsed += 1
        report.matches_columns += matches_columns(address, row)
    else:
        report.failures[_failure_reason(address)] += 1
        if len(report.examples) < 15:
            report.examples.append(treasury_one_line(row))
    if validate:
        errors = address_errors(address)
        report.valid += not errors
        for part in errors:
            report.failures[f"érvénytelen: {part}"] += 1


def _failure_reason(address: Address) -> str:
    if not address.postal_code:
        return "nincs irányítószám"
    if not address.street_type:
        return "nincs felismert közterület-jelleg"
    return "maradt szöveg a pontosításban"
