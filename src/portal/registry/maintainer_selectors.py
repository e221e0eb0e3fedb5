"""Reads about maintainers: the maintainer's home, the office's search, the public detail."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import maintainer_schema as ms
from .models import Institution, Maintainer

# What a maintainer ID reaches (seed p. 31-32, "KIR Hivatali ügyek"); periodic ones are marked.
MAINTAINER_MODULES = [
    (_("Fenntartói adatmódosító"), False),
    (_("Gyermek, tanulói, illetve alkalmazotti összesítő modul fenntartóknak"), False),
    (_("Statisztikai adatok megtekintése fenntartók részére"), False),
    (_("Pénzügyi adatok begyűjtésére szolgáló modul a fenntartók számára"), True),
    (_("Pedagógus álláshelyek megszűnésének bejelentése"), True),
    (_("Központi üzenetkezelő és értesítési rendszer a köznevelési intézmények fenntartói számára"), False),
]


def maintainer_get(*, pk: int) -> Maintainer | None:
    return Maintainer.objects.select_related("maintainer_type").filter(pk=pk).first()


def maintainer_institutions(maintainer: Maintainer) -> QuerySet[Institution]:
    return maintainer.institutions.exclude(status=Institution.Status.TERMINATED).order_by("name")


def maintainer_home(maintainer: Maintainer) -> dict:
    """The current data of the maintainer in sections, its institutions and what its ID reaches."""
    types = ms.maintainer_types()
    record = ms.from_register(maintainer)
    return {
        "maintainer": maintainer, "record": record,
        "rows": record.rows(types), "representative_rows": ms.person_rows(record.representative),
        "members": [(m, ms.member_rows(m)) for m in record.members],
        "institutions": list(maintainer_institutions(maintainer)),
        "modules": MAINTAINER_MODULES,
    }


def maintainer_search(*, q: str = "") -> QuerySet[Maintainer]:
    maintainers = Maintainer.objects.select_related("maintainer_type").exclude(maintainer_id=None)
    q = q.strip()
    if q:
        maintainers = maintainers.filter(Q(name__icontains=q) | Q(maintainer_id=q) | Q(tax_number__startswith=q))
    return maintainers.order_by("name")


def maintainer_public_detail(maintainer_id: str) -> dict | None:
    """Approved data of a maintainer with its institutions, for the public search; None if unknown.

    Only the register (approved requests) is read; open requests never show. Personal contact
    data of the representative other than name and position are left out.
    """
    maintainer = (
        Maintainer.objects.select_related("maintainer_type")
        .filter(maintainer_id=(maintainer_id or "").strip()).exclude(maintainer_id=None).first()
    )
    if maintainer is None:
        return None
    types = ms.maintainer_types()
    record = ms.from_register(maintainer)
    return {
        "maintainer": maintainer,
        "rows": record.rows(types),
        "representative": {"name": record.representative.name, "position": record.representative.position},
        "members": [{"name": m.name, "pir": m.pir, "is_lead": m.is_lead, "address": ms.address_text(m.address)}
                    for m in record.members],
        "institutions": [
            {"om_id": i.om_id, "name": i.name, "status": i.get_status_display()}
            for i in maintainer.institutions.exclude(status=Institution.Status.PENDING).order_by("name")
        ],
        "terminated_on": maintainer.terminated_on,
    }
