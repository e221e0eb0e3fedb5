"""Municipalities from the KSH gazetteer, grouped under the notary's office that serves them.

A municipality either has its own mayor's office (polgármesteri hivatal) or belongs to a
joint municipal office (közös önkormányzati hivatal) seated in one of its members; the
notary (jegyző) of that office acts for every member. See ``load_training_reference``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotaryOffice(models.Model):
    class Kind(models.TextChoices):
        MAYORS_OFFICE = "own", _("polgármesteri hivatal")
        JOINT_OFFICE = "joint", _("közös önkormányzati hivatal")

    code = models.CharField(_("kód"), max_length=20, unique=True)  # KSH code of the seat
    name = models.CharField(_("hivatal neve"), max_length=200)
    kind = models.CharField(_("típus"), max_length=10, choices=Kind.choices)
    seat_name = models.CharField(_("székhely"), max_length=100)

    class Meta:
        verbose_name = _("jegyzői hivatal")
        verbose_name_plural = _("jegyzői hivatalok")
        ordering = ["seat_name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    ksh_code = models.CharField(_("KSH kód"), max_length=5, unique=True)
    name = models.CharField(_("település"), max_length=100, db_index=True)
    county = models.CharField(_("vármegye"), max_length=60, blank=True)
    legal_status = models.CharField(_("jogállás"), max_length=60, blank=True)
    notary_office = models.ForeignKey(
        NotaryOffice, on_delete=models.PROTECT, related_name="municipalities",
        verbose_name=_("jegyzői hivatal"),
    )

    class Meta:
        verbose_name = _("önkormányzat")
        verbose_name_plural = _("önkormányzatok")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
