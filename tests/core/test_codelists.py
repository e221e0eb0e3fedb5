"""The register's code lists: loading from the data files and the annex II rules."""

import csv

import pytest
from django.core.management import call_command

from portal.core import selectors
from portal.core.models import (
    AuditEntry,
    BaseTask,
    InstitutionCharacter,
    InstitutionType,
    MaintainerType,
    Schedule,
    SpecialCharacteristic,
    SupplementKind,
    SupplementValue,
    TaskCombination,
    TerminationReason,
)
from portal.core.services import codelists as service
from portal.core.services.codelists import DATA_DIR, codelists_load

pytestmark = pytest.mark.django_db

ALSO = "altalanos-iskolai-also-tagozat"
FELSO = "altalanos-iskolai-felso-tagozat"
GENERAL = "altalanos-feltetelek-szerinti"
SNI = "sajatos-nevelesi-igenyu"
DAY = "nappali"


@pytest.fixture
def loaded():
    return codelists_load()


def rows(file: str) -> list[dict]:
    with open(DATA_DIR / file, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("model, file", [
    (InstitutionCharacter, "institution_characters.csv"),
    (InstitutionType, "institution_types.csv"),
    (MaintainerType, "maintainer_types.csv"),
    (TerminationReason, "termination_reasons.csv"),
    (BaseTask, "base_tasks.csv"),
    (SpecialCharacteristic, "special_characteristics.csv"),
    (Schedule, "schedules.csv"),
    (SupplementKind, "supplement_kinds.csv"),
])
def test_it_loads_every_entry_of_each_list_file(loaded, model, file):
    assert model.objects.filter(is_active=True).count() == len(rows(file))
    assert set(model.objects.values_list("code", flat=True)) == {r["code"] for r in rows(file)}


def test_it_loads_every_supplement_value_of_annex_iii(loaded):
    files = sorted((DATA_DIR / "supplement_values").glob("*.csv"))
    assert {f.stem for f in files} == set(SupplementKind.objects.filter(has_value_list=True).values_list("code", flat=True))
    for file in files:
        expected = rows(f"supplement_values/{file.name}")
        assert SupplementValue.objects.filter(kind__code=file.stem).count() == len(expected)
    assert SupplementValue.objects.filter(kind__code="sni-tipus").count() == 11
    assert SupplementValue.objects.filter(kind__code="okj-csoport").count() == 22


def test_it_expands_each_annex_ii_row_into_one_combination_per_schedule(loaded):
    expected = sum(len(r["schedules"].split()) for r in rows("task_combinations.csv"))
    assert TaskCombination.objects.count() == expected


def test_it_uses_exactly_the_team_maintainer_type_codes(loaded):
    assert list(MaintainerType.objects.values_list("code", flat=True)) == [
        "telepulesi-onkormanyzat", "nemzetisegi-onkormanyzat", "onkormanyzati-tarsulas",
        "tankeruleti-kozpont", "egyeb-allami-fenntarto", "egyhazi-jogi-szemely", "alapitvany",
        "egyesulet", "gazdasagi-tarsasag", "termeszetes-szemely", "felsooktatasi-intezmeny", "egyeb",
    ]
    district = MaintainerType.objects.get(code="tankeruleti-kozpont")
    assert district.is_school_district and district.is_budgetary
    assert MaintainerType.objects.get(code="onkormanyzati-tarsulas").is_association
    assert list(MaintainerType.objects.filter(is_school_district=True)) == [district]


def test_it_changes_nothing_when_loaded_twice(loaded):
    assert loaded.changed
    snapshot = [
        list(model.objects.order_by("pk").values()) for model in
        (BaseTask, SpecialCharacteristic, Schedule, SupplementKind, SupplementValue, TaskCombination, MaintainerType)
    ]
    kinds = list(TaskCombination.supplement_kinds.through.objects.order_by("pk").values())
    audits = AuditEntry.objects.filter(action="codelists.load").count()

    again = codelists_load()

    assert not again.changed
    assert snapshot == [
        list(model.objects.order_by("pk").values()) for model in
        (BaseTask, SpecialCharacteristic, Schedule, SupplementKind, SupplementValue, TaskCombination, MaintainerType)
    ]
    assert kinds == list(TaskCombination.supplement_kinds.through.objects.order_by("pk").values())
    assert AuditEntry.objects.filter(action="codelists.load").count() == audits == 1


def test_it_records_the_first_load_in_the_audit_log(loaded):
    entry = AuditEntry.objects.get(action="codelists.load")
    assert entry.data["version"] == (DATA_DIR / "VERSION").read_text().strip()
    assert entry.data["created"]["basetask"] == 64


def test_it_updates_renamed_entries_and_deactivates_removed_ones(tmp_path, monkeypatch, loaded):
    data = tmp_path / "codelists"
    import shutil

    shutil.copytree(DATA_DIR, data)
    lines = (data / "termination_reasons.csv").read_text(encoding="utf-8").splitlines()
    lines = [line.replace("beolvadas,beolvadás", "beolvadas,beolvadás (jogutóddal)") for line in lines]
    lines = [line for line in lines if not line.startswith("atszervezes,")]
    (data / "termination_reasons.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(service, "DATA_DIR", data)

    result = codelists_load()

    assert result.updated["terminationreason"] == 2  # renamed, and "egyéb" moved up one place
    assert result.deactivated["terminationreason"] == 1
    assert TerminationReason.objects.get(code="beolvadas").name == "beolvadás (jogutóddal)"
    removed = TerminationReason.objects.get(code="atszervezes")
    assert not removed.is_active
    assert TerminationReason.objects.count() == 8


def test_it_deactivates_a_combination_removed_from_annex_ii(tmp_path, monkeypatch, loaded):
    import shutil

    data = tmp_path / "codelists"
    shutil.copytree(DATA_DIR, data)
    path = data / "task_combinations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("lakootthon,")) + "\n", encoding="utf-8")
    monkeypatch.setattr(service, "DATA_DIR", data)

    codelists_load()

    assert not selectors.task_combination_allowed(
        base_task="lakootthon", special_characteristic="nincsen", schedule="nincsen")
    assert TaskCombination.objects.filter(base_task__code="lakootthon", is_active=False).exists()


def test_it_refuses_a_combination_file_that_names_an_unknown_code(tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "codelists"
    shutil.copytree(DATA_DIR, data)
    with open(data / "task_combinations.csv", "a", encoding="utf-8") as handle:
        handle.write("nincs-ilyen-feladat,nincsen,nincsen,,1,\n")
    monkeypatch.setattr(service, "DATA_DIR", data)

    with pytest.raises(service.CodeListDataError) as error:
        codelists_load()
    assert str(error.value) == service.UNKNOWN_CODE.format(file="task_combinations.csv", code="nincs-ilyen-feladat")
    assert not BaseTask.objects.exists()  # all or nothing


# --- annex II rules, from the seed's example (p. 11-12)

@pytest.mark.parametrize("base_task", [ALSO, FELSO])
def test_it_allows_the_seed_example_general_tasks_in_day_school(loaded, base_task):
    assert selectors.task_combination_allowed(base_task=base_task, special_characteristic=GENERAL, schedule=DAY)
    kinds = selectors.supplement_kinds_allowed(base_task=base_task, special_characteristic=GENERAL, schedule=DAY)
    assert set(kinds.values_list("code", flat=True)) == {"egyeb"}


@pytest.mark.parametrize("base_task", [ALSO, FELSO])
def test_it_allows_the_seed_example_sen_tasks_with_every_sen_type(loaded, base_task):
    assert selectors.task_combination_allowed(base_task=base_task, special_characteristic=SNI, schedule=DAY)
    kinds = selectors.supplement_kinds_allowed(base_task=base_task, special_characteristic=SNI, schedule=DAY)
    assert set(kinds.values_list("code", flat=True)) == {"sni-tipus", "egyeb"}
    for value in SupplementValue.objects.filter(kind__code="sni-tipus"):
        assert selectors.supplement_allowed(base_task=base_task, special_characteristic=SNI, schedule=DAY,
                                            kind="sni-tipus", value=value.code)


def test_it_accepts_code_list_objects_as_well_as_codes(loaded):
    assert selectors.task_combination_allowed(
        base_task=BaseTask.objects.get(code=ALSO),
        special_characteristic=SpecialCharacteristic.objects.get(code=GENERAL),
        schedule=Schedule.objects.get(code=DAY),
    )


@pytest.mark.parametrize("base_task, characteristic, schedule", [
    ("ovodai-neveles", "emelt-szintu-oktatas", DAY),          # advanced teaching in a kindergarten
    ("ovodai-neveles", GENERAL, "felnottoktatas-esti"),       # evening kindergarten for adults
    ("bolcsodei-ellatas", SNI, DAY),                           # nursery with a school characteristic
    ("gimnaziumi-5-evfolyamos", "nyelvi-elokeszito-evfolyamos", DAY),  # not in the annex
    ("szakkozepiskolai-szakkepzes", "ket-tanitasi-nyelvu", DAY),      # only for közismereti képzés
    ("nincs-ilyen", GENERAL, DAY),
])
def test_it_rejects_absurd_combinations(loaded, base_task, characteristic, schedule):
    assert not selectors.task_combination_allowed(
        base_task=base_task, special_characteristic=characteristic, schedule=schedule)
    assert not selectors.supplement_kinds_allowed(
        base_task=base_task, special_characteristic=characteristic, schedule=schedule).exists()


def test_it_rejects_a_supplement_the_combination_does_not_have(loaded):
    assert not selectors.supplement_allowed(
        base_task=ALSO, special_characteristic=GENERAL, schedule=DAY, kind="sni-tipus",
        value="beszedfogyatekos")
    assert not selectors.supplement_allowed(
        base_task=ALSO, special_characteristic=SNI, schedule=DAY, kind="sni-tipus", value="nincs-ilyen")


def test_it_allows_other_supplements_on_every_combination(loaded):
    assert selectors.supplement_allowed(
        base_task="bolcsodei-ellatas", special_characteristic="nincsen", schedule="nincsen",
        kind="egyeb", value="gyakorlo-intezmenyi-feladat")


def test_it_offers_adult_education_where_annex_ii_says_felnottoktatas(loaded):
    for schedule in ("felnottoktatas-esti", "felnottoktatas-levelezo", "felnottoktatas-egyeb-sajatos-munkarend"):
        assert selectors.task_combination_allowed(
            base_task="gimnaziumi-4-evfolyamos", special_characteristic=GENERAL, schedule=schedule)
        assert not selectors.task_combination_allowed(
            base_task="gimnaziumi-8-evfolyamos", special_characteristic=GENERAL, schedule=schedule)


def test_it_asks_for_the_okj_group_in_general_and_the_okj_in_vocational_training(loaded):
    def kinds(base_task):
        return set(selectors.supplement_kinds_allowed(
            base_task=base_task, special_characteristic=SNI, schedule="felnottoktatas-esti",
        ).values_list("code", flat=True))

    assert kinds("szakiskolai-kozismereti") == {"sni-tipus", "okj-csoport", "egyeb"}
    assert kinds("szakiskolai-szakkepzes") == {"sni-tipus", "okj", "egyeb"}
    assert selectors.supplement_allowed(
        base_task="szakiskolai-szakkepzes", special_characteristic=SNI, schedule=DAY,
        kind="okj", value="34 521 06")


def test_it_knows_which_institution_types_are_multi_purpose(loaded):
    multi = set(InstitutionType.objects.filter(is_multi_purpose=True).values_list("name", flat=True))
    assert len(multi) == 6
    assert selectors.institution_type_is_multi_purpose(institution_type="egymi")
    assert selectors.institution_type_is_multi_purpose(institution_type="altalanos-muvelodesi-kozpont")
    assert not selectors.institution_type_is_multi_purpose(institution_type="ovoda")


def test_it_has_no_broken_characters_from_the_pdf_left_in_the_data():
    for file in DATA_DIR.rglob("*.csv"):
        text = file.read_text(encoding="utf-8")
        assert "ı" not in text, file
        assert "nevelésoktatás" not in text, file
        assert "Helyzető" not in text and "mővész" not in text, file


def test_the_management_command_loads_and_then_reports_no_change(capsys):
    call_command("load_codelists")
    call_command("load_codelists")
    out = capsys.readouterr().out
    assert "Kódtáblák betöltve" in out
    assert "nincs változás" in out
    assert BaseTask.objects.count() == 64
