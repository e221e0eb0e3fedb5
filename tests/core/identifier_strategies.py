"""Hypothesis strategies that build valid Hungarian identifiers (canonical, normalised form)."""

from hypothesis import strategies as st

from portal.core import identifiers as ids


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


def _with_check_digit(body: str, weights=ids.CHECK_WEIGHTS) -> str:
    return body + ids.check_digit_for(body, weights)


def tax_number_stems() -> st.SearchStrategy[str]:
    return digits(7).map(_with_check_digit)


def tax_numbers() -> st.SearchStrategy[str]:
    return st.builds(
        lambda stem, vat, county: stem + vat + county,
        tax_number_stems(),
        st.sampled_from(sorted(ids.VAT_CODES)),
        st.sampled_from(sorted(ids.tax_number_county_codes())),
    )


def statistical_numbers(stem=None) -> st.SearchStrategy[str]:
    return st.builds(
        lambda stem, activity, legal_form, county: stem + activity + legal_form + county,
        stem if stem is not None else tax_number_stems(),
        digits(4),
        digits(3),
        st.sampled_from(sorted(ids.statistical_number_county_codes())),
    )


def bank_account_numbers() -> st.SearchStrategy[str]:
    first = st.builds(
        lambda code, rest: _with_check_digit(code + rest),
        st.sampled_from(sorted(ids.bank_codes())),
        digits(4),
    )
    second = st.sampled_from([7, 15]).flatmap(lambda size: digits(size).map(_with_check_digit))
    return st.builds(str.__add__, first, second)


def pirs() -> st.SearchStrategy[str]:
    return digits(5).map(lambda body: _with_check_digit(body, ids.PIR_WEIGHTS))


def postal_codes() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(ids.postal_codes()))


def phone_numbers() -> st.SearchStrategy[str]:
    seven = st.builds(str.__add__, st.sampled_from(sorted(ids.PHONE_SEVEN_DIGIT_CODES)), digits(7))
    six = st.builds(str.__add__, st.sampled_from(sorted(ids.PHONE_SIX_DIGIT_CODES)), digits(6))
    return st.one_of(seven, six).map(lambda national: "+36" + national)


def separated(canonical: str) -> st.SearchStrategy[str]:
    """The same number as people type it: spaces or dashes anywhere, blanks around it."""
    separator = st.sampled_from(["", "", "", " ", "-", " - ", "–"])
    return st.lists(separator, min_size=len(canonical), max_size=len(canonical)).map(
        lambda seps: " " + "".join(c + s for c, s in zip(canonical, seps, strict=True)) + " "
    )


def one_digit_changed(canonical: str, positions: range) -> st.SearchStrategy[str]:
    """``canonical`` with exactly one digit at one of ``positions`` replaced by another digit."""
    return st.tuples(st.sampled_from(list(positions)), st.integers(1, 9)).map(
        lambda change: (
            canonical[: change[0]]
            + str((int(canonical[change[0]]) + change[1]) % 10)
            + canonical[change[0] + 1 :]
        )
    )
