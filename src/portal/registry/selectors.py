"""Reads of the register for an operating institution's own pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from .models import IdCardChange, IdCardData, Institution, Site
from .schema import InstitutionRecord, from_register


def institution_current_record(*, institution: Institution) -> InstitutionRecord:
    return from_register(institution)


@dataclass
class IdCardRow:
    site: Site
    data: dict
    pending: IdCardChange | None
    billing_from: Site | None  # sites without own administration: the administering site


def id_card_rows(*, institution: Institution) -> list[IdCardRow]:
    """Each active site with its ID-card data; due changes are applied first (no worker needed)."""
    from .services import id_card_changes_apply_due

    if IdCardChange.objects.filter(site__institution=institution, applied_at=None,
                                   effective_at__lte=timezone.now()).exists():
        id_card_changes_apply_due()
    sites = list(Site.objects.filter(institution=institution, is_active=True)
                 .select_related("administered_by").order_by("number"))
    data = {d.site_id: d.data for d in IdCardData.objects.filter(site__in=sites)}
    pending = {c.site_id: c for c in IdCardChange.objects.filter(site__in=sites, applied_at=None)}
    return [IdCardRow(site=s, data=data.get(s.pk, {}), pending=pending.get(s.pk),
                      billing_from=s.administered_by if s.kind == Site.Kind.NO_ADMINISTRATION else None)
            for s in sites]


def id_card_row(*, institution: Institution, number: str) -> IdCardRow | None:
    return next((row for row in id_card_rows(institution=institution) if row.site.number == number), None)


def institution_sites_all(*, institution: Institution) -> list[Site]:
    return list(Site.objects.filter(institution=institution).order_by("-is_active", "number"))
