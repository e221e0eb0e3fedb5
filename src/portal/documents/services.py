"""Writes of documents of institutions and maintainers: upload (content sniffed), removal, authentication,
the office's registration of an authority's document with the deficiency notice."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record
from portal.core.mail import mail_send

from .models import DeficiencyNotice, Document

FILE_MISSING = _("Válassza ki a feltöltendő okiratot.")
FILE_TYPE_INVALID = _("Csak PDF vagy JPG formátumú okirat tölthető fel; a kiválasztott fájl tartalma nem ilyen.")
FILE_TOO_LARGE = _("A fájl túl nagy: legfeljebb %(mb)s MB tölthető fel.")
FILE_EMPTY = _("A kiválasztott fájl üres.")
TYPE_MISSING = _("Adja meg az okirat típusát, enélkül nem lehet iratot feltölteni.")
DATES_OUT_OF_ORDER = _("A hatályosság vége nem lehet korábbi a hatályosság kezdeténél.")
ALREADY_AUTHENTICATED = _("A hiteles okirat nem törölhető.")
AUTHORITY_MISSING = _("Adja meg, melyik hivatalos szerv küldte meg az okiratot.")

SIGNATURES = {b"%PDF-": ("application/pdf", "pdf"), b"\xff\xd8\xff": ("image/jpeg", "jpg")}
PENDING_STATES = ("submitted", "authenticated")


class DocumentError(Exception):
    def __init__(self, message, *, field: str = "__all__"):
        super().__init__(str(message))
        self.message, self.field = str(message), field


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) judged by the first bytes, never by the file's name."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def _read_checked(upload) -> tuple[bytes, str, str]:
    if upload is None:
        raise DocumentError(FILE_MISSING, field="file")
    if upload.size > max_bytes():
        raise DocumentError(FILE_TOO_LARGE % {"mb": max_bytes() // (1024 * 1024)}, field="file")
    content = upload.read(max_bytes() + 1)
    if not content:
        raise DocumentError(FILE_EMPTY, field="file")
    if len(content) > max_bytes():
        raise DocumentError(FILE_TOO_LARGE % {"mb": max_bytes() // (1024 * 1024)}, field="file")
    kind = sniff(content[:8])
    if kind is None:
        raise DocumentError(FILE_TYPE_INVALID, field="file")
    return content, kind[0], kind[1]


def _safe_name(name: str) -> str:
    """Only the last part of what the browser sent, for display (never used as a path)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:200] or "okirat"


def _check_meta(*, document_type: str, valid_from: date | None, valid_to: date | None) -> None:
    if not document_type:
        raise DocumentError(TYPE_MISSING, field="document_type")
    if valid_from and valid_to and valid_to < valid_from:
        raise DocumentError(DATES_OUT_OF_ORDER, field="valid_to")


def _is_maintainer_request(change_request) -> bool:
    from portal.changes.models import Kind

    return change_request is not None and change_request.kind in (
        Kind.NEW_MAINTAINER, Kind.MAINTAINER_CHANGE, Kind.MAINTAINER_TERMINATION)


def document_upload(
    *, upload, document_type: str, actor, institution=None, maintainer=None, change_request=None,
    name: str = "", deed_date: date | None = None, valid_from: date | None = None, valid_to: date | None = None,
    source: str = "", authority: str = "", authenticated: bool = False,
) -> Document:
    """Store a PDF or JPG of ``institution`` or of ``maintainer`` (not both), or only of a request for a
    new institution or maintainer (the owner is set when the office approves it)."""
    if institution is not None and maintainer is not None:
        raise ValueError("A document belongs to an institution or to a maintainer, not both.")
    if institution is None and maintainer is None and change_request is None:
        raise ValueError("A document needs an owner or a change request.")
    if institution is None and maintainer is None and _is_maintainer_request(change_request):
        maintainer = change_request.maintainer  # None until a new maintainer is approved
    _check_meta(document_type=document_type, valid_from=valid_from, valid_to=valid_to)
    content, content_type, extension = _read_checked(upload)
    if not source:
        source = (Document.Source.MAINTAINER if maintainer is not None or _is_maintainer_request(change_request)
                  else Document.Source.INSTITUTION)
    with transaction.atomic():
        document = Document(
            institution=institution, maintainer=maintainer, change_request=change_request,
            original_name=_safe_name(upload.name or ""),
            content_type=content_type, size=len(content), document_type=document_type, name=name.strip(),
            deed_date=deed_date, valid_from=valid_from, valid_to=valid_to, source=source, authority=authority,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if authenticated:
            document.is_authenticated = True
            document.authenticated_at = timezone.now()
            document.authenticated_by = document.uploaded_by
        document.file.save(f"{secrets.token_hex(16)}.{extension}", ContentFile(content), save=False)
        document.save()
        audit_record(action="document.upload", actor=actor, target=document,
                     data={"institution": getattr(institution, "om_id", None),
                           "maintainer": getattr(maintainer, "maintainer_id", None), "type": document_type,
                           "source": source, "size": len(content)})
    return document


def document_remove(*, document: Document, actor) -> None:
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.is_authenticated:
            raise DocumentError(ALREADY_AUTHENTICATED)
        audit_record(action="document.remove", actor=actor, target=locked, data={"name": locked.original_name})
        name = locked.file.name
        locked.delete()
    transaction.on_commit(lambda: Document.file.field.storage.delete(name))


def document_authenticate(*, document: Document, actor) -> Document:
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not locked.is_authenticated:
            locked.is_authenticated = True
            locked.authenticated_at = timezone.now()
            locked.authenticated_by = actor
            locked.save(update_fields=["is_authenticated", "authenticated_at", "authenticated_by"])
            audit_record(action="document.authenticate", actor=actor, target=locked, data={})
    return locked


def document_register_from_authority(*, upload, document_type: str, authority: str, actor,
                                     institution=None, maintainer=None,
                                     **meta) -> tuple[Document, DeficiencyNotice | None]:
    """The office registers an authority's document of an institution or a maintainer; with no pending
    request the institution's head, or the maintainer's representative, gets a deficiency notice."""
    from portal.changes.models import ChangeRequest, Kind

    if not authority.strip():
        raise DocumentError(AUTHORITY_MISSING, field="authority")
    with transaction.atomic():
        document = document_upload(
            upload=upload, document_type=document_type, actor=actor, institution=institution,
            maintainer=maintainer, source=Document.Source.AUTHORITY, authority=authority.strip(),
            authenticated=True, **meta)
        if maintainer is not None:
            requests = ChangeRequest.objects.filter(
                maintainer=maintainer, kind__in=(Kind.MAINTAINER_CHANGE, Kind.MAINTAINER_TERMINATION))
            owner, to, template = maintainer, maintainer.representative_email, "maintainer_deficiency_notice"
        else:
            requests = ChangeRequest.objects.filter(institution=institution)
            owner, to, template = institution, institution.head_email, "deficiency_notice"
        notice = None
        if not requests.filter(state__in=PENDING_STATES).exists():
            notice = DeficiencyNotice.objects.create(institution=institution, maintainer=maintainer,
                                                     document=document, sent_to=to)
            if to:
                mail_send(to=to, template=template,
                          context={"institution": institution, "maintainer": maintainer, "document": document})
            audit_record(action="deficiency_notice.send", actor=actor, target=owner,
                         data={"document": document.pk, "to": to})
    return document, notice


def deficiency_notices_resolve(*, change_request, institution=None, maintainer=None) -> int:
    """A submitted request answers the outstanding notices of its institution or maintainer."""
    if institution is None and maintainer is None:
        return 0
    owner = {"institution": institution} if institution is not None else {"maintainer": maintainer}
    return DeficiencyNotice.objects.filter(**owner, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by_request=change_request)
