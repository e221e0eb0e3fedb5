"""The code lists the register record uses, loaded once per use into a ``CodeBook``.

Validation of an institution with a thousand tasks must not query the
database per task, so every list and the valid task combinations of annex II
are read in a fixed number of queries and kept in dictionaries and sets.

The code lists live in ``portal.core.models.codelists``, loaded from the data
files of ``core/data/codelists``; before they are loaded (a fresh database,
pure unit tests) the same data files are read directly, so there is one truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CodeBook:
    characters: dict[str, str]
    institution_types: dict[str, str]
    multi_purpose_types: set[str]
    founder_types: dict[str, str]
    base_tasks: dict[str, str]
    special_characteristics: dict[str, str]
    schedules: dict[str, str]
    supplement_kinds: dict[str, str]
    supplement_values: dict[str, dict[str, str]]
    every_task_kinds: set[str] = field(default_factory=set)  # "egyéb": for every combination
    free_text_kinds: set[str] = field(default_factory=set)  # values typed, not chosen (OKJ)
    # (base task, special characteristic, schedule) -> supplement kinds allowed
    combinations: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)

    def combination_allowed(self, base_task: str, special: str, schedule: str) -> bool:
        return (base_task, special, schedule) in self.combinations

    def supplement_allowed(self, base_task: str, special: str, schedule: str, kind: str) -> bool:
        allowed = self.combinations.get((base_task, special, schedule))
        if allowed is None:
            return False
        return kind in self.every_task_kinds or kind in allowed

    def supplement_value_valid(self, kind: str, value: str) -> bool:
        if kind in self.free_text_kinds:
            return bool(value.strip())
        return value in self.supplement_values.get(kind, {})

    def label(self, listname: str, code: str) -> str:
        return getattr(self, listname).get(code, code)


def _flag(value: str) -> bool:
    return value == "igen"


def codebook_from_files() -> CodeBook:
    """The code lists straight from the data files (no database)."""
    from portal.core.services.codelists import codelist_rows

    def names(file: str) -> dict[str, str]:
        return {row["code"]: row["name"] for row in codelist_rows(file)}

    kinds = codelist_rows("supplement_kinds.csv")
    book = CodeBook(
        characters=names("institution_characters.csv"),
        institution_types=names("institution_types.csv"),
        multi_purpose_types={r["code"] for r in codelist_rows("institution_types.csv")
                             if _flag(r["is_multi_purpose"])},
        founder_types=names("maintainer_types.csv"),
        base_tasks=names("base_tasks.csv"),
        special_characteristics=names("special_characteristics.csv"),
        schedules=names("schedules.csv"),
        supplement_kinds={r["code"]: r["name"] for r in kinds},
        supplement_values={r["code"]: names(f"supplement_values/{r['code']}.csv")
                           for r in kinds if _flag(r["has_value_list"])},
        every_task_kinds={r["code"] for r in kinds if _flag(r["applies_to_every_task"])},
        free_text_kinds={r["code"] for r in kinds if not _flag(r["has_value_list"])},
    )
    for row in codelist_rows("task_combinations.csv"):
        for schedule in row["schedules"].split():
            key = (row["base_task"], row["special_characteristic"], schedule)
            book.combinations[key] = set(row["supplement_kinds"].split())
    return book


def codebook_load() -> CodeBook:
    """Every code list the institution record uses, in a fixed number of queries."""
    from portal.core.models import (
        BaseTask,
        InstitutionCharacter,
        InstitutionType,
        MaintainerType,
        Schedule,
        SpecialCharacteristic,
        SupplementKind,
        SupplementValue,
        TaskCombination,
    )

    combinations = list(
        TaskCombination.objects.filter(is_active=True)
        .values_list("base_task__code", "special_characteristic__code", "schedule__code", "pk")
    )
    if not combinations:
        return codebook_from_files()

    def names(model) -> dict[str, str]:
        return dict(model.objects.filter(is_active=True).values_list("code", "name"))

    kinds = list(SupplementKind.objects.filter(is_active=True))
    values: dict[str, dict[str, str]] = {k.code: {} for k in kinds if k.has_value_list}
    for kind, code, name in SupplementValue.objects.filter(is_active=True).values_list(
        "kind__code", "code", "name"
    ):
        values.setdefault(kind, {})[code] = name
    kinds_of: dict[int, set[str]] = {}
    through = TaskCombination.supplement_kinds.through.objects.values_list(
        "taskcombination_id", "supplementkind__code")
    for combination_id, kind in through:
        kinds_of.setdefault(combination_id, set()).add(kind)
    return CodeBook(
        characters=names(InstitutionCharacter),
        institution_types=names(InstitutionType),
        multi_purpose_types=set(InstitutionType.objects.filter(is_active=True, is_multi_purpose=True)
                                .values_list("code", flat=True)),
        founder_types=names(MaintainerType),
        base_tasks=names(BaseTask),
        special_characteristics=names(SpecialCharacteristic),
        schedules=names(Schedule),
        supplement_kinds={k.code: k.name for k in kinds},
        supplement_values=values,
        every_task_kinds={k.code for k in kinds if k.applies_to_every_task},
        free_text_kinds={k.code for k in kinds if not k.has_value_list},
        combinations={(b, s, sc): kinds_of.get(pk, set()) for b, s, sc, pk in combinations},
    )
