"""The parser of legacy one-line addresses ("1055 Budapest, Kossuth Lajos tér 1-3.")."""

import csv
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portal.core.addresses import HUNGARY, Address, AddressVocabulary, address_parse
from portal.core.services.reference import DATA_DIR, NOT_STREET_TYPES, REFERENCE_DIR


def _column(path, name):
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


STREET_TYPES = [t for t in _column(REFERENCE_DIR / "kozterulet_jelleg_osszevont.csv", "kozterulet_jelleg")
                if t not in NOT_STREET_TYPES]
COUNTRIES = _column(DATA_DIR / "countries_hu.csv", "name")
SETTLEMENTS = sorted(set(_column(REFERENCE_DIR / "posta_irsz_2024-05_telepulesek.csv", "telepules"))) + ["Budapest"]
STREET_NAMES = sorted({name for name in _column(REFERENCE_DIR / "posta_irsz_2024-05_utcak.csv", "kozterulet_nev")
                       if name and "," not in name})
VOCABULARY = AddressVocabulary(street_types=STREET_TYPES, countries=COUNTRIES,
                               settlements_by_postal_code={"1055": ["Budapest"]})
TYPE_KEYS = {t.casefold() for t in STREET_TYPES}
COUNTRY_KEYS = {c.casefold() for c in COUNTRIES}


def parse(text: str) -> Address:
    return address_parse(text, vocabulary=VOCABULARY)


@pytest.mark.parametrize("text, expected", [
    ("1055 Budapest, Kossuth Lajos tér 1-3.",
     Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos", street_type="tér",
             house_number="1-3")),
    ("1055 Budapest Kossuth Lajos tér 1-3.",
     Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos", street_type="tér",
             house_number="1-3")),
    ("H-4024 Debrecen, Piac u. 20. II. em. 5.",
     Address(postal_code="4024", settlement="Debrecen", street_name="Piac", street_type="utca",
             house_number="20", details="II. em. 5.")),
    ("7900 Szigetvár, Turbékpuszta hrsz:0275/3",
     Address(postal_code="7900", settlement="Szigetvár", lot_number="0275/3", details="Turbékpuszta")),
    ("1173 Budapest, Rákoskeresztúr, Pesti út 165",
     Address(postal_code="1173", settlement="Budapest", street_name="Pesti", street_type="út",
             house_number="165", details="Rákoskeresztúr")),
    ("Stephansplatz 1, 1010 Wien, Ausztria", Address(country="Ausztria", details="Stephansplatz 1, 1010 Wien")),
    ("1055 Budapest, Kossuth Lajos tér 1-3., Magyarország",
     Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos", street_type="tér",
             house_number="1-3")),
])
def test_it_splits_a_legacy_address_into_parts(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["Budapest, Kossuth Lajos tér 1-3.", "ismeretlen cím", "12345 Valahol, Fő utca 1."])
def test_it_leaves_text_it_cannot_read_in_details(text):
    assert parse(text) == Address(details=text)


def test_it_keeps_the_rest_in_details_when_the_street_has_no_known_type():
    assert parse("2890 Tata, Öregvár 12") == Address(postal_code="2890", settlement="Tata", details="Öregvár 12")


def test_it_writes_the_treasurys_example_on_one_line():
    address = Address(postal_code="1055", settlement="Budapest", street_name="Kossuth Lajos",
                      street_type="tér", house_number="1-3")
    assert address.one_line() == "1055 Budapest, Kossuth Lajos tér 1-3."


@settings(max_examples=300)
@given(st.text())
def test_it_never_raises(text):
    assert isinstance(parse(text), Address)


_POSTAL_START = re.compile(r"^\s*(?:H-?\s*)?\d{4}(?!\d)", re.IGNORECASE)


@settings(max_examples=300)
@given(st.text())
def test_it_leaves_text_without_a_leading_postal_code_or_a_country_in_details(text):
    assume(not _POSTAL_START.match(text))
    assume(VOCABULARY.split_country(" ".join(text.split()))[0] is None)
    assert parse(text) == Address(details=text)


def _ambiguous(name: str, street_type: str) -> bool:
    """Whether the end of the name and the type together read as a longer street type."""
    words = name.split()
    return any(" ".join(words[-k:] + [street_type]).casefold() in TYPE_KEYS for k in range(1, len(words) + 1))


words = st.text(alphabet="aábcdeéfghiíjklmnoóöőprstuúüűvzAÁBEGKLMNOPSTZ", min_size=1, max_size=12)
plain_text = st.lists(words, min_size=1, max_size=4).map(" ".join)
street_names = st.one_of(st.sampled_from(STREET_NAMES), plain_text)
house_numbers = st.from_regex(r"[1-9]\d{0,3}(?:[A-Z]|/[A-Z]|-[1-9]\d{0,2})?", fullmatch=True)
lot_numbers = st.from_regex(r"0?[1-9]\d{0,4}(?:/\d{1,3}){0,2}", fullmatch=True)
details = st.one_of(st.just(""), plain_text, st.sampled_from(["fszt. 2.", "II. em. 5.", "B épület"]))


@st.composite
def domestic_addresses(draw) -> Address:
    with_lot = draw(st.booleans())
    with_street = draw(st.booleans()) or not with_lot
    street_name = draw(street_names) if with_street else ""
    street_type = draw(st.sampled_from(STREET_TYPES)) if with_street else ""
    assume(not (street_name and _ambiguous(street_name, street_type)))
    house = draw(house_numbers) if with_street and (not with_lot or draw(st.booleans())) else ""
    detail = draw(details)
    assume(detail.casefold() not in COUNTRY_KEYS and not detail.casefold().startswith("hrsz"))
    return Address(
        postal_code=draw(st.from_regex(r"[1-9]\d{3}", fullmatch=True)),
        settlement=draw(st.sampled_from(SETTLEMENTS)),
        street_name=street_name, street_type=street_type, house_number=house,
        lot_number=draw(lot_numbers) if with_lot else "", details=detail,
    )


@settings(max_examples=500)
@given(domestic_addresses())
def test_it_reads_back_every_hungarian_address_it_writes(address):
    assert parse(address.one_line()) == address


@st.composite
def foreign_addresses(draw) -> Address:
    country = draw(st.sampled_from([c for c in COUNTRIES if c != HUNGARY]))
    text = draw(st.one_of(plain_text, st.just("Stephansplatz 1, 1010 Wien"), st.just("10 Downing Street, London")))
    return Address(country=country, details=text)


@settings(max_examples=200)
@given(foreign_addresses())
def test_it_reads_back_every_foreign_address_it_writes(address):
    assert parse(address.one_line()) == address


def test_it_reads_the_posta_street_list_back_from_one_line():
    failures = []
    for name, street_type in zip(*(
        _column(REFERENCE_DIR / "posta_irsz_2024-05_utcak.csv", column)
        for column in ("kozterulet_nev", "kozterulet_jelleg")
    ), strict=True):
        if not name or "," in name or not street_type or _ambiguous(name, street_type):
            continue
        address = Address(postal_code="1055", settlement="Budapest", street_name=name,
                          street_type=street_type, house_number="1")
        if parse(address.one_line()) != address:
            failures.append(address.one_line())
    assert failures == []
