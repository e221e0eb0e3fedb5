"""Reads of the core tables."""

from django.db import models as _models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    BaseTask,
    Country,
    InstitutionCharacter,
    InstitutionType,
    MaintainerType,
    PostalCode,
    Schedule,
    SpecialCharacteristic,
    StreetType,
    SupplementKind,
    SupplementValue,
    TaskCombination,
    TerminationReason,
)


def audit_entry_list(*, action: str = "", object_type: str = "", actor_label: str = "") -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if actor_label:
        entries = entries.filter(actor_label__icontains=actor_label)
    return entries


# --- Code lists ---------------------------------------------------------------
# Other features ask these questions about the register's code lists; arguments
# are either codes (str) or the code-list objects themselves.


def _code(value) -> str:
    return value.code if isinstance(value, _models.Model) else str(value)


def task_combination_get(*, base_task, special_characteristic, schedule) -> TaskCombination | None:
    """The active annex II combination, or None if the three do not go together."""
    return (
        TaskCombination.objects.filter(
            is_active=True,
            base_task__code=_code(base_task), base_task__is_active=True,
            special_characteristic__code=_code(special_characteristic),
            special_characteristic__is_active=True,
            schedule__code=_code(schedule), schedule__is_active=True,
        )
        .select_related("base_task", "special_characteristic", "schedule")
        .first()
    )


def task_combination_allowed(*, base_task, special_characteristic, schedule) -> bool:
    return task_combination_get(
        base_task=base_task, special_characteristic=special_characteristic, schedule=schedule
    ) is not None


def supplement_kinds_allowed(*, base_task, special_characteristic, schedule) -> QuerySet[SupplementKind]:
    """Supplement kinds that may be recorded for the task; none if the combination is invalid."""
    combination = task_combination_get(
        base_task=base_task, special_characteristic=special_characteristic, schedule=schedule
    )
    if combination is None:
        return SupplementKind.objects.none()
    return SupplementKind.objects.filter(
        _models.Q(combinations=combination) | _models.Q(applies_to_every_task=True), is_active=True
    ).distinct()


def supplement_allowed(*, base_task, special_characteristic, schedule, kind, value: str = "") -> bool:
    """Whether a supplement (kind and, for listed kinds, value code) fits the task."""
    allowed = supplement_kinds_allowed(
        base_task=base_task, special_characteristic=special_characteristic, schedule=schedule
    )
    kind_obj = allowed.filter(code=_code(kind)).first()
    if kind_obj is None:
        return False
    if not kind_obj.has_value_list:
        return bool(str(value).strip())
    return SupplementValue.objects.filter(kind=kind_obj, code=_code(value), is_active=True).exists()


def supplement_value_list(*, kind) -> QuerySet[SupplementValue]:
    return SupplementValue.objects.filter(kind__code=_code(kind), is_active=True)


def institution_type_is_multi_purpose(*, institution_type) -> bool:
    """Multi-purpose types (Nkt. 20. §) may have a short name."""
    return InstitutionType.objects.filter(
        code=_code(institution_type), is_multi_purpose=True
    ).exists()


def task_combination_list(*, base_task: str = "", include_inactive: bool = False) -> QuerySet[TaskCombination]:
    combinations = TaskCombination.objects.select_related(
        "base_task", "special_characteristic", "schedule"
    ).prefetch_related("supplement_kinds").order_by("base_task__order", "order", "schedule__order")
    if not include_inactive:
        combinations = combinations.filter(is_active=True)
    if base_task:
        combinations = combinations.filter(base_task__code=base_task)
    return combinations


def base_task_list() -> QuerySet[BaseTask]:
    return BaseTask.objects.filter(is_active=True)


def special_characteristic_list() -> QuerySet[SpecialCharacteristic]:
    return SpecialCharacteristic.objects.filter(is_active=True)


# The code lists the office can read, by URL slug: model, title, source, flag columns.
CODELIST_CATALOGUE: dict[str, tuple] = {
    "intezmeny-jellege": (InstitutionCharacter, _("Intézmény jellege"), _("Útmutató, Intézményi alapadatok (4. oldal)"), []),
    "intezmenytipus": (InstitutionType, _("Intézmény típusok"), _("IV. számú melléklet"),
                       [("is_multi_purpose", _("többcélú intézmény"))]),
    "fenntarto-tipus": (MaintainerType, _("Fenntartó típusok"), _("A KIR fenntartótípusai (a VI. számú melléklet nem része az útmutatónak)"),
                        [("is_association", _("fenntartói társulás")), ("is_school_district", _("tankerületi központ")),
                         ("is_budgetary", _("költségvetési szerv (PIR szám)"))]),
    "megszunes-oka": (TerminationReason, _("Megszűnés okai"), _("Az útmutató csak a legördülő menüt említi; a lista a köznevelési intézmények átalakításának formáit követi"), []),
    "alapfeladat": (BaseTask, _("Alapfeladatok"), _("II. számú melléklet, első oszlop"), []),
    "specialis-jellemzo": (SpecialCharacteristic, _("Speciális jellemzők"), _("II. számú melléklet, második oszlop"), []),
    "kepzesi-rendszer": (Schedule, _("Képzési rendszerek"), _("II. számú melléklet, harmadik oszlop"),
                         [("is_adult_education", _("felnőttoktatás"))]),
    "feladatkiegeszites": (SupplementKind, _("Feladatkiegészítések"), _("III. számú melléklet"),
                           [("has_value_list", _("értéke listából választható")),
                            ("applies_to_every_task", _("minden feladatkombinációnál rögzíthető"))]),
}


def codelist_catalogue() -> list[dict]:
    """Every code list with its number of selectable entries, for the office index."""
    return [
        {"slug": slug, "title": title, "source": source, "count": model.objects.filter(is_active=True).count()}
        for slug, (model, title, source, _flags) in CODELIST_CATALOGUE.items()
    ]


def codelist_detail(*, slug: str) -> dict | None:
    """One code list with all its entries (inactive ones too), or None if unknown."""
    if slug not in CODELIST_CATALOGUE:
        return None
    model, title, source, flags = CODELIST_CATALOGUE[slug]
    entries = model.objects.all()
    rows = [{"entry": e, "flags": [getattr(e, f) for f, _label in flags]} for e in entries]
    return {"slug": slug, "title": title, "source": source, "flags": [label for _f, label in flags], "rows": rows}


def supplement_kind_detail(*, code: str) -> tuple[SupplementKind, QuerySet[SupplementValue]] | None:
    kind = SupplementKind.objects.filter(code=code).first()
    if kind is None:
        return None
    return kind, SupplementValue.objects.filter(kind=kind)
def postal_code_settlement_names(*, code: str) -> list[str]:
    """The settlement names to write with a postal code ("Budapest" for the capital's codes)."""
    names = PostalCode.objects.filter(code=code).values_list("settlement__postal_name", flat=True)
    return sorted(set(names))


def postal_code_exists(*, code: str) -> bool:
    return PostalCode.objects.filter(code=code).exists()


def country_names() -> list[str]:
    """Country names in Hungarian, Magyarország first."""
    return list(Country.objects.values_list("name", flat=True))


def street_type_names() -> list[str]:
    """Street types, the most used first."""
    return list(StreetType.objects.values_list("name", flat=True))


def postal_code_settlement_map(*, codes=None) -> dict[str, list[str]]:
    """Every postal code (or those of ``codes``) with the settlement names written with it."""
    result: dict[str, set[str]] = {}
    rows = PostalCode.objects.all() if codes is None else PostalCode.objects.filter(code__in=list(codes))
    for code, name in rows.values_list("code", "settlement__postal_name"):
        result.setdefault(code, set()).add(name)
    return {code: sorted(names) for code, names in result.items()}
