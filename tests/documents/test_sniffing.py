from hypothesis import given
from hypothesis import strategies as st

from portal.documents.services import _safe_name, sniff
from portal.registry.schema import school_year_valid


@given(st.binary(max_size=16))
def test_only_pdf_and_jpeg_signatures_are_accepted(head):
    kind = sniff(head)
    assert kind is None or head.startswith((b"%PDF-", b"\xff\xd8\xff"))


@given(st.text(max_size=300))
def test_a_displayed_file_name_never_holds_a_path(name):
    shown = _safe_name(name)
    assert "/" not in shown and "\\" not in shown and 0 < len(shown) <= 200


@given(st.integers(min_value=1000, max_value=9998))
def test_school_years_are_consecutive(year):
    assert school_year_valid(f"{year}/{year + 1}")
    assert not school_year_valid(f"{year}/{year + 2}")
    assert not school_year_valid(f"{year}-{year + 1}")
