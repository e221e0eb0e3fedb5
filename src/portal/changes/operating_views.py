"""Pages of an operating institution's requests: start or continue the data change, the list of
requests, suspension or termination of a site, marks on tasks, and of the whole institution."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.registry.models import Site
from portal.registry.schema import InstitutionRecord

from . import forms, operating, selectors
from .models import ChangeRequest
from .permissions import INSTITUTION_DATA, module_view, request_view
from .transitions import TransitionNotAllowed, allowed
from .views import NOT_EDITABLE, _applicant_request


@module_view(INSTITUTION_DATA)
def data_change(request: HttpRequest) -> HttpResponse:
    """"Intézményi adatok módosítása": the draft loads automatically, else a new one from the register."""
    try:
        change_request = operating.change_request_start_institution_change(
            institution=request.acting_institution, actor=request.user)
    except operating.OperatingError as error:
        messages.error(request, error.message)
        return redirect("registry:institution_home")
    return redirect("changes:tab_basic", pk=change_request.pk)


@module_view(INSTITUTION_DATA)
def request_list(request: HttpRequest) -> HttpResponse:
    """"Kérelmek listája"."""
    requests = selectors.institution_requests(institution=request.acting_institution)
    rows = [{"r": r, "can_edit": r.is_editable,
             "can_cancel": allowed(action="cancel", state=r.state)} for r in requests]
    return render(request, "changes/operating/request_list.html", {
        "rows": rows, "institution": request.acting_institution,
        "in_progress": operating.institution_request_in_progress(institution=request.acting_institution)})


@module_view(INSTITUTION_DATA)
def institution_end(request: HttpRequest) -> HttpResponse:
    """"Szünetelés/megszűnés bejelentése"."""
    institution = request.acting_institution
    form = forms.StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_request = operating.change_request_institution_end_submit(
                institution=institution, change=form.to_change(), actor=request.user)
        except operating.StatusChangeInvalid as error:
            form.add_problems(error.problems)
        except operating.OperatingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("A kérelem beküldése sikeres. Töltse le, nyomtassa ki, és hitelesítve "
                                        "küldje meg postán a 9001 Győr, Pf. 646 címre."))
            return redirect("changes:overview", pk=change_request.pk)
    enrolments, employments = operating.institution_relation_totals(institution)
    return render(request, "changes/operating/institution_end.html", {
        "form": form, "institution": institution, "enrolments": enrolments, "employments": employments},
        status=422 if form.is_bound and form.errors else 200)


@request_view
def site_status(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Suspend or terminate a site of the register within a data change (or clear the mark)."""
    change_request = _applicant_request(request, pk)
    if not change_request.is_editable or change_request.institution_id is None:
        messages.warning(request, NOT_EDITABLE)
        return redirect("changes:overview", pk=pk)
    record = InstitutionRecord.from_dict(change_request.payload)
    site = record.site(key)
    row = Site.objects.filter(institution_id=change_request.institution_id, key=key, is_active=True).first()
    if site is None or row is None:
        raise Http404
    change = site.status_change
    form = forms.StatusChangeForm(request.POST or None, initial={
        "kind": change.kind, "effective_from": change.effective_from, "school_year": change.school_year,
        "reason": change.reason})
    if request.method == "POST":
        clear = "clear" in request.POST
        if clear or form.is_valid():
            try:
                operating.change_request_site_status_set(
                    change_request=change_request, site_key=key, change=None if clear else form.to_change(),
                    actor=request.user)
            except operating.StatusChangeInvalid as error:
                form.add_problems(error.problems)
            except (operating.OperatingError, TransitionNotAllowed) as error:
                form.add_error(None, getattr(error, "message", str(error)))
            else:
                messages.success(request, _("Az adatokat elmentettük (piszkozat)."))
                return redirect("changes:tab_sites", pk=pk)
    return render(request, "changes/operating/site_status.html", {
        "change_request": change_request, "record": record, "tab": "feladatellatasi-helyek", "site": site,
        "row": row, "form": form, "is_institution_request": request_kind_is_institution(change_request)},
        status=422 if form.is_bound and form.errors else 200)


@require_POST
@request_view
def task_mark(request: HttpRequest, pk: int, key: str, task: str) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    try:
        operating.change_request_task_mark(change_request=change_request, site_key=key, task_key=task,
                                           mark=request.POST.get("mark", ""), actor=request.user)
    except operating.OperatingError as error:
        messages.error(request, error.message)
    except TransitionNotAllowed:
        messages.error(request, NOT_EDITABLE)
    else:
        messages.success(request, _("Az adatokat elmentettük (piszkozat)."))
    return redirect("changes:site_tasks", pk=pk, key=key)


def request_kind_is_institution(change_request: ChangeRequest) -> bool:
    return change_request.kind in operating.INSTITUTION_KINDS
