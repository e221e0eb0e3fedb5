"""Each identifier: what people type is normalised, every kind of mistake gets its own Hungarian
message, and valid numbers are shown in the familiar form."""

import pytest
from django.core.exceptions import ValidationError

from portal.core import identifiers as ids


def message_of(validate, value):
    with pytest.raises(ValidationError) as caught:
        validate(value)
    return caught.value.messages


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2422522-2-43", ids.TAX_NUMBER_FORMAT),
        ("24225221-2-4a", ids.TAX_NUMBER_FORMAT),
        ("24225222-2-43", ids.TAX_NUMBER_CHECK_DIGIT),
        ("24225221-9-43", ids.TAX_NUMBER_VAT_CODE),
        ("24225221-0-43", ids.TAX_NUMBER_VAT_CODE),
        ("24225221-2-99", ids.TAX_NUMBER_COUNTY_CODE),
        ("24225221-2-01", ids.TAX_NUMBER_COUNTY_CODE),
        ("24225221-2-21", ids.TAX_NUMBER_COUNTY_CODE),
    ],
)
def test_it_tells_the_applicant_what_is_wrong_with_a_tax_number(typed, message):
    assert message_of(ids.tax_number_validate, ids.tax_number_normalise(typed)) == [message]


@pytest.mark.parametrize(
    "typed", ["24225221-2-43", "24225221243", " 24225221 2 43 ", "24225221–2–43"]
)
def test_it_accepts_a_tax_number_typed_with_or_without_dashes(typed):
    canonical = ids.tax_number_normalise(typed)
    ids.tax_number_validate(canonical)
    assert canonical == "24225221243"
    assert ids.tax_number_format(canonical) == "24225221-2-43"


@pytest.mark.parametrize("county", ["02", "20", "22", "40", "41", "43", "44", "51"])
def test_it_accepts_every_kind_of_tax_county_code(county):
    ids.tax_number_validate("242252212" + county)


def test_it_accepts_the_eu_vat_form_of_a_tax_number_stem():
    assert ids.tax_number_stem_normalise("HU 12892312") == "12892312"
    ids.tax_number_stem_validate("12892312")
    assert message_of(ids.tax_number_stem_validate, "12892313") == [ids.TAX_NUMBER_CHECK_DIGIT]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15300014-8411-321-0", ids.STATISTICAL_NUMBER_FORMAT),
        ("15300015-8411-321-01", ids.STATISTICAL_NUMBER_CHECK_DIGIT),
        ("15300014-8411-321-00", ids.STATISTICAL_NUMBER_COUNTY_CODE),
        ("15300014-8411-321-21", ids.STATISTICAL_NUMBER_COUNTY_CODE),
    ],
)
def test_it_tells_the_applicant_what_is_wrong_with_a_statistical_number(typed, message):
    normalised = ids.statistical_number_normalise(typed)
    assert message_of(ids.statistical_number_validate, normalised) == [message]


def test_it_formats_a_statistical_number_in_four_parts():
    canonical = ids.statistical_number_normalise("15300014 8411 321 01")
    ids.statistical_number_validate(canonical)
    assert ids.statistical_number_format(canonical) == "15300014-8411-321-01"


def test_it_checks_that_the_statistical_number_starts_with_the_tax_number():
    assert ids.ksh_number_matches_tax_number("15300014841132101", "15300014241")
    assert not ids.ksh_number_matches_tax_number("15300021841132101", "15300014241")
    assert message_of(
        lambda _: ids.statistical_number_check_tax_number("15300021841132101", "15300014241"), None
    ) == [ids.STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH]


def test_it_skips_the_cross_check_when_only_one_number_is_given():
    ids.statistical_number_check_tax_number("", "15300014241")
    ids.statistical_number_check_tax_number("15300021841132101", "")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10032000-0107634", ids.BANK_ACCOUNT_NUMBER_FORMAT),
        ("10032000-0107634a", ids.BANK_ACCOUNT_NUMBER_FORMAT),
        ("10032001-01076349", ids.BANK_ACCOUNT_NUMBER_FIRST_BLOCK),
        ("10032000-01076348", ids.BANK_ACCOUNT_NUMBER_SECOND_BLOCK),
        ("10918001-00000416-26260017", ids.BANK_ACCOUNT_NUMBER_SECOND_BLOCK),
        ("99900009-01076349", ids.BANK_ACCOUNT_NUMBER_BANK_CODE),
        ("HU43 1177 3016 1111 1018 0000 0000", ids.BANK_ACCOUNT_NUMBER_IBAN),
    ],
)
def test_it_tells_the_applicant_what_is_wrong_with_a_bank_account_number(typed, message):
    normalised = ids.bank_account_number_normalise(typed)
    assert message_of(ids.bank_account_number_validate, normalised) == [message]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("1003200001076349", "10032000-01076349"),
        ("10918001 00000416 26260018", "10918001-00000416-26260018"),
        ("HU42 1177 3016 1111 1018 0000 0000", "11773016-11111018-00000000"),
    ],
)
def test_it_accepts_a_bank_account_number_in_any_common_form(typed, shown):
    canonical = ids.bank_account_number_normalise(typed)
    ids.bank_account_number_validate(canonical)
    assert ids.bank_account_number_format(canonical) == shown


@pytest.mark.parametrize(
    ("validate", "value", "message"),
    [
        (ids.om_id_validate, "03120", ids.OM_ID_FORMAT),
        (ids.om_id_validate, "O31202", ids.OM_ID_FORMAT),
        (ids.pir_validate, "30001", ids.PIR_FORMAT),
        (ids.pir_validate, "300015", ids.PIR_CHECK_DIGIT),
        (ids.maintainer_id_validate, "1234567", ids.MAINTAINER_ID_FORMAT),
        (ids.postal_code_validate, "105", ids.POSTAL_CODE_FORMAT),
        (ids.postal_code_validate, "1000", ids.POSTAL_CODE_UNKNOWN),
        (ids.postal_code_validate, "9999", ids.POSTAL_CODE_UNKNOWN),
        (ids.email_validate, "nev.pelda.hu", ids.EMAIL_FORMAT),
        (ids.email_validate, "nev@pelda", ids.EMAIL_FORMAT),
    ],
)
def test_it_tells_the_user_what_is_wrong_with_a_short_identifier(validate, value, message):
    assert message_of(validate, value) == [message]


@pytest.mark.parametrize(
    ("validate", "value"),
    [
        (ids.om_id_validate, "031202"),
        (ids.pir_validate, "300014"),
        (ids.maintainer_id_validate, "00012345"),
        (ids.postal_code_validate, "1055"),
        (ids.postal_code_validate, "8127"),
        (ids.email_validate, "jegyzo@aba.hu"),
    ],
)
def test_it_accepts_real_short_identifiers(validate, value):
    validate(value)


def test_it_accepts_a_budapest_street_postal_code_missing_from_the_settlement_list():
    street_only = ids._column("posta_irsz_2024-05_utcak.csv", "iranyitoszam") - ids._column(
        "posta_irsz_2024-05_telepulesek.csv", "iranyitoszam"
    )
    assert street_only
    ids.postal_code_validate(min(street_only))


def test_it_lower_cases_an_email_address_and_trims_blanks():
    assert ids.email_normalise("  Kovacs.Anna@Pelda.HU ") == "kovacs.anna@pelda.hu"


@pytest.mark.parametrize(
    ("typed", "canonical", "shown"),
    [
        ("06 30 123 4567", "+36301234567", "+36 30 123 4567"),
        ("+36-1/234-5678", "+3612345678", "+36 1 234 5678"),
        ("(06-1) 234 5678", "+3612345678", "+36 1 234 5678"),
        ("0036 96 123 456", "+3696123456", "+36 96 123 456"),
        ("30 123 4567", "+36301234567", "+36 30 123 4567"),
        ("+36 70 123 4567", "+36701234567", "+36 70 123 4567"),
    ],
)
def test_it_normalises_and_formats_hungarian_phone_numbers(typed, canonical, shown):
    assert ids.phone_number_normalise(typed) == canonical
    ids.phone_number_validate(canonical)
    assert ids.phone_number_format(canonical) == shown


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123 4567", ids.PHONE_NUMBER_FORMAT),
        ("+44 20 7946 0958", ids.PHONE_NUMBER_FORMAT),
        ("06 30 123 456a", ids.PHONE_NUMBER_FORMAT),
        ("06 40 123 4567", ids.PHONE_NUMBER_AREA_CODE),
        ("06 1 234 567", ids.PHONE_NUMBER_LENGTH),
        ("06 96 123 4567", ids.PHONE_NUMBER_LENGTH),
        ("06 30 123 456", ids.PHONE_NUMBER_LENGTH),
    ],
)
def test_it_tells_the_user_what_is_wrong_with_a_phone_number(typed, message):
    normalised = ids.phone_number_normalise(typed)
    assert message_of(ids.phone_number_validate, normalised) == [message]
