"""Properties of every identifier: valid numbers pass, one mistyped digit is caught, and what
people type (spaces, dashes) normalises to the canonical form that formats back the same way."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from portal.core import identifiers as ids

from .identifier_strategies import (
    bank_account_numbers,
    digits,
    one_digit_changed,
    phone_numbers,
    pirs,
    postal_codes,
    separated,
    statistical_numbers,
    tax_number_stems,
    tax_numbers,
)

# name, strategy of valid canonical values, positions protected by a check digit
CHECKED = [
    ("tax_number", tax_numbers(), range(0, 8)),
    ("tax_number_stem", tax_number_stems(), range(0, 8)),
    ("statistical_number", statistical_numbers(), range(0, 8)),
    ("pir", pirs(), range(0, 6)),
]
EVERY = [
    *[(name, strategy) for name, strategy, _ in CHECKED],
    ("bank_account_number", bank_account_numbers()),
    ("om_id", digits(6)),
    ("maintainer_id", digits(8)),
    ("postal_code", postal_codes()),
    ("phone_number", phone_numbers()),
]


def functions(name):
    return (getattr(ids, f"{name}_{verb}") for verb in ("normalise", "validate", "format"))


@pytest.mark.parametrize(("name", "strategy"), EVERY, ids=[n for n, _ in EVERY])
def test_it_accepts_every_generated_valid_number(name, strategy):
    normalise, validate, _ = functions(name)

    @given(strategy)
    def check(value):
        validate(normalise(value))

    check()


@pytest.mark.parametrize(("name", "strategy", "positions"), CHECKED, ids=[n for n, *_ in CHECKED])
def test_it_rejects_a_valid_number_with_one_digit_mistyped(name, strategy, positions):
    _, validate, _ = functions(name)

    real_exceptions = ids.PIR_REGISTER_EXCEPTIONS | ids.TAX_NUMBER_REGISTER_EXCEPTIONS
    mistyped_numbers = strategy.flatmap(lambda value: one_digit_changed(value, positions))

    @given(mistyped_numbers.filter(lambda mistyped: mistyped not in real_exceptions))
    def check(mistyped):
        with pytest.raises(ValidationError):
            validate(mistyped)

    check()


@given(bank_account_numbers().flatmap(lambda v: one_digit_changed(v, range(len(v)))))
def test_it_rejects_a_bank_account_number_with_any_one_digit_mistyped(mistyped):
    with pytest.raises(ValidationError):
        ids.bank_account_number_validate(mistyped)


@pytest.mark.parametrize(
    ("name", "strategy"),
    [(n, s) for n, s in EVERY if n != "tax_number_stem"],
    ids=[n for n, _ in EVERY if n != "tax_number_stem"],
)
def test_it_formats_what_was_typed_the_same_as_the_canonical_number(name, strategy):
    normalise, validate, format_ = functions(name)

    @given(strategy.flatmap(lambda value: st.tuples(st.just(value), separated(value))))
    def check(pair):
        canonical, typed = pair
        assert normalise(typed) == canonical
        assert normalise(format_(canonical)) == canonical
        assert format_(normalise(typed)) == format_(canonical)

    check()


@given(
    tax_number_stems().flatmap(
        lambda stem: st.tuples(st.just(stem), statistical_numbers(st.just(stem)))
    )
)
def test_it_matches_a_statistical_number_to_the_tax_number_with_its_stem(pair):
    stem, statistical_number = pair
    assert ids.ksh_number_matches_tax_number(statistical_number, stem + "243")
    ids.statistical_number_check_tax_number(statistical_number, stem + "243")


@given(st.emails())
def test_it_accepts_and_lower_cases_generated_email_addresses(address):
    normalised = ids.email_normalise(f"  {address} ")
    assert normalised == address.lower()
    ids.email_validate(normalised)


@given(st.text(max_size=30))
def test_it_never_fails_on_garbage_except_with_a_validation_error(text):
    for name, _ in EVERY + [("email", None)]:
        normalise, validate, format_ = functions(name)
        normalised = normalise(text)
        format_(normalised)
        try:
            validate(normalised)
        except ValidationError:
            pass
