"""The per-client rate limit on Django's cache: a fixed window, refused past the limit."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.core.ratelimit import Rate, hit


def test_it_allows_the_limit_and_refuses_the_next_in_the_same_window():
    results = [hit("probe", "198.51.100.1", "3/h", now=7200.0).allowed for _ in range(4)]
    assert results == [True, True, True, False]


def test_the_refusal_tells_how_long_to_wait():
    for _ in range(2):
        hit("probe", "a", "2/h", now=3600 * 5 + 600)
    decision = hit("probe", "a", "2/h", now=3600 * 5 + 600)
    assert (decision.allowed, decision.retry_after, decision.minutes) == (False, 3000, 50)


def test_keys_and_scopes_count_apart_and_a_new_window_starts_afresh():
    assert [hit("probe", "a", "1/m", now=60.0).allowed, hit("probe", "b", "1/m", now=60.0).allowed,
            hit("other", "a", "1/m", now=60.0).allowed, hit("probe", "a", "1/m", now=60.5).allowed,
            hit("probe", "a", "1/m", now=120.0).allowed] == [True, True, True, False, True]


def test_zero_switches_the_limit_off():
    assert all(hit("probe", "a", 0).allowed for _ in range(10))


@given(limit=st.integers(min_value=0, max_value=10_000), period=st.sampled_from(["s", "m", "h", "d", ""]))
def test_rates_parse(limit, period):
    rate = Rate.parse(f"{limit}/{period}" if period else str(limit))
    assert rate.limit == limit
    assert rate.seconds == {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 3600}[period]


@pytest.mark.parametrize("bad", ["-1/h", "x/h", "5/w"])
def test_bad_rates_are_refused(bad):
    with pytest.raises((ValueError, KeyError)):
        Rate.parse(bad)
