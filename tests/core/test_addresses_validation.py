"""The Address value object and its per-part Hungarian messages."""

import pytest

from portal.core.addresses import (
    ERROR_COUNTRY_UNKNOWN,
    ERROR_FOREIGN_DETAILS_REQUIRED,
    ERROR_FOREIGN_PART,
    ERROR_HOUSE_NUMBER_REQUIRED,
    ERROR_LOT_NUMBER_FORMAT,
    ERROR_POSTAL_CODE_FORMAT,
    ERROR_POSTAL_CODE_REQUIRED,
    ERROR_POSTAL_CODE_UNKNOWN,
    ERROR_SETTLEMENT_MISMATCH,
    ERROR_SETTLEMENT_REQUIRED,
    ERROR_STREET_NAME_REQUIRED,
    ERROR_STREET_OR_LOT_REQUIRED,
    ERROR_STREET_TYPE_REQUIRED,
    ERROR_STREET_TYPE_UNKNOWN,
    Address,
    address_errors,
    address_normalize,
    address_parse,
)
from tests.factories.reference import reference_places

PARLIAMENT = Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos",
                     street_type="tér", house_number="1-3")


@pytest.fixture
def places(db):
    reference_places()


def test_it_stores_an_address_as_a_dict_and_reads_it_back():
    assert Address.from_dict(PARLIAMENT.to_dict()) == PARLIAMENT
    assert PARLIAMENT.to_dict()["street_type"] == "tér"


def test_it_reads_old_or_partial_dicts_without_failing():
    assert Address.from_dict(None) == Address()
    assert Address.from_dict({"settlement": " Budapest ", "unknown": "x", "details": None}) == Address(
        settlement="Budapest")


def test_it_treats_an_empty_country_as_hungary_and_others_as_foreign():
    assert Address(country="").country == "Magyarország"
    assert not PARLIAMENT.is_foreign
    assert Address(country="Ausztria", details="Wien").is_foreign


def test_it_writes_lot_number_and_details_on_one_line():
    address = Address(postal_code="7900", settlement="Szigetvár", lot_number="0275/3", details="Turbékpuszta")
    assert address.one_line() == "7900 Szigetvár, hrsz. 0275/3, Turbékpuszta"
    assert Address(country="Ausztria", details="Stephansplatz 1, 1010 Wien").one_line() == (
        "Stephansplatz 1, 1010 Wien, Ausztria")


def test_it_accepts_a_valid_hungarian_address(places):
    assert address_errors(PARLIAMENT) == {}


def test_it_accepts_a_lot_number_instead_of_a_street(places):
    assert address_errors(Address(postal_code="4024", settlement="Debrecen", lot_number="0275/3")) == {}


def test_it_accepts_any_settlement_a_shared_postal_code_serves(places):
    assert address_errors(Address(postal_code="7838", settlement="besence", lot_number="12")) == {}


def test_it_rejects_an_unknown_postal_code(places):
    errors = address_errors(Address(postal_code="9999", settlement="Budapest", lot_number="12"))
    assert errors == {"postal_code": [ERROR_POSTAL_CODE_UNKNOWN % {"code": "9999"}]}


def test_it_rejects_a_malformed_or_missing_postal_code_and_settlement(places):
    assert address_errors(Address(postal_code="105", settlement="Budapest", lot_number="1")) == {
        "postal_code": [ERROR_POSTAL_CODE_FORMAT]}
    assert address_errors(Address(lot_number="1")) == {
        "postal_code": [ERROR_POSTAL_CODE_REQUIRED], "settlement": [ERROR_SETTLEMENT_REQUIRED]}


def test_it_names_the_right_settlement_when_it_does_not_match_the_postal_code(places):
    errors = address_errors(Address(postal_code="1055", settlement="Debrecen", lot_number="12"))
    assert errors == {"settlement": [ERROR_SETTLEMENT_MISMATCH % {"code": "1055", "suggestions": "Budapest"}]}
    assert "Budapest" in errors["settlement"][0]


def test_it_lists_every_settlement_of_a_shared_postal_code_in_the_suggestion(places):
    errors = address_errors(Address(postal_code="7838", settlement="Pécs", lot_number="12"))
    assert errors["settlement"] == [
        ERROR_SETTLEMENT_MISMATCH % {"code": "7838", "suggestions": "Besence, Hirics, Vajszló"}]


def test_it_asks_for_a_street_address_or_a_lot_number(places):
    assert address_errors(Address(postal_code="1055", settlement="Budapest")) == {
        "street_name": [ERROR_STREET_OR_LOT_REQUIRED]}


def test_it_asks_for_each_missing_part_of_a_street_address(places):
    assert address_errors(Address(postal_code="1055", settlement="Budapest", house_number="5")) == {
        "street_name": [ERROR_STREET_NAME_REQUIRED], "street_type": [ERROR_STREET_TYPE_REQUIRED]}
    assert address_errors(Address(postal_code="1055", settlement="Budapest", street_name="Fő",
                                  street_type="utca")) == {"house_number": [ERROR_HOUSE_NUMBER_REQUIRED]}
    assert address_errors(Address(postal_code="1055", settlement="Budapest", street_name="Fő",
                                  street_type="sikátor", house_number="1")) == {
        "street_type": [ERROR_STREET_TYPE_UNKNOWN]}


def test_it_rejects_a_malformed_lot_number(places):
    errors = address_errors(Address(postal_code="1055", settlement="Budapest", lot_number="hrsz 12"))
    assert errors == {"lot_number": [ERROR_LOT_NUMBER_FORMAT]}


def test_it_rejects_hungarian_parts_in_a_foreign_address(places):
    errors = address_errors(Address(country="Ausztria", postal_code="1010", street_name="Ring", details="Wien"))
    assert errors == {"postal_code": [ERROR_FOREIGN_PART], "street_name": [ERROR_FOREIGN_PART]}


def test_it_asks_for_the_address_text_of_a_foreign_address(places):
    assert address_errors(Address(country="Ausztria")) == {"details": [ERROR_FOREIGN_DETAILS_REQUIRED]}


def test_it_rejects_a_country_not_on_the_list(places):
    assert address_errors(Address(country="Atlantisz", details="x")) == {"country": [ERROR_COUNTRY_UNKNOWN]}


def test_it_spells_country_and_settlement_as_the_lists_do(places):
    address = address_normalize(Address(country="magyarország", postal_code="1055", settlement="BUDAPEST",
                                        lot_number="1"))
    assert (address.country, address.settlement) == ("Magyarország", "Budapest")


def test_it_parses_with_the_reference_tables_by_default(places):
    assert address_parse("1055 Budapest, Kossuth Lajos tér 1-3.") == PARLIAMENT


def test_it_reports_how_many_treasury_addresses_parse(places, tmp_path):
    from portal.core.address_report import treasury_one_line, treasury_parse_report

    path = tmp_path / "pir.csv"
    path.write_text(
        "szekhely_irsz,szekhely_telepules,kozterulet_nev,kozterulet_jelleg_kod,hazszam\n"
        "1055,Budapest,Kossuth Lajos,05,1-3\n"
        "2890,Tata,Öregvár,,12\n", encoding="utf-8")
    report = treasury_parse_report(path=path)

    assert treasury_one_line({"szekhely_irsz": "1055", "szekhely_telepules": "Budapest",
                              "kozterulet_nev": "Kossuth Lajos", "kozterulet_jelleg_kod": "05",
                              "hazszam": "1-3"}) == "1055 Budapest, Kossuth Lajos tér 1-3"
    assert (report.total, report.fully_parsed, report.matches_columns, report.valid) == (2, 1, 1, 1)
    assert report.share(report.fully_parsed) == 0.5
