"""The printable request: HTML rendered by WeasyPrint, with the verification code as a QR code.

Rendered on demand from the stored payload, outside any transaction, so the
same PDF can be downloaded at any time; a draft's print says it is not valid
for posting.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry.codes import CodeBook, codebook_load
from portal.registry.schema import (
    CAPACITY_FIELDS,
    FACILITY_FIELDS,
    SITE_KINDS,
    InstitutionRecord,
    diff,
    site_rows,
    task_text,
)

from .models import ChangeRequest, State

OFFICE_POSTAL_ADDRESS = "Oktatási Hivatal, 9001 Győr, Pf. 646"


def verification_url(change_request: ChangeRequest) -> str:
    """The office's page that authenticates this request's paper copy."""
    path = reverse("changes:office_authenticate")
    return f"{settings.SITE_URL.rstrip('/')}{path}?kod={change_request.verification_code}"


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=3, title="QR")


_CAPACITY_LABELS = {str(v) for v in CAPACITY_FIELDS.values()}
_FACILITY_LABELS = {str(v) for v in FACILITY_FIELDS.values()}


def _compact_rows(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Capacities and facilities on one line each: a long request stays short on paper."""
    plain = [(label, value) for label, value in rows if label not in _CAPACITY_LABELS | _FACILITY_LABELS]
    capacities = "; ".join(f"{label}: {value or '–'}" for label, value in rows if label in _CAPACITY_LABELS)
    facilities = "; ".join(f"{label}: {value or '–'}" for label, value in rows if label in _FACILITY_LABELS)
    return plain + [(str(_("Oktatási jellemzők")), capacities), (str(_("Helyiségek, jellemzők")), facilities)]


def change_request_pdf_context(change_request: ChangeRequest, *, codes: CodeBook | None = None) -> dict:
    codes = codes or codebook_load()
    record = InstitutionRecord.from_dict(change_request.payload)
    is_valid_for_posting = change_request.state not in (State.DRAFT, State.REOPENED, State.CANCELLED)
    sites = [
        {
            "record": site, "kind": SITE_KINDS.get(site.kind, site.kind),
            "rows": _compact_rows(site_rows(site, record, codes)),
            "tasks": [task_text(task, codes) for task in site.tasks],
        }
        for site in record.sites
    ]
    base = InstitutionRecord.from_dict(change_request.base_payload) if change_request.base_payload else None
    return {
        "change_request": change_request,
        "record": record,
        # A change of an operating institution prints what changes (old -> new) before the full data.
        "changes": diff(base, record, codes=codes) if base is not None else None,
        "basic_rows": record.basic_rows(codes),
        "sites": sites,
        "maintainer": change_request.maintainer,
        "is_valid_for_posting": is_valid_for_posting,
        "qr": qr_svg(verification_url(change_request)) if is_valid_for_posting else "",
        "office_address": OFFICE_POSTAL_ADDRESS,
        "printed_at": timezone.localtime(),
        "capacity_labels": CAPACITY_FIELDS,
        "facility_labels": FACILITY_FIELDS,
    }


def pdf_render(html: str) -> tuple[bytes, int]:
    """The PDF of ``html`` and its number of pages."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


def change_request_pdf_pages(change_request: ChangeRequest) -> tuple[bytes, int]:
    """The printable request and its number of pages."""
    if change_request.kind.startswith(("new_maintainer", "maintainer_")):
        from .maintainer_pdf import maintainer_request_html

        return pdf_render(maintainer_request_html(change_request))
    return pdf_render(render_to_string("changes/pdf/request.html", change_request_pdf_context(change_request)))


def change_request_pdf(change_request: ChangeRequest) -> bytes:
    return change_request_pdf_pages(change_request)[0]
