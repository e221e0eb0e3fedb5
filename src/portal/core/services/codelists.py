"""Loading the register's code lists from the versioned data files.

The CSV files in ``core/data/codelists/`` are the source of truth (see the
README there). Loading is idempotent: new entries are created, changed names and
flags are updated, entries no longer in the files are deactivated, never
deleted, because register records may still point at them.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction

from portal.core.audit import audit_record
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
    TerminationReason,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "codelists"

UNKNOWN_CODE = "Ismeretlen kód a(z) {file} fájlban: {code}"
DUPLICATE_ROW = "Ismétlődő feladatkombináció a(z) {file} fájl {row}. sorában"
BAD_FLAG = "Érvénytelen igen/nem érték a(z) {file} fájlban: {value}"

# (model, file, boolean columns besides code and name)
SIMPLE_LISTS: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (InstitutionCharacter, "institution_characters.csv", ()),
    (InstitutionType, "institution_types.csv", ("is_multi_purpose",)),
    (MaintainerType, "maintainer_types.csv", ("is_association", "is_school_district", "is_budgetary")),
    (TerminationReason, "termination_reasons.csv", ()),
    (BaseTask, "base_tasks.csv", ()),
    (SpecialCharacteristic, "special_characteristics.csv", ()),
    (Schedule, "schedules.csv", ("is_adult_education",)),
    (SupplementKind, "supplement_kinds.csv", ("has_value_list", "applies_to_every_task")),
]


class CodeListDataError(ValueError):
    """The data files contradict themselves (a developer error, caught by the tests)."""


@dataclass
class CodeListLoadResult:
    version: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deactivated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or any(self.deactivated.values())

    def count(self, kind: dict[str, int], label: str, n: int) -> None:
        kind[label] = kind.get(label, 0) + n


def codelist_data_version() -> str:
    return (DATA_DIR / "VERSION").read_text(encoding="utf-8").strip()


def codelist_rows(file: str) -> list[dict[str, str]]:
    with open(DATA_DIR / file, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flag(value: str, file: str) -> bool:
    if value not in ("igen", "nem"):
        raise CodeListDataError(BAD_FLAG.format(file=file, value=value))
    return value == "igen"


def _sync(
    *, result: CodeListLoadResult, label: str, queryset: models.QuerySet,
    wanted: dict[tuple, dict], key_fields: tuple[str, ...],
) -> dict[tuple, models.Model]:
    """Make ``queryset`` hold exactly ``wanted`` (key -> field values) as active rows."""
    existing = {tuple(getattr(obj, f) for f in key_fields): obj for obj in queryset}
    created = updated = 0
    for key, values in wanted.items():
        values = {**values, "is_active": True}
        obj = existing.get(key)
        if obj is None:
            existing[key] = queryset.model.objects.create(**dict(zip(key_fields, key, strict=True)), **values)
            created += 1
        elif any(getattr(obj, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(obj, f, v)
            obj.save(update_fields=list(values))
            updated += 1
    stale = [obj.pk for key, obj in existing.items() if key not in wanted and obj.is_active]
    queryset.model.objects.filter(pk__in=stale).update(is_active=False)
    result.count(result.created, label, created)
    result.count(result.updated, label, updated)
    result.count(result.deactivated, label, len(stale))
    return existing


def _load_simple(result: CodeListLoadResult) -> None:
    for model, file, flags in SIMPLE_LISTS:
        wanted = {}
        for order, row in enumerate(codelist_rows(file), start=1):
            values = {"name": row["name"], "order": order}
            values.update({f: _flag(row[f], file) for f in flags})
            wanted[(row["code"],)] = values
        _sync(result=result, label=model._meta.model_name, queryset=model.objects.all(),
              wanted=wanted, key_fields=("code",))


def _load_supplement_values(result: CodeListLoadResult) -> None:
    wanted = {}
    for kind in SupplementKind.objects.filter(is_active=True, has_value_list=True):
        file = f"supplement_values/{kind.code}.csv"
        for order, row in enumerate(codelist_rows(file), start=1):
            wanted[(kind.pk, row["code"])] = {"name": row["name"], "order": order}
    _sync(result=result, label="supplementvalue", queryset=SupplementValue.objects.all(),
          wanted=wanted, key_fields=("kind_id", "code"))


def _lookup(model: type[models.Model], file: str) -> Callable[[str], int]:
    by_code = {obj.code: obj.pk for obj in model.objects.filter(is_active=True)}

    def pk_of(code: str) -> int:
        if code not in by_code:
            raise CodeListDataError(UNKNOWN_CODE.format(file=file, code=code))
        return by_code[code]

    return pk_of


def _load_combinations(result: CodeListLoadResult) -> None:
    file = "task_combinations.csv"
    base_task, characteristic = _lookup(BaseTask, file), _lookup(SpecialCharacteristic, file)
    schedule, kind = _lookup(Schedule, file), _lookup(SupplementKind, file)
    wanted, kinds_of = {}, {}
    for order, row in enumerate(codelist_rows(file), start=1):
        for code in row["schedules"].split():
            key = (base_task(row["base_task"]), characteristic(row["special_characteristic"]), schedule(code))
            if key in wanted:
                raise CodeListDataError(DUPLICATE_ROW.format(file=file, row=order))
            wanted[key] = {"note": row["note"], "seed_page": int(row["seed_page"]), "order": order}
            kinds_of[key] = {kind(k) for k in row["supplement_kinds"].split()}
    rows = _sync(result=result, label="taskcombination", queryset=TaskCombination.objects.all(),
                 wanted=wanted, key_fields=("base_task_id", "special_characteristic_id", "schedule_id"))
    changed = 0
    for key, kinds in kinds_of.items():
        combination = rows[key]
        if set(combination.supplement_kinds.values_list("pk", flat=True)) != kinds:
            combination.supplement_kinds.set(kinds)
            changed += 1
    result.count(result.updated, "taskcombination_supplement_kinds", changed)


def codelists_load(*, actor=None) -> CodeListLoadResult:
    """Load every code list from the data files; safe to run again and again."""
    result = CodeListLoadResult(version=codelist_data_version())
    with transaction.atomic():
        _load_simple(result)
        _load_supplement_values(result)
        _load_combinations(result)
        if result.changed:
            audit_record(
                action="codelists.load", actor=actor,
                data={"version": result.version, "created": result.created,
                      "updated": result.updated, "deactivated": result.deactivated},
            )
    return result
