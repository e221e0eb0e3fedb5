"""The maintainer record's validation: the seed's rules with their exact messages."""

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from portal.core import identifiers as ids
from portal.registry import maintainer_schema as ms
from tests.factories.maintainers import (
    OTHER_STEM_STATISTICAL_NUMBER,
    association_record,
    maintainer_record,
    member,
)


def problems_of(record, **kwargs):
    return {(p.field, p.message) for p in record.validate(types=ms.maintainer_types(), **kwargs)}


def test_it_accepts_a_complete_municipality_and_an_association(places):
    assert problems_of(maintainer_record(), is_new=True) == set()
    assert problems_of(association_record(), is_new=True) == set()


def test_it_refuses_an_association_without_members(places):
    record = association_record(members=0)
    assert ("add-member", str(ms.NO_MEMBERS)) in problems_of(record)
    assert str(ms.NO_MEMBERS) == "A fenntartói társulásnak legalább egy tagját fel kell venni."


def test_it_refuses_two_lead_members(places):
    record = association_record(members=2)
    record.members[1].is_lead = True
    assert problems_of(record) == {("is_lead", str(ms.TWO_LEAD_MEMBERS))}
    assert str(ms.TWO_LEAD_MEMBERS) == (
        "A társulásnak legfeljebb egy gesztora lehet; most több tag is gesztorként van megjelölve.")


def test_an_association_may_have_no_lead_member(places):
    record = association_record(members=2)
    record.members[0].is_lead = False
    assert problems_of(record) == set()


def test_it_refuses_a_statistical_number_whose_stem_differs_from_the_tax_number(places):
    record = maintainer_record(statistical_number=OTHER_STEM_STATISTICAL_NUMBER)
    assert problems_of(record) == {("statistical_number", str(ids.STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH))}
    assert str(ids.STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH) == (
        "A statisztikai számjel első nyolc számjegye nem egyezik az adószám első nyolc számjegyével.")


def test_the_tax_number_is_mandatory_except_for_associations(places):
    assert problems_of(maintainer_record(tax_number="", statistical_number="")) == {
        ("tax_number", str(ms.TAX_NUMBER_REQUIRED))}
    assert str(ms.TAX_NUMBER_REQUIRED) == (
        "Adja meg az adószámot: a társulásos formában működő fenntartók kivételével kötelező.")
    assert problems_of(association_record(tax_number="")) == set()


def test_a_budgetary_body_needs_its_pir_number(places):
    assert problems_of(maintainer_record(pir="")) == {("pir", str(ms.PIR_REQUIRED))}
    assert problems_of(maintainer_record(pir="", maintainer_type="alapitvany")) == set()


def test_a_new_maintainer_can_only_be_active(places):
    assert problems_of(maintainer_record(status=ms.TERMINATED), is_new=True) == {
        ("status", str(ms.NEW_ONLY_ACTIVE))}


def test_members_are_only_for_associations(places):
    record = maintainer_record()
    record.members = [member()]
    assert problems_of(record) == {("add-member", str(ms.MEMBERS_NOT_ASSOCIATION))}


def test_every_missing_value_is_reported_at_once(places):
    found = problems_of(ms.MaintainerRecord())
    fields = {field for field, _message in found}
    assert {"name", "maintainer_type", "tax_number", "phone", "email", "seat-postal_code", "rep_name",
            "rep_email"} <= fields


def test_the_payload_round_trips(places):
    record = association_record()
    assert ms.MaintainerRecord.from_dict(record.to_dict()) == record


def test_the_diff_shows_only_what_changed(places):
    old = maintainer_record()
    new = maintainer_record(phone="+3619876543")
    changes = ms.diff(old, new, types=ms.maintainer_types())
    assert [(c.label, c.old, c.new) for c in changes] == [("Telefonszám", "+36 1 234 5678", "+36 1 987 6543")]


@hsettings(max_examples=40)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_any_statistical_number_is_accepted_or_gets_one_clear_message(value):
    record = ms.MaintainerRecord(tax_number="15300014241", statistical_number=value)
    found = [p for p in record.validate(types={}) if p.field == "statistical_number"]
    assert len(found) <= 1
    if value[:8] != "15300014" and ids.is_valid(ids.statistical_number_validate, value):
        assert found[0].message == str(ids.STATISTICAL_NUMBER_TAX_NUMBER_MISMATCH)
