"""Every real number in the reference data: the State Treasury's register of public bodies and
the collected test vectors (tests/data/hu_azonosito_testvektorok.csv)."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from portal.core import identifiers as ids

TREASURY_LIST = ids.REFERENCE_DIR / "mak_pir_torzskonyv_2013_adoszamok.csv"
VECTORS = Path(__file__).resolve().parent.parent / "data" / "hu_azonosito_testvektorok.csv"
IDENTIFIER_OF_VECTOR_TYPE = {
    "adoszam": "tax_number",
    "adoszam_torzsszam": "tax_number_stem",
    "bankszamla": "bank_account_number",
    "iban": "bank_account_number",
}


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rejected(validate, values):
    return [value for value in values if not ids.is_valid(validate, value)]


def test_it_accepts_every_tax_number_and_pir_of_the_treasury_register():
    rows = read(TREASURY_LIST)
    assert len(rows) == 20_548
    tax_numbers = [ids.tax_number_normalise(row["adoszam"]) for row in rows]
    pirs = [ids.pir_normalise(row["pir"]) for row in rows]
    assert rejected(ids.tax_number_validate, tax_numbers) == []
    assert rejected(ids.pir_validate, pirs) == []


def test_it_keeps_the_treasury_exceptions_to_the_known_ones():
    """Only the real register entries listed in identifiers.py break the rules."""
    rows = read(TREASURY_LIST)
    assert {r["pir"] for r in rows if not ids.pir_check_digits_ok(r["pir"])} == (
        ids.PIR_REGISTER_EXCEPTIONS
    )
    assert {r["adoszam"] for r in rows if r["adoszam"][8] not in ids.VAT_CODES} == (
        ids.TAX_NUMBER_REGISTER_EXCEPTIONS
    )


def test_it_accepts_every_operating_institutions_om_id():
    rows = read(ids.REFERENCE_DIR / "kir_mukodo_intezmenyek_2025-07.csv")
    om_ids = [row["OM azonosító;Intézmény megnevezése"].split(";")[0] for row in rows]
    assert len(om_ids) == 5_685
    assert rejected(ids.om_id_validate, om_ids) == []


def vectors(*expected):
    return [
        pytest.param(row, id=f"{row['tipus']}:{row['ertek']}")
        for row in read(VECTORS)
        if row["elvart"].startswith(expected)
    ]


def functions_for(row):
    name = IDENTIFIER_OF_VECTOR_TYPE[row["tipus"]]
    return getattr(ids, f"{name}_normalise"), getattr(ids, f"{name}_validate")


@pytest.mark.parametrize("row", vectors("valid"))
def test_it_accepts_every_valid_test_vector(row):
    normalise, validate = functions_for(row)
    validate(normalise(row["ertek"]))


@pytest.mark.parametrize("row", vectors("invalid"))
def test_it_rejects_every_invalid_test_vector(row):
    normalise, validate = functions_for(row)
    with pytest.raises(ValidationError):
        validate(normalise(row["ertek"]))


# The file keeps an IBAN whole and drops letters; we turn an IBAN into its account number and keep
# letters (so they give a format error): those two rows are checked in test_identifiers.py.
@pytest.mark.parametrize(
    "row",
    [
        vector
        for vector in vectors("valid", "invalid")
        if vector.values[0]["tipus"] != "iban" and vector.values[0]["ertek"][-1].isdigit()
    ],
)
def test_it_normalises_each_test_vector_as_the_file_says(row):
    normalise, _ = functions_for(row)
    assert normalise(row["ertek"]) == row["normalizalt"]
