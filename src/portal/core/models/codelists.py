"""Code lists of the register, loaded from the versioned data files in core/data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeList(models.Model):
    """Common shape of a code list entry: a stable code, a Hungarian name, an order."""

    code = models.SlugField(_("kód"), max_length=80, unique=True)
    name = models.CharField(_("megnevezés"), max_length=300)
    order = models.PositiveIntegerField(_("sorrend"), default=0)
    is_active = models.BooleanField(_("választható"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MaintainerType(CodeList):
    is_association = models.BooleanField(_("fenntartói társulás"), default=False)
    is_school_district = models.BooleanField(_("tankerületi központ"), default=False)
    is_budgetary = models.BooleanField(_("költségvetési szerv (PIR szám)"), default=False)

    class Meta(CodeList.Meta):
        verbose_name = _("fenntartó típusa")
        verbose_name_plural = _("fenntartó típusok")


class InstitutionCharacter(CodeList):
    """Intézmény jellege (seed p. 5)."""

    class Meta(CodeList.Meta):
        verbose_name = _("intézmény jellege")
        verbose_name_plural = _("intézmény jellegek")


class InstitutionType(CodeList):
    """Intézmény típusa (annex IV); multi-purpose types may have a short name."""

    is_multi_purpose = models.BooleanField(_("többcélú intézmény"), default=False)

    class Meta(CodeList.Meta):
        verbose_name = _("intézmény típusa")
        verbose_name_plural = _("intézmény típusok")


class BaseTask(CodeList):
    """Alapfeladat (annex II, first column)."""

    class Meta(CodeList.Meta):
        verbose_name = _("alapfeladat")
        verbose_name_plural = _("alapfeladatok")


class SpecialCharacteristic(CodeList):
    """Speciális jellemző (annex II, second column)."""

    class Meta(CodeList.Meta):
        verbose_name = _("speciális jellemző")
        verbose_name_plural = _("speciális jellemzők")


class Schedule(CodeList):
    """Képzési rendszer / munkarend: nappali rendszerű or felnőttoktatás."""

    is_adult_education = models.BooleanField(_("felnőttoktatás"), default=False)

    class Meta(CodeList.Meta):
        verbose_name = _("képzési rendszer")
        verbose_name_plural = _("képzési rendszerek")


class SupplementKind(CodeList):
    """Feladatkiegészítés fajtája (annex III headings)."""

    has_value_list = models.BooleanField(_("értéke listából választható"), default=True)
    applies_to_every_task = models.BooleanField(_("minden feladatkombinációnál rögzíthető"), default=False)

    class Meta(CodeList.Meta):
        verbose_name = _("feladatkiegészítés fajtája")
        verbose_name_plural = _("feladatkiegészítés fajták")


class SupplementValue(CodeList):
    """One value of a supplement kind (annex III); codes are unique within the kind."""

    code = models.SlugField(_("kód"), max_length=80)
    kind = models.ForeignKey(
        SupplementKind, on_delete=models.PROTECT, related_name="values", verbose_name=_("fajta")
    )

    class Meta(CodeList.Meta):
        verbose_name = _("feladatkiegészítés")
        verbose_name_plural = _("feladatkiegészítések")
        ordering = ["kind__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="core_supplementvalue_kind_code_uniq")
        ]


class TaskCombination(models.Model):
    """A valid task combination (annex II): base task × characteristic × schedule."""

    base_task = models.ForeignKey(
        BaseTask, on_delete=models.PROTECT, related_name="combinations", verbose_name=_("alapfeladat")
    )
    special_characteristic = models.ForeignKey(
        SpecialCharacteristic, on_delete=models.PROTECT, related_name="combinations",
        verbose_name=_("speciális jellemző"),
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.PROTECT, related_name="combinations", verbose_name=_("képzési rendszer")
    )
    supplement_kinds = models.ManyToManyField(
        SupplementKind, blank=True, related_name="combinations", verbose_name=_("rögzíthető kiegészítések")
    )
    note = models.CharField(_("megjegyzés"), max_length=200, blank=True)
    seed_page = models.PositiveSmallIntegerField(_("melléklet oldala"), null=True, blank=True)
    order = models.PositiveIntegerField(_("sorrend"), default=0)
    is_active = models.BooleanField(_("választható"), default=True)

    class Meta:
        verbose_name = _("érvényes feladatkombináció")
        verbose_name_plural = _("érvényes feladatkombinációk")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["base_task", "special_characteristic", "schedule"],
                name="core_taskcombination_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.base_task} / {self.special_characteristic} / {self.schedule}"


class TerminationReason(CodeList):
    """Megszűnés oka (the seed names the drop-down but not its entries)."""

    class Meta(CodeList.Meta):
        verbose_name = _("megszűnés oka")
        verbose_name_plural = _("megszűnés okai")
