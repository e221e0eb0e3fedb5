"""Names that begin like a spreadsheet formula are refused (issue 12, item 3)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.core.spreadsheet import FORMULA_STARTS
from portal.registry import checks, schema
from portal.registry.maintainer_schema import MaintainerRecord
from tests.factories.changes import ChangeRequestFactory, complete_record

from .test_schema import CODES, VOCABULARY

formula_names = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text(max_size=30))
plain_names = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10).flatmap(
    lambda first: st.text(max_size=30).map(lambda rest: first + rest))


@given(formula_names)
def test_a_name_beginning_like_a_formula_is_refused(name):
    assert not checks.name_valid(name)


@given(st.sampled_from("=+-@"), st.text(alphabet=" ", min_size=1, max_size=3), st.text(max_size=10))
def test_leading_spaces_do_not_hide_it(start, spaces, rest):
    assert not checks.name_valid(spaces + start + rest)


@given(plain_names)
def test_a_name_beginning_with_a_letter_or_digit_is_accepted(name):
    assert checks.name_valid(name)


def test_real_names_with_dashes_and_at_signs_inside_are_accepted():
    for name in ["Győr-Moson-Sopron Vármegyei Pedagógiai Szakszolgálat", "1. sz. Óvoda", "Kiss-Nagy Anna",
                 "Szent István @ Iskola"]:
        assert checks.name_valid(name)


def test_the_record_validation_names_the_field():
    record = complete_record()
    record.name, record.founder_name, record.sites[0].name = '=HYPERLINK("http://x")', "@Alapító", "-1"
    problems = {(p.site, p.field, p.message) for p in record.validate(codes=CODES, vocabulary=VOCABULARY)}
    seat = record.sites[0].key
    assert problems == {("", "name", str(schema.NAME_FORMULA)), ("", "founder_name", str(schema.NAME_FORMULA)),
                        (seat, "name", str(schema.NAME_FORMULA))}


def test_the_maintainer_record_refuses_it_too():
    problems = MaintainerRecord(name="+36 Alapítvány").validate(types={})
    assert ("name", str(schema.NAME_FORMULA)) in {(p.field, p.message) for p in problems}


@pytest.mark.django_db
def test_the_basic_tab_shows_the_message_on_the_field_and_keeps_what_was_typed(client):
    change_request = ChangeRequestFactory()
    session = client.session
    session["change_requests"] = [change_request.pk]
    session.save()
    response = client.post(f"/kerelem/{change_request.pk}/alapadatok/", {
        "name": '=HYPERLINK("http://evil.example")', "founder_seat-country": "Magyarország"})
    page = response.content.decode()
    assert response.status_code == 200
    assert str(schema.NAME_FORMULA) in page
    assert 'value="=HYPERLINK(&quot;http://evil.example&quot;)"' in page
    change_request.refresh_from_db()
    assert not change_request.payload.get("name", "").startswith("=")
