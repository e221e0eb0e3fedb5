"""The national data set on a sample (the whole set is loaded by the benchmarks)."""

import pytest
from django.core.management import call_command

from portal.public.national import national_plan, profile_of
from portal.registry.codes import codebook_load
from portal.registry.models import Institution, InstitutionVersion, Maintainer
from portal.registry.schema import from_register


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def test_it_builds_records_that_pass_the_registers_own_validation(reference):
    plan = national_plan(limit=300)
    assert len(plan.records) == 300 and plan.problems == {}


def test_it_is_deterministic(reference):
    first = [r.to_dict() for r, _ in national_plan(limit=60, validate=False).records]
    second = [r.to_dict() for r, _ in national_plan(limit=60, validate=False).records]
    assert first == second


def test_it_loads_real_om_ids_names_maintainers_and_first_versions(reference):
    call_command("load_national_register", limit=120, verbosity=0)
    assert Institution.objects.count() == 120 and InstitutionVersion.objects.count() == 120
    kindergarten = Institution.objects.get(om_id="026991")
    assert kindergarten.name == "Városközponti Óvoda" and kindergarten.search_text.startswith("varoskozponti ovoda")
    assert kindergarten.maintainer.maintainer_type.code == "telepulesi-onkormanyzat"
    codes = codebook_load()
    for institution in Institution.objects.order_by("om_id")[:25]:
        record = from_register(institution)
        assert record.validate(codes=codes) == []
        assert InstitutionVersion.objects.get(institution=institution).data == record.to_dict()
    call_command("load_national_register", limit=120, verbosity=0)  # again: nothing doubles
    assert Institution.objects.count() == 120
    assert Maintainer.objects.filter(maintainer_id__startswith="10").exists()


@pytest.mark.parametrize("name, institution_type, tasks", [
    ("Városközponti Óvoda", "ovoda", ["ovodai-neveles"]),
    ("Szilvási Általános Iskola", "altalanos-iskola",
     ["altalanos-iskolai-also-tagozat", "altalanos-iskolai-felso-tagozat"]),
    ("Zalaegerszegi Zrínyi Miklós Gimnázium", "gimnazium", None),
    ("Szent Imre Katolikus Általános Iskola és Óvoda", "altalanos-muvelodesi-kozpont", None),
    ("Mezőtúri Bárdos Lajos Alapfokú Művészeti Iskola", "alapfoku-muveszeti-iskola", None),
])
def test_it_derives_type_and_tasks_from_the_name(name, institution_type, tasks):
    profile = profile_of(name, "000001")
    assert profile.institution_type == institution_type
    if tasks:
        assert [code for code, _ in profile.kindergarten_tasks + profile.school_tasks] == tasks
    if "Katolikus" in name:
        assert profile.maintained_by == "church"


def test_it_gives_municipalities_their_real_tax_and_pir_numbers_from_the_treasury_list(reference):
    from portal.core import identifiers as ids

    call_command("load_national_register", limit=120, verbosity=0)
    municipalities = Maintainer.objects.filter(maintainer_type__code="telepulesi-onkormanyzat")
    assert municipalities.exists()
    for maintainer in municipalities:
        assert maintainer.maintainer_id == "10" + maintainer.pir
        assert ids.is_valid(ids.pir_validate, maintainer.pir)
        assert ids.is_valid(ids.tax_number_validate, maintainer.tax_number)  # canonical 11 digits
    # a maintainer loaded earlier without the numbers gets them on the next run; nothing else changes
    first = municipalities.first()
    Maintainer.objects.filter(pk=first.pk).update(pir="", tax_number="")
    call_command("load_national_register", limit=120, verbosity=0)
    first.refresh_from_db()
    assert first.maintainer_id == "10" + first.pir and len(first.tax_number) == 11


def test_a_re_run_that_finds_everything_present_plans_no_record_and_writes_nothing(reference):
    from portal.public import national

    call_command("load_national_register", limit=60, verbosity=0)
    present = frozenset(Institution.objects.values_list("om_id", flat=True))
    plan = national.national_plan(limit=60, skip=present)
    assert plan.records == [] and len(plan.maintainers) == Maintainer.objects.count()
    summary = national.national_register_load(limit=60)
    assert summary["institutions"] == 0 and summary["maintainers"] == 0 and summary["skipped"] == 60
    assert InstitutionVersion.objects.count() == 60
