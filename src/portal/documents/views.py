"""Documents: the institution's and the maintainer's list and upload, upload after a new-institution
request, the office's authentication and registration, the public download of authenticated documents."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.decorators import kind_required, office_required
from portal.accounts.models import Kind as UserKind
from portal.changes.permissions import DOCUMENTS, module_view, request_view
from portal.registry.models import Institution, Maintainer

from . import selectors, services
from .forms import AuthorityUploadForm, UploadForm
from .models import MAINTAINER_DOCUMENT_TYPES, Document

maintainer_required = kind_required(UserKind.MAINTAINER)

UPLOADED = gettext_lazy("Az okiratot feltöltöttük.")


def _upload(request, form, **target) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.document_upload(
            upload=data.get("file"), document_type=data["document_type"], actor=request.user, name=data["name"],
            deed_date=data["deed_date"], valid_from=data["valid_from"], valid_to=data["valid_to"], **target)
    except services.DocumentError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


def _file_response(document: Document) -> FileResponse:
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = "pdf" if document.content_type == "application/pdf" else "jpg"
    response = FileResponse(handle, content_type=document.content_type, as_attachment=True,
                            filename=f"okirat-{document.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@module_view(DOCUMENTS)
def institution_list(request: HttpRequest) -> HttpResponse:
    """"Dokumentumok": every document of the institution, with the "Hiteles" column."""
    institution = request.acting_institution
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _upload(request, form, institution=institution):
        messages.success(request, UPLOADED)
        return redirect("documents:institution_list")
    return render(request, "documents/institution_list.html", {
        "form": form, "institution": institution,
        "documents": selectors.document_list_for_institution(institution=institution)},
        status=422 if form.is_bound and form.errors else 200)


@maintainer_required
def maintainer_list(request: HttpRequest) -> HttpResponse:
    """The maintainer's "Dokumentumok": every document of the maintainer, with the "Hiteles" column."""
    maintainer = request.user.maintainer
    form = UploadForm(request.POST or None, request.FILES or None, types=MAINTAINER_DOCUMENT_TYPES)
    if request.method == "POST" and _upload(request, form, maintainer=maintainer):
        messages.success(request, UPLOADED)
        return redirect("documents:maintainer_list")
    return render(request, "documents/maintainer_list.html", {
        "form": form, "maintainer": maintainer, "menu": "documents",
        "documents": selectors.document_list_for_maintainer(maintainer=maintainer)},
        status=422 if form.is_bound and form.errors else 200)


@maintainer_required
def maintainer_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_maintainer(maintainer=request.user.maintainer, pk=pk)
    if document is None:
        raise Http404
    return _file_response(document)


@maintainer_required
@require_POST
def maintainer_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_maintainer(maintainer=request.user.maintainer, pk=pk)
    if document is None:
        raise Http404
    try:
        services.document_remove(document=document, actor=request.user)
    except services.DocumentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Az okiratot töröltük."))
    return redirect("documents:maintainer_list")


@module_view(DOCUMENTS)
def institution_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_institution(institution=request.acting_institution, pk=pk)
    if document is None:
        raise Http404
    return _file_response(document)


@module_view(DOCUMENTS)
@require_POST
def institution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_for_institution(institution=request.acting_institution, pk=pk)
    if document is None:
        raise Http404
    try:
        services.document_remove(document=document, actor=request.user)
    except services.DocumentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Az okiratot töröltük."))
    return redirect("documents:institution_list")


@request_view
def request_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload right after a new-institution request was submitted (seed p. 14), before any login."""
    from portal.changes.views import _applicant_request

    change_request = _applicant_request(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _upload(request, form, change_request=change_request,
                                            institution=change_request.institution):
        messages.success(request, UPLOADED)
        return redirect("documents:request_documents", pk=pk)
    return render(request, "documents/request_documents.html", {
        "form": form, "change_request": change_request, "documents": change_request.documents.all()},
        status=422 if form.is_bound and form.errors else 200)


def public_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Authenticated documents only; anything else is 404 for everyone."""
    document = selectors.document_public_get(pk=pk)
    if document is None:
        raise Http404
    return _file_response(document)


@office_required
def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/office_list.html", {
        "documents": selectors.documents_awaiting_authentication()[:200],
        "notices": selectors.deficiency_notices_outstanding()[:200]})


@office_required
@require_POST
def office_authenticate(request: HttpRequest, pk: int) -> HttpResponse:
    services.document_authenticate(document=get_object_or_404(Document, pk=pk), actor=request.user)
    messages.success(request, _("Az okiratot hitelesítette; a publikus intézménykeresőben is megjelenik."))
    return redirect("documents:office_list")


@office_required
def office_download(request: HttpRequest, pk: int) -> HttpResponse:
    return _file_response(get_object_or_404(Document, pk=pk))


def _office_register(request, *, template: str, done_url: str, types, **owner) -> HttpResponse:
    form = AuthorityUploadForm(request.POST or None, request.FILES or None, types=types)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _document, notice = services.document_register_from_authority(
                upload=data.get("file"), document_type=data["document_type"],
                authority=data["authority"], actor=request.user, name=data["name"], deed_date=data["deed_date"],
                valid_from=data["valid_from"], valid_to=data["valid_to"], **owner)
        except services.DocumentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            pending_text = (_("A fenntartónak nincs folyamatban lévő kérelme: hiánypótlási felszólítást küldtünk "
                              "a képviselőnek.") if "maintainer" in owner else
                            _("Az intézménynek nincs folyamatban lévő kérelme: hiánypótlási felszólítást küldtünk."))
            messages.success(request, _("Az okiratot rögzítette.") + (" " + pending_text if notice else ""))
            return redirect(done_url)
    return render(request, template, {"form": form, **owner},
                  status=422 if form.is_bound and form.errors else 200)


@office_required
def office_register(request: HttpRequest, om_id: str) -> HttpResponse:
    """The office registers an institution's document received from an authority."""
    from .models import INSTITUTION_DOCUMENT_TYPES

    institution = get_object_or_404(Institution, om_id=om_id)
    return _office_register(request, template="documents/office_register.html", institution=institution,
                            done_url=reverse("documents:office_list"), types=INSTITUTION_DOCUMENT_TYPES)


@office_required
def office_register_maintainer(request: HttpRequest, pk: int) -> HttpResponse:
    """The office registers a maintainer's document received from an authority (listed as its document)."""
    maintainer = get_object_or_404(Maintainer, pk=pk)
    return _office_register(request, template="documents/office_register_maintainer.html", maintainer=maintainer,
                            done_url=reverse("maintainers:office_detail", args=[pk]),
                            types=MAINTAINER_DOCUMENT_TYPES)
