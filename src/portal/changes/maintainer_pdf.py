"""Printable maintainer requests and the office's password letter (WeasyPrint).

A change request prints only the changed data (seed p. 30); a new maintainer prints
every filled value; a termination prints the maintainer and the date of termination.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.registry import maintainer_schema as ms
from portal.registry.maintainer_schema import MaintainerRecord

from .models import ChangeRequest, Kind, State
from .pdf import OFFICE_POSTAL_ADDRESS, qr_svg, verification_url


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def maintainer_request_changes(change_request: ChangeRequest) -> list[ms.Change]:
    types = ms.maintainer_types()
    record = MaintainerRecord.from_dict(change_request.payload)
    base = MaintainerRecord.from_dict(change_request.base_payload) if change_request.base_payload else None
    return ms.diff(base, record, types=types)


def maintainer_request_pdf_context(change_request: ChangeRequest) -> dict:
    record = MaintainerRecord.from_dict(change_request.payload)
    is_valid = change_request.state not in (State.DRAFT, State.REOPENED, State.CANCELLED)
    return {
        "change_request": change_request, "record": record,
        "changes": maintainer_request_changes(change_request),
        "is_change": change_request.kind == Kind.MAINTAINER_CHANGE,
        "is_termination": change_request.kind == Kind.MAINTAINER_TERMINATION,
        "documents": list(change_request.documents.all()),
        "is_valid_for_posting": is_valid,
        "qr": qr_svg(verification_url(change_request)) if is_valid else "",
        "office_address": OFFICE_POSTAL_ADDRESS, "printed_at": timezone.localtime(),
    }


def maintainer_request_html(change_request: ChangeRequest) -> str:
    return render_to_string("changes/maintainer/pdf/request.html", maintainer_request_pdf_context(change_request))


def maintainer_request_pdf(change_request: ChangeRequest) -> bytes:
    return _render("changes/maintainer/pdf/request.html", maintainer_request_pdf_context(change_request))


def password_letter_pdf(*, maintainer, code: str, expires_at) -> bytes:
    """The letter to the representative with the single-use code (never stored in clear)."""
    record = ms.from_register(maintainer)
    url = settings.SITE_URL.rstrip("/") + reverse("accounts:credential_code_use")
    return _render("changes/maintainer/pdf/password_letter.html", {
        "maintainer": maintainer, "record": record, "code": code, "expires_at": expires_at, "url": url,
        "seat": ms.address_text(record.seat), "rep_address": ms.address_text(record.representative.address),
        "office_address": OFFICE_POSTAL_ADDRESS, "printed_at": timezone.localtime(),
    })
