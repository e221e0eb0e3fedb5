"""Pages of the maintainer module: announcement, the maintainer's own pages, the office's pages.

Views parse input, call one service or selector and render; the rules live in
``maintainer_services``, ``transitions`` and ``registry.maintainer_schema``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.decorators import kind_required, office_required
from portal.accounts.models import Kind as UserKind
from portal.core.clientaddress import client_address
from portal.core.confirm import confirmation_page
from portal.documents.forms import UploadForm
from portal.documents.models import MAINTAINER_DOCUMENT_TYPES, Document
from portal.documents.selectors import document_for_request, document_list_for_maintainer
from portal.documents.views import _file_response
from portal.registry import maintainer_schema as ms
from portal.registry import maintainer_selectors as selectors
from portal.registry.maintainer_schema import MaintainerRecord, MemberRecord

from . import maintainer_forms as forms
from . import maintainer_services as services
from .forms import DecisionForm
from .maintainer_pdf import maintainer_request_changes, password_letter_pdf
from .models import ChangeRequest, Kind, State
from .selectors import change_request_for_applicant
from .services import (
    ChangeRequestError,
    SubmitInvalid,
    change_request_cancel,
    change_request_submit,
)
from .transitions import TransitionNotAllowed, allowed
from .views import SESSION_KEY, _grant, pdf_response, print_state

SAVED = gettext_lazy("A kérelmet elmentettük (piszkozat). Később, a következő belépéskor is folytathatja.")
NOT_EDITABLE = gettext_lazy("A kérelem jelenlegi állapotában nem módosítható.")
SUBMITTED = gettext_lazy("A kérelem beküldése sikeres. Töltse le, nyomtassa ki, és hitelesítve (aláírással, pecséttel) "
              "küldje meg postán a 9001 Győr, Pf. 646 címre.")
maintainer_required = kind_required(UserKind.MAINTAINER)


# --- access -----------------------------------------------------------------------------

def _maintainer_request(request: HttpRequest, pk: int) -> ChangeRequest:
    """A maintainer request this browser started, or one of the logged-in maintainer; else 404."""
    change_request = change_request_for_applicant(
        pk=pk, granted_ids=request.session.get(SESSION_KEY, []), user=request.user)
    if change_request is None or change_request.kind not in services.MAINTAINER_KINDS:
        raise Http404
    return change_request


# --- the data form: announcement and "Fenntartó módosítása" ------------------------------------

def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _forms(data, record: MaintainerRecord, *, is_new: bool, types) -> dict:
    return {
        "form": forms.MaintainerForm(data, types=types, is_new=is_new, initial=forms.MaintainerForm.initial_from(record)),
        "seat": forms.DraftAddressForm(data, prefix="seat", legend=_("A fenntartó címe (székhelye)"),
                                       initial=record.seat),
        "rep_address": forms.DraftAddressForm(data, prefix="rep_address", legend=_("Képviselő címe"),
                                              initial=record.representative.address),
    }


def _valid(bundle: dict) -> bool:
    return all([form.is_valid() for form in bundle.values()])


def _apply(bundle: dict, record: MaintainerRecord) -> None:
    bundle["form"].apply(record, seat=bundle["seat"].address, rep_address=bundle["rep_address"].address)


def _problem_rows(change_request: ChangeRequest | None, problems) -> list[dict]:
    record = MaintainerRecord.from_dict(change_request.payload) if change_request else MaintainerRecord()
    rows = []
    for problem in problems:
        if problem.tab == ms.TAB_MEMBERS and problem.site and change_request:
            member = record.member(problem.site)
            url = reverse("maintainers:member_edit", args=[change_request.pk, problem.site]) + f"#id_{problem.field}"
            where = member.name if member else ""
        elif problem.tab == ms.TAB_MEMBERS:
            url, where = "#tagok", _("Társulási tagok")
        elif problem.tab == ms.TAB_TERMINATION:
            url, where = "#id_termination_date", ""
        else:
            url, where = f"#id_{problem.field}", ""
        rows.append({"url": url, "message": problem.message, "where": where,
                     "label": FIELD_LABELS.get(problem.field.split("-")[0], "") if problem.field else ""})
    return rows


FIELD_LABELS = {
    "name": gettext_lazy("Név"), "maintainer_type": gettext_lazy("Fenntartó típusa"), "tax_number": gettext_lazy("Adószám"),
    "statistical_number": gettext_lazy("KSH statisztikai számjel"), "pir": gettext_lazy("PIR szám"),
    "phone": gettext_lazy("Telefonszám"), "fax": gettext_lazy("Faxszám"), "email": gettext_lazy("E-mail cím"), "website": gettext_lazy("Weblap"),
    "status": gettext_lazy("Státusz"), "seat": gettext_lazy("Cím (székhely)"), "rep_name": gettext_lazy("Képviselő neve"),
    "rep_email": gettext_lazy("Képviselő e-mail címe"), "rep_phone": gettext_lazy("Képviselő telefonszáma"),
    "rep_mobile": gettext_lazy("Képviselő mobilszáma"), "rep_fax": gettext_lazy("Képviselő faxszáma"),
    "rep_address": gettext_lazy("Képviselő címe"), "address": gettext_lazy("Társulási tag címe"), "is_lead": gettext_lazy("Gesztor"),
    "add": gettext_lazy("Társulási tagok"), "termination_date": gettext_lazy("Megszűnés dátuma"),
}


def _edit_page(request, *, change_request: ChangeRequest | None, record: MaintainerRecord, is_new: bool,
               bundle=None, problems=None, status: int = 200, document_form=None) -> HttpResponse:
    types = ms.maintainer_types()
    bundle = bundle or _forms(_data(request), record, is_new=is_new, types=types)
    info = types.get(record.maintainer_type)
    return render(request, "changes/maintainer/edit.html", {
        "change_request": change_request, "record": record, "is_new": is_new, **bundle,
        "error_forms": [f for f in bundle.values() if f.errors],
        "menu": "announce" if is_new else "change",
        "is_association": bool(info and info.is_association),
        "members": record.members, "problems": problems or [],
        "documents": list(change_request.documents.all()) if change_request else [],
        "document_form": document_form or (_document_form() if change_request else None),
        "can_cancel": bool(change_request) and allowed(action="cancel", state=change_request.state),
    }, status=status)


def _save_and_maybe_submit(request, change_request: ChangeRequest) -> HttpResponse:
    if "submit" not in request.POST:
        messages.success(request, SAVED)
        return redirect("maintainers:request_edit", pk=change_request.pk)
    try:
        change_request_submit(change_request=change_request, actor=request.user)
    except SubmitInvalid as error:
        change_request.refresh_from_db()
        record = MaintainerRecord.from_dict(change_request.payload)
        if change_request.kind == Kind.MAINTAINER_TERMINATION:
            return _termination_page(request, change_request.maintainer, change_request=change_request,
                                     problems=_problem_rows(change_request, error.problems), status=422)
        return _edit_page(request, change_request=change_request, record=record,
                          is_new=change_request.kind == Kind.NEW_MAINTAINER,
                          problems=_problem_rows(change_request, error.problems), status=422)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, SUBMITTED)
    return redirect("maintainers:request_detail", pk=change_request.pk)


def announce(request: HttpRequest) -> HttpResponse:
    """"Új fenntartó bejelentése": the form; the first save creates the request (a draft)."""
    record = MaintainerRecord()
    if request.method == "POST":
        types = ms.maintainer_types()
        bundle = _forms(_data(request), record, is_new=True, types=types)
        if not _valid(bundle):
            return _edit_page(request, change_request=None, record=record, is_new=True, bundle=bundle, status=422)
        _apply(bundle, record)
        try:
            change_request = services.maintainer_request_start_new(
                record=record, actor=request.user, client_address=client_address(request) or "")
        except ChangeRequestError as error:
            bundle["form"].add_error(None, error.message)
            return _edit_page(request, change_request=None, record=record, is_new=True, bundle=bundle, status=429)
        _grant(request, change_request)
        return _save_and_maybe_submit(request, change_request)
    return _edit_page(request, change_request=None, record=record, is_new=True)


CODE_SENT = gettext_lazy(
    "Ha ezzel a számmal és e-mail címmel van folytatható új fenntartói bejelentés, a kódot elküldtük "
    "a megadott e-mail címre."
)


def announce_continue(request: HttpRequest) -> HttpResponse:
    """Continue a new-maintainer announcement (draft or reopened) in another browser: a single-use code
    goes to the representative's e-mail given in it (the continuation of ``changes.services``)."""
    from .services import change_request_continuation_send, change_request_continuation_verify

    if request.method == "POST" and "code" in request.POST:
        code_form = forms.AnnouncementCodeForm(request.POST)
        if code_form.is_valid():
            data = code_form.cleaned_data
            try:
                change_request = change_request_continuation_verify(
                    request_number=data["request_number"], email=data["email"], code=data["code"])
            except ChangeRequestError as error:
                code_form.add_error("code", error.message)
            else:
                _grant(request, change_request)
                return redirect("maintainers:request_edit", pk=change_request.pk)
        return render(request, "changes/maintainer/continue_code.html", {"form": code_form,
                                                                         "error_forms": [code_form]}, status=422)
    form = forms.AnnouncementContinueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_request_continuation_send(request_number=form.cleaned_data["request_number"],
                                             email=form.cleaned_data["email"],
                                             client_address=client_address(request) or "")
        except ChangeRequestError as error:
            form.add_error("request_number", error.message)
            return render(request, "changes/maintainer/continue.html", {"form": form, "error_forms": [form]},
                          status=429)
        messages.info(request, CODE_SENT)
        code_form = forms.AnnouncementCodeForm(initial=form.cleaned_data)
        return render(request, "changes/maintainer/continue_code.html", {"form": code_form, "error_forms": []})
    return render(request, "changes/maintainer/continue.html", {
        "form": form, "error_forms": [form] if form.errors else []},
        status=422 if form.errors else 200)


def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    if change_request.kind == Kind.MAINTAINER_TERMINATION:
        return redirect("maintainers:termination")
    if not change_request.is_editable:
        messages.warning(request, NOT_EDITABLE)
        return redirect("maintainers:request_detail", pk=pk)
    record = MaintainerRecord.from_dict(change_request.payload)
    is_new = change_request.kind == Kind.NEW_MAINTAINER
    if request.method == "POST":
        bundle = _forms(_data(request), record, is_new=is_new, types=ms.maintainer_types())
        if not _valid(bundle):
            return _edit_page(request, change_request=change_request, record=record, is_new=is_new,
                              bundle=bundle, status=422)
        _apply(bundle, record)
        try:
            services.maintainer_request_draft_save(change_request=change_request, record=record,
                                                   actor=request.user, section="data")
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("maintainers:request_detail", pk=pk)
        return _save_and_maybe_submit(request, change_request)
    return _edit_page(request, change_request=change_request, record=record, is_new=is_new)


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    return render(request, "changes/maintainer/detail.html", {
        "change_request": change_request, "changes": maintainer_request_changes(change_request),
        "can_edit": change_request.is_editable, "can_cancel": allowed(action="cancel", state=change_request.state),
        "documents": list(change_request.documents.all()), **print_state(change_request),
        "is_submitted": change_request.state in (State.SUBMITTED, State.AUTHENTICATED),
    })


def request_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return pdf_response(request, _maintainer_request(request, pk))


@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    asking = confirmation_page(
        request, title=_("Kérelem sztornózása"),
        question=_("Biztosan sztornózza a(z) %(pk)s. számú fenntartói kérelmet? A sztornózott kérelem nem folytatható.")
        % {"pk": change_request.pk},
        action=_("Igen, sztornózom"), back_url=reverse("maintainers:request_detail", args=[pk]))
    if asking:
        return asking
    try:
        change_request_cancel(change_request=change_request, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A kérelmet sztornózta."))
    if request.user.is_authenticated and request.user.kind == UserKind.MAINTAINER:
        return redirect("maintainers:request_list")
    return redirect("maintainers:request_detail", pk=pk)


# --- association members ----------------------------------------------------------------------

def member_edit(request: HttpRequest, pk: int, key: str = "") -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    if not change_request.is_editable:
        messages.warning(request, NOT_EDITABLE)
        return redirect("maintainers:request_detail", pk=pk)
    record = MaintainerRecord.from_dict(change_request.payload)
    member = record.member(key) if key else MemberRecord()
    if member is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = forms.MemberForm(data, initial=forms.MemberForm.initial_from(member))
    address = forms.DraftAddressForm(data, prefix="address", legend=_("Társulási tag címe"), initial=member.address)
    rep_address = forms.DraftAddressForm(data, prefix="rep_address", legend=_("Képviselő címe"),
                                         initial=member.representative.address)
    if request.method == "POST" and all([form.is_valid(), address.is_valid(), rep_address.is_valid()]):
        updated = form.to_member(member, address=address.address, rep_address=rep_address.address)
        record.members = [updated if m.key == member.key else m for m in record.members]
        if not key:
            record.members.append(updated)
        services.maintainer_request_draft_save(change_request=change_request, record=record,
                                               actor=request.user, section="member")
        messages.success(request, _("A társulási tag adatait elmentettük."))
        return redirect(reverse("maintainers:request_edit", args=[pk]) + "#tagok")
    return render(request, "changes/maintainer/member_edit.html", {
        "change_request": change_request, "member": member, "is_new_member": not key,
        "form": form, "address": address, "rep_address": rep_address,
        "error_forms": [f for f in (form, address, rep_address) if f.errors],
    }, status=422 if request.method == "POST" else 200)


@require_POST
def member_delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    record = MaintainerRecord.from_dict(change_request.payload)
    record.members = [m for m in record.members if m.key != key]
    try:
        services.maintainer_request_draft_save(change_request=change_request, record=record,
                                               actor=request.user, section="member_delete")
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A társulási tagot eltávolítottuk."))
    return redirect(reverse("maintainers:request_edit", args=[pk]) + "#tagok")


# --- supporting documents of a change request (documents of the documents app) --------------------

def _document_form(data=None, files=None) -> UploadForm:
    return UploadForm(data, files, types=MAINTAINER_DOCUMENT_TYPES)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    form = _document_form(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.supporting_document_attach(
                change_request=change_request, uploaded_file=data.get("file"),
                document_type=data["document_type"], name=data["name"], actor=request.user,
                deed_date=data["deed_date"], valid_from=data["valid_from"], valid_to=data["valid_to"])
        except ChangeRequestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Az okiratot csatoltuk a kérelemhez."))
            return redirect(reverse("maintainers:request_edit", args=[pk]) + "#okiratok")
    record = MaintainerRecord.from_dict(change_request.payload)
    is_new = change_request.kind == Kind.NEW_MAINTAINER
    return _edit_page(request, change_request=change_request, record=record, is_new=is_new, status=422,
                      bundle=_forms(None, record, is_new=is_new, types=ms.maintainer_types()), document_form=form)


def _request_document(change_request: ChangeRequest, pk: int) -> Document:
    found = document_for_request(change_request=change_request, pk=pk)
    if found is None:
        raise Http404
    return found


@require_POST
def document_remove(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    found = _request_document(change_request, document)
    try:
        services.supporting_document_remove(document=found, actor=request.user)
    except (TransitionNotAllowed, ChangeRequestError) as error:
        messages.error(request, str(error))
    return redirect(reverse("maintainers:request_edit", args=[pk]) + "#okiratok")


def document_file(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    change_request = _maintainer_request(request, pk)
    return _file_response(_request_document(change_request, document))


# --- the maintainer's own pages -------------------------------------------------------------

@maintainer_required
def home(request: HttpRequest) -> HttpResponse:
    maintainer = request.user.maintainer
    return render(request, "changes/maintainer/home.html", {
        **selectors.maintainer_home(maintainer), "open_request": services._open_request(maintainer),
        "menu": "home",
    })


@maintainer_required
def change(request: HttpRequest) -> HttpResponse:
    """"Fenntartó módosítása": the saved draft (or reopened request) if any, else the current data."""
    maintainer = request.user.maintainer
    existing = services._open_request(maintainer)
    if existing is not None and existing.kind == Kind.MAINTAINER_CHANGE and existing.is_editable:
        return redirect("maintainers:request_edit", pk=existing.pk)
    if existing is not None:
        messages.info(request, str(services.REQUEST_OPEN))
        return redirect("maintainers:request_list")
    record = ms.from_register(maintainer)
    if request.method == "POST":
        bundle = _forms(_data(request), record, is_new=False, types=ms.maintainer_types())
        if not _valid(bundle):
            return _edit_page(request, change_request=None, record=record, is_new=False, bundle=bundle, status=422)
        _apply(bundle, record)
        try:
            change_request = services.maintainer_change_save(maintainer=maintainer, record=record, actor=request.user)
        except ChangeRequestError as error:
            messages.error(request, error.message)
            return redirect("maintainers:request_list")
        return _save_and_maybe_submit(request, change_request)
    return _edit_page(request, change_request=None, record=record, is_new=False)


@maintainer_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = ChangeRequest.objects.filter(maintainer=request.user.maintainer).order_by("-created_at")
    rows = [(r, r.is_editable, allowed(action="cancel", state=r.state)) for r in requests]
    return render(request, "changes/maintainer/request_list.html", {"rows": rows, "menu": "requests"})


def _termination_page(request, maintainer, *, change_request=None, form=None, problems=None, status=200):
    if change_request is None:
        existing = services._open_request(maintainer)
        change_request = existing if existing is not None and existing.kind == Kind.MAINTAINER_TERMINATION else None
    initial = {}
    if change_request is not None:
        initial["termination_date"] = change_request.payload.get("termination_date") or None
    return render(request, "changes/maintainer/termination.html", {
        "maintainer": maintainer, "change_request": change_request,
        "form": form or forms.TerminationForm(initial=initial), "problems": problems or [],
        "error_forms": [form] if form is not None and form.errors else [], "menu": "termination",
        "institution_count": services.maintained_institution_count(maintainer),
        "can_edit": change_request is None or change_request.is_editable,
    }, status=status)


@maintainer_required
def termination(request: HttpRequest) -> HttpResponse:
    """"Fenntartó megszüntetése": the date of termination; refused while institutions remain."""
    maintainer = request.user.maintainer
    if request.method != "POST":
        return _termination_page(request, maintainer)
    form = forms.TerminationForm(request.POST)
    if not form.is_valid():
        return _termination_page(request, maintainer, form=form, status=422)
    date_value = form.cleaned_data.get("termination_date")
    try:
        change_request = services.maintainer_termination_save(
            maintainer=maintainer, termination_date=date_value.isoformat() if date_value else "",
            actor=request.user)
    except ChangeRequestError as error:
        form.add_error("termination_date", error.message)
        return _termination_page(request, maintainer, form=form, status=422)
    except TransitionNotAllowed as error:
        form.add_error("termination_date", str(error))
        return _termination_page(request, maintainer, form=form, status=422)
    return _save_and_maybe_submit(request, change_request)


# --- the office ----------------------------------------------------------------------------

@office_required
def office_list(request: HttpRequest) -> HttpResponse:
    form = forms.MaintainerSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    return render(request, "changes/maintainer/office/list.html", {
        "form": form, "maintainers": selectors.maintainer_search(q=q)[:200]})


def _office_page(request, maintainer, *, link_form=None, letter_form=None, status=200) -> HttpResponse:
    return render(request, "changes/maintainer/office/detail.html", {
        **selectors.maintainer_home(maintainer),
        "link_form": link_form or forms.InstitutionLinkForm(),
        "letter_form": letter_form or forms.PasswordLetterForm(),
        "versions": maintainer.versions.select_related("recorded_by", "change_request")[:50],
        "requests": ChangeRequest.objects.filter(maintainer=maintainer).order_by("-created_at")[:50],
        "documents": document_list_for_maintainer(maintainer=maintainer)[:200],
    }, status=status)


@office_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    maintainer = selectors.maintainer_get(pk=pk)
    if maintainer is None:
        raise Http404
    return _office_page(request, maintainer)


@office_required
@require_POST
def office_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The office assigns an institution of the register to the maintainer, by its documents."""
    maintainer = selectors.maintainer_get(pk=pk)
    if maintainer is None:
        raise Http404
    form = forms.InstitutionLinkForm(request.POST)
    if form.is_valid():
        try:
            institution = services.maintainer_institution_link(
                maintainer=maintainer, om_id=form.cleaned_data["om_id"], actor=request.user,
                valid_from=form.cleaned_data.get("valid_from"))
        except ChangeRequestError as error:
            form.add_error("om_id", error.message)
        else:
            messages.success(request, _("A(z) %(name)s (%(om)s) fenntartója mostantól ez a fenntartó.")
                             % {"name": institution.name, "om": institution.om_id})
            return redirect("maintainers:office_detail", pk=pk)
    return _office_page(request, maintainer, link_form=form, status=422)


@office_required
@require_POST
def office_password_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the written request for a new password and download the letter with the code."""
    maintainer = selectors.maintainer_get(pk=pk)
    if maintainer is None:
        raise Http404
    form = forms.PasswordLetterForm(request.POST)
    if not form.is_valid():
        return _office_page(request, maintainer, letter_form=form, status=422)
    code, token = services.maintainer_password_letter(
        maintainer=maintainer, received_on=form.cleaned_data["received_on"],
        reference=form.cleaned_data["reference"], actor=request.user)
    pdf = password_letter_pdf(maintainer=maintainer, code=code, expires_at=token.expires_at)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jelszolevel-{maintainer.maintainer_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def office_request_detail(request, change_request: ChangeRequest, *, decision_form=None, status=200):
    """The office's page of a maintainer request (called by ``changes.views.office_detail``)."""
    return render(request, "changes/maintainer/office/request.html", {
        "change_request": change_request, "record": MaintainerRecord.from_dict(change_request.payload),
        "changes": maintainer_request_changes(change_request),
        "documents": list(change_request.documents.all()),
        "can_approve": allowed(action="approve", state=change_request.state),
        "can_decide": allowed(action="reject", state=change_request.state),
        "decision_form": decision_form or DecisionForm(),
        "institution_count": services.maintained_institution_count(change_request.maintainer)
        if change_request.maintainer_id else 0,
    }, status=status)


@office_required
def office_document_file(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    return _file_response(_request_document(change_request, document))

