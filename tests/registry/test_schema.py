import pytest

from portal.core.addresses import AddressVocabulary
from portal.registry import schema
from portal.registry.codes import codebook_from_files
from portal.registry.schema import InstitutionRecord, Problem, Supplement
from tests.factories.changes import complete_record, site, task

CODES = codebook_from_files()
# The address reference the records use, in memory: these tests need no database.
VOCABULARY = AddressVocabulary(street_types=["utca", "út", "tér"], countries=["Magyarország", "Ausztria"],
                               settlements_by_postal_code={"9021": ["Győr"], "7838": ["Besence", "Hirics"]})


def problems_of(record) -> list[tuple[str, str, str]]:
    return [(p.tab, p.field, p.message) for p in record.validate(codes=CODES, vocabulary=VOCABULARY)]


def test_it_accepts_a_complete_record():
    assert complete_record(sites=5, tasks_per_site=3).validate(codes=CODES, vocabulary=VOCABULARY) == []


def test_it_round_trips_through_json():
    record = complete_record(sites=3, tasks_per_site=2)
    assert InstitutionRecord.from_dict(record.to_dict()) == record


def test_it_lists_every_missing_basic_field_at_once():
    record = complete_record()
    record.tax_number = record.name = record.founder_name = ""
    record.head.email = ""
    found = problems_of(record)
    for fieldname in ("tax_number", "name", "founder_name", "head_email"):
        assert (schema.TAB_BASIC, fieldname, str(schema.MISSING)) in found


def test_it_rejects_a_tax_number_with_a_wrong_check_digit():
    record = complete_record()
    record.tax_number = "15300015-2-41"
    assert problems_of(record) == [(schema.TAB_BASIC, "tax_number", str(schema.TAX_NUMBER_INVALID))]


def test_it_allows_a_short_name_only_for_multi_purpose_types():
    record = complete_record()
    record.short_name = "Példa"
    assert problems_of(record) == [(schema.TAB_BASIC, "short_name", str(schema.SHORT_NAME_NOT_ALLOWED))]
    record.institution_type = "osszetett-iskola"
    assert problems_of(record) == []


def test_it_requires_exactly_one_seat():
    record = complete_record(sites=2)
    record.sites = record.sites[1:]
    assert (schema.TAB_SITES, "add-site", str(schema.NO_SEAT)) in problems_of(record)
    record = complete_record(sites=2)
    record.sites[1].kind = schema.SEAT
    found = record.validate(codes=CODES, vocabulary=VOCABULARY)
    assert Problem(schema.TAB_SITES, "kind", str(schema.TWO_SEATS), site=record.sites[1].key) in found


def test_it_requires_a_site_without_administration_to_name_one_with_administration():
    record = complete_record(sites=3)
    orphan = record.sites[2]
    orphan.administered_by = ""
    assert (schema.TAB_SITES, "administered_by", str(schema.ADMINISTERING_SITE_MISSING)) in problems_of(record)
    helper = site(kind=schema.NO_ADMINISTRATION, name="Másik telephely", administered_by=record.sites[0].key)
    record.sites.append(helper)
    orphan.administered_by = helper.key
    assert problems_of(record) == [
        (schema.TAB_SITES, "administered_by", str(schema.ADMINISTERING_SITE_WITHOUT_ADMINISTRATION))
    ]


def test_it_requires_a_task_at_every_site():
    record = complete_record(sites=2)
    record.sites[1].tasks = []
    assert problems_of(record) == [(schema.TAB_TASKS, "add-task", str(schema.SITE_WITHOUT_TASKS))]


def test_it_refuses_combinations_and_supplements_annex_two_does_not_allow():
    record = complete_record()
    record.sites[0].tasks = [
        task(base_task="ovodai-neveles", schedule="felnottoktatas-esti"),
        task(supplements=[Supplement("sni-tipus", "latasi-fogyatekos-vak")]),
        task(special_characteristic="sajatos-nevelesi-igenyu", supplements=[Supplement("sni-tipus", "nincs-ilyen")]),
    ]
    assert problems_of(record) == [
        (schema.TAB_TASKS, "base_task", str(schema.TASK_COMBINATION_NOT_ALLOWED)),
        (schema.TAB_TASKS, "supplements-0-kind", str(schema.SUPPLEMENT_NOT_ALLOWED)),
        (schema.TAB_TASKS, "supplements-0-value", str(schema.SUPPLEMENT_VALUE_INVALID)),
    ]


def test_it_treats_an_untouched_facility_as_no_answer():
    record = complete_record()
    record.sites[0].facilities["pool"] = None
    record.sites[0].capacities["classrooms"] = None
    assert problems_of(record) == [
        (schema.TAB_SITES, "classrooms", str(schema.CAPACITY_MISSING)),
        (schema.TAB_SITES, "pool", str(schema.FACILITY_UNSET)),
    ]


def test_it_names_the_seat_after_the_institution():
    record = complete_record()
    record.sites[0].name = "Más név"
    record.normalise()
    assert record.sites[0].name == record.name


def test_it_diffs_only_what_changed():
    old = complete_record(sites=2)
    new = InstitutionRecord.from_dict(old.to_dict())
    new.website = "www.uj-weblap.hu"
    changes = schema.diff(old, new, codes=CODES)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Intézmény weblapja", "www.peldaiskola.hu", "www.uj-weblap.hu")
    ]


@pytest.mark.django_db
def test_it_reads_the_same_code_lists_from_the_database_as_from_the_files():
    from portal.core.services.codelists import codelists_load
    from portal.registry.codes import codebook_load

    codelists_load()
    assert codebook_load() == CODES
