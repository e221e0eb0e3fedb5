from hypothesis import given
from hypothesis import strategies as st

from portal.public import selectors
from portal.registry.search import fold


@given(st.text(max_size=400))
def test_it_folds_any_text_to_lower_ascii_words(text):
    words = selectors.query_words(text)
    assert len(words) <= selectors.WORDS_MAX
    assert all(w.isascii() and w == w.lower() and " " not in w and len(w) >= 2 for w in words)
    assert all(c.isalnum() for w in words for c in w)


def test_it_folds_accents_and_case_the_same_way_as_the_register():
    assert fold("NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM, ÁLTALÁNOS") == "nicolae balcescu roman gimnazium altalanos"
    assert selectors.query_words("Bălcescu  ŐRSÉG ő") == ["balcescu", "orseg"]


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_it_decodes_every_cursor_it_encodes(position):
    assert selectors.cursor_decode(selectors.cursor_encode(position)) == position


@given(st.text(max_size=100))
def test_it_never_fails_on_a_made_up_cursor(text):
    result = selectors.cursor_decode(text)
    assert result is None or isinstance(result, int)


@given(st.text(max_size=30))
def test_it_parses_page_numbers_or_refuses_them(text):
    page = selectors.page_parse(text)
    assert page is None or page >= 1


@given(st.text(max_size=30))
def test_it_parses_dates_or_refuses_them(text):
    selectors.date_parse(text)  # never raises


def test_it_refuses_impossible_dates():
    assert selectors.date_parse("2025-02-30") is None
    assert str(selectors.date_parse("2025-02-28")) == "2025-02-28"
