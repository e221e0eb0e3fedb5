"""Reference geography: counties, settlements, postal codes, street types, countries.

Loaded from the versioned data files in ``core/data`` by ``manage.py load_reference``;
read-only for the rest of the product.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (vármegye) or the capital, by its KSH code 01–20."""

    code = models.CharField(_("KSH kód"), max_length=2, unique=True)
    name = models.CharField(_("név"), max_length=100)

    class Meta:
        verbose_name = _("vármegye")
        verbose_name_plural = _("vármegyék")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Settlement(models.Model):
    """A settlement by its KSH code; the districts of Budapest are settlements of their own.

    ``postal_name`` is the name written in an address: "Budapest" for a district of
    the capital, otherwise the settlement's own name.
    """

    ksh_code = models.CharField(_("KSH kód"), max_length=5, unique=True)
    name = models.CharField(_("név"), max_length=100, db_index=True)
    postal_name = models.CharField(_("név a postai címben"), max_length=100, db_index=True)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="settlements",
                               verbose_name=_("vármegye"))
    district_code = models.CharField(_("járás kódja"), max_length=5, blank=True)
    district_name = models.CharField(_("járás"), max_length=100, blank=True)
    legal_status = models.CharField(_("jogállás"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("település")
        verbose_name_plural = _("települések")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PostalCode(models.Model):
    """One postal code serving one settlement (or one part of it).

    A code may serve several settlements and a settlement may have several codes,
    so each pairing is its own row.
    """

    code = models.CharField(_("irányítószám"), max_length=4, db_index=True)
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="postal_codes",
                                   verbose_name=_("település"))
    settlement_part = models.CharField(_("településrész"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("irányítószám")
        verbose_name_plural = _("irányítószámok")
        ordering = ["code", "settlement__name", "settlement_part"]
        constraints = [
            models.UniqueConstraint(fields=["code", "settlement", "settlement_part"],
                                    name="postal_code_unique_per_settlement_part"),
        ]

    def __str__(self) -> str:
        part = f" ({self.settlement_part})" if self.settlement_part else ""
        return f"{self.code} {self.settlement.postal_name}{part}"


class StreetType(models.Model):
    """A street type (közterület jellege) such as utca, út, tér; ordered by real usage."""

    name = models.CharField(_("megnevezés"), max_length=50, unique=True)
    order = models.PositiveIntegerField(_("sorrend"), default=0)
    usage_count = models.PositiveIntegerField(_("előfordulás a postai jegyzékben"), default=0)

    class Meta:
        verbose_name = _("közterület jellege")
        verbose_name_plural = _("közterület jellegek")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code, with its Hungarian name; Magyarország first."""

    code = models.CharField(_("ISO kód"), max_length=2, unique=True)
    name = models.CharField(_("név"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("sorrend"), default=0)

    class Meta:
        verbose_name = _("ország")
        verbose_name_plural = _("országok")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
