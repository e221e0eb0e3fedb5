"""Writes of the register that need no change request: ID-card data, relation counts."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record

from .models import IdCardChange, IdCardData, Site

ID_CARD_FIELDS = ("short_name", "billing_name", "bank_account", "admin_name", "admin_phone", "admin_email",
                  "billing_address")
RELATION_COUNT_INVALID = _("Nem negatív egész számot adjon meg.")


def id_card_delay() -> timedelta:
    return timedelta(seconds=getattr(settings, "ID_CARD_APPLY_SECONDS", 300))


def id_card_data_set(*, site: Site, data: dict, actor) -> IdCardChange:
    """Queue new ID-card data of ``site``; it takes effect after ``ID_CARD_APPLY_SECONDS``.

    A newer change replaces a pending one (the last one typed wins, as in a form).
    """
    values = {key: data.get(key, "") for key in ID_CARD_FIELDS}
    if site.kind == Site.Kind.NO_ADMINISTRATION:  # billing data come from the administering site
        values |= {"billing_name": "", "bank_account": "", "billing_address": {}}
    with transaction.atomic():
        Site.objects.select_for_update().get(pk=site.pk)
        IdCardChange.objects.filter(site=site, applied_at=None).delete()
        change = IdCardChange.objects.create(
            site=site, data=values, effective_at=timezone.now() + id_card_delay(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit_record(action="id_card.change", actor=actor, target=site,
                     data={"effective_at": change.effective_at.isoformat()})
    return change


def id_card_changes_apply_due(*, now=None) -> int:
    """Apply every pending ID-card change whose time has come; returns how many."""
    now = now or timezone.now()
    applied = 0
    with transaction.atomic():
        due = list(IdCardChange.objects.select_for_update(skip_locked=True)
                   .filter(applied_at=None, effective_at__lte=now).order_by("effective_at", "pk"))
        for change in due:
            IdCardData.objects.update_or_create(site_id=change.site_id, defaults={"data": change.data})
            change.applied_at = now
            change.save(update_fields=["applied_at"])
            audit_record(action="id_card.apply", actor=None, target=change.site, data={"change": change.pk})
            applied += 1
    return applied


def site_relations_set(*, site: Site, enrolments: int, employments: int, actor) -> Site:
    """The office sets the counts of active enrolment and employment relations of a site."""
    if enrolments < 0 or employments < 0:
        raise ValueError(str(RELATION_COUNT_INVALID))
    with transaction.atomic():
        locked = Site.objects.select_for_update().get(pk=site.pk)
        locked.active_enrolments, locked.active_employments = enrolments, employments
        locked.save(update_fields=["active_enrolments", "active_employments"])
        audit_record(action="site.relations_set", actor=actor, target=locked,
                     data={"enrolments": enrolments, "employments": employments})
    return locked


def relation_counts_import(*, rows: list[dict], actor) -> tuple[int, list[str]]:
    """Set the counts from rows with om_id, site_number, enrolments, employments; bad rows are reported."""
    updated, problems = 0, []
    for line, row in enumerate(rows, start=2):
        try:
            enrolments, employments = int(row["enrolments"]), int(row["employments"])
            site = Site.objects.get(institution__om_id=row["om_id"].strip(), number=row["site_number"].strip().zfill(3))
            site_relations_set(site=site, enrolments=enrolments, employments=employments, actor=actor)
        except (KeyError, ValueError, AttributeError, Site.DoesNotExist) as error:
            problems.append(f"{line}. sor: {error.__class__.__name__} {error}")
        else:
            updated += 1
    return updated, problems
