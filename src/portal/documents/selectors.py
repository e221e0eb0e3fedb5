"""Reads of documents: the institution's and the maintainer's own lists, the office's, and the public one."""

from django.db.models import Q, QuerySet

from .models import DeficiencyNotice, Document


def document_list_for_institution(*, institution) -> QuerySet[Document]:
    """Every document of the institution, also those the office registered from other authorities."""
    return Document.objects.filter(institution=institution).order_by("-uploaded_at", "-pk")


def document_list_for_maintainer(*, maintainer) -> QuerySet[Document]:
    """Every document of the maintainer: uploaded by it (also attached to its requests) or registered by
    the office from an authority."""
    return Document.objects.filter(maintainer=maintainer).order_by("-uploaded_at", "-pk")


def document_public_list(institution=None, *, maintainer=None) -> QuerySet[Document]:
    """Only authenticated documents are public: ``document_public_list(institution)`` or
    ``document_public_list(maintainer=maintainer)``."""
    if (institution is None) == (maintainer is None):
        raise TypeError("document_public_list needs an institution or a maintainer")
    owner = {"institution": institution} if institution is not None else {"maintainer": maintainer}
    return Document.objects.filter(**owner, is_authenticated=True).order_by("-uploaded_at", "-pk")


def document_public_get(*, pk: int) -> Document | None:
    return Document.objects.filter(
        Q(institution__isnull=False) | Q(maintainer__isnull=False), pk=pk, is_authenticated=True).first()


def document_for_institution(*, institution, pk: int) -> Document | None:
    return Document.objects.filter(pk=pk, institution=institution).first()


def document_for_maintainer(*, maintainer, pk: int) -> Document | None:
    return Document.objects.filter(pk=pk, maintainer=maintainer).first()


def document_for_request(*, change_request, pk: int) -> Document | None:
    return Document.objects.filter(pk=pk, change_request=change_request).first()


def documents_awaiting_authentication() -> QuerySet[Document]:
    return (Document.objects.filter(is_authenticated=False)
            .select_related("institution", "maintainer", "change_request").order_by("uploaded_at"))


def deficiency_notices_outstanding() -> QuerySet[DeficiencyNotice]:
    return DeficiencyNotice.objects.filter(resolved_at=None).select_related("institution", "maintainer", "document")
