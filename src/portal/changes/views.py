"""Pages of a new-institution request (applicant) and of its adjudication (office).

Views parse input, call one service or selector and render; the rules live in
``services``, ``transitions`` and ``registry.schema``.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.core.clientaddress import client_address
from portal.core.confirm import confirmation_page
from portal.registry import schema
from portal.registry.codes import codebook_load
from portal.registry.schema import InstitutionRecord, SiteRecord, TaskRecord

from . import forms, printing, selectors, services
from .models import ChangeRequest, Kind, State
from .pdf import change_request_pdf
from .permissions import request_view
from .transitions import TransitionNotAllowed, allowed

SESSION_KEY = "change_requests"
SAVED = gettext_lazy("Az adatokat elmentettük (piszkozat).")
PREDECESSOR_REQUIRED = gettext_lazy("Adja meg a jogelőd 6 jegyű OM azonosítóját.")
NOT_EDITABLE = gettext_lazy("A kérelem jelenlegi állapotában nem módosítható.")
CODE_SENT = gettext_lazy(
    "Ha ehhez a PIR számhoz tartozik folyamatban lévő bejelentés, a bejelentéskor megadott "
    "e-mail címre elküldtük a folytatáshoz szükséges kódot."
)

try:  # the office login with a second factor (branch accounts)
    from portal.accounts.decorators import office_required
except ImportError:  # pragma: no cover - until accounts is merged
    def office_required(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated or request.user.kind != "office":
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return wrapper


# --- access -----------------------------------------------------------------------------

def _grant(request: HttpRequest, change_request: ChangeRequest) -> None:
    ids = set(request.session.get(SESSION_KEY, []))
    ids.add(change_request.pk)
    request.session[SESSION_KEY] = sorted(ids)


def _applicant_request(request: HttpRequest, pk: int) -> ChangeRequest:
    change_request = selectors.change_request_for_applicant(
        pk=pk, granted_ids=request.session.get(SESSION_KEY, []), user=request.user)
    if change_request is None:
        raise Http404
    return change_request


def _editable(request: HttpRequest, pk: int) -> tuple[ChangeRequest, InstitutionRecord] | HttpResponse:
    change_request = _applicant_request(request, pk)
    if not change_request.is_editable:
        messages.warning(request, NOT_EDITABLE)
        return redirect("changes:overview", pk=pk)
    return change_request, InstitutionRecord.from_dict(change_request.payload)


def _save(request, change_request, record, *, section: str, to: str, **kwargs) -> HttpResponse | None:
    """Save and redirect; ``None`` (with a message) when another tab saved first: the view then
    shows the form again with what was typed."""
    try:
        services.change_request_draft_save(
            change_request=change_request, record=record, actor=request.user, section=section,
            expected_revision=request.POST.get("revision", ""))
    except services.DraftConflict as error:
        messages.error(request, error.message)
        return None
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("changes:overview", pk=change_request.pk)
    messages.success(request, SAVED)
    return redirect(to, pk=change_request.pk, **kwargs)


def _context(change_request: ChangeRequest, record: InstitutionRecord, tab: str, **extra) -> dict:
    from .operating import INSTITUTION_KINDS

    return {"change_request": change_request, "record": record, "tab": tab,
            "revision": services.revision_of(change_request),
            "is_institution_request": change_request.kind in INSTITUTION_KINDS, **extra}


# --- starting and continuing ----------------------------------------------------------------

def start(request: HttpRequest) -> HttpResponse:
    """Új intézmény bejelentése (OM azonosító igénylése)."""
    form = forms.StartForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            change_request = services.change_request_start_new_institution(
                pir=form.cleaned_data["pir"], maintainer_id=form.cleaned_data["maintainer_id"],
                applicant_email=form.cleaned_data["applicant_email"], actor=request.user,
                client_address=client_address(request) or "")
        except services.ChangeRequestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = 429 if isinstance(error, services.RateLimited) else 200
        else:
            _grant(request, change_request)
            return redirect("changes:tab_basic", pk=change_request.pk)
    return render(request, "changes/start.html", {"form": form}, status=status)


def continue_draft(request: HttpRequest) -> HttpResponse:
    """Continue a PIR-based draft: a code goes to the e-mail given at the start."""
    if request.method == "POST" and "code" in request.POST:
        code_form = forms.ContinueCodeForm(request.POST)
        if code_form.is_valid():
            try:
                change_request = services.change_request_continuation_verify(
                    pir=code_form.cleaned_data["pir"], code=code_form.cleaned_data["code"])
            except services.ChangeRequestError as error:
                code_form.add_error("code", error.message)
            else:
                _grant(request, change_request)
                return redirect("changes:overview", pk=change_request.pk)
        return render(request, "changes/continue_code.html", {"form": code_form})
    form = forms.ContinueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_continuation_send(pir=form.cleaned_data["pir"],
                                                      client_address=client_address(request) or "")
        except services.RateLimited as error:
            form.add_error("pir", error.message)
            return render(request, "changes/continue.html", {"form": form}, status=429)
        messages.info(request, CODE_SENT)
        code_form = forms.ContinueCodeForm(initial={"pir": form.cleaned_data["pir"]})
        return render(request, "changes/continue_code.html", {"form": code_form})
    return render(request, "changes/continue.html", {"form": form})


# --- the request overview, submit, PDF, cancel -----------------------------------------------

FIELD_LABELS: dict[str, str] = {}


def _field_label(problem: schema.Problem) -> str:
    if not FIELD_LABELS:
        codes = codebook_load()
        dummy = InstitutionRecord(sites=[SiteRecord()])
        for form in (forms.BasicForm(codes=codes), forms.SiteForm(record=dummy, site=dummy.sites[0]),
                     forms.TaskForm(codes=codes), forms.LicenceForm(), forms.PredecessorForm()):
            for name, field in form.fields.items():
                FIELD_LABELS.setdefault(name, str(field.label))
            for prefix, sub in getattr(form, "address_forms", {}).items():
                for name, field in sub.fields.items():
                    FIELD_LABELS.setdefault(f"{prefix}-{name}", f"{sub.legend}: {field.label}")
        FIELD_LABELS.update({"add-site": _("Székhely"), "add-task": _("Ellátott feladatok"),
                             "maintainer": _("Fenntartó")})
    name = problem.field
    if "-" in name and not name.startswith("add-"):
        if name.startswith("supplements-"):
            return _("Kiegészítés")
        parts = name.split("-")
        address_part = "-".join(parts[-2:])  # "issuer_address-postal_code" of a licence
        name = address_part if address_part in FIELD_LABELS else parts[-1]
    return FIELD_LABELS.get(name, name)


def problem_url(change_request: ChangeRequest, problem: schema.Problem) -> str:
    pk = change_request.pk
    if problem.tab == schema.TAB_SITES and problem.site:
        url = reverse("changes:site_edit", kwargs={"pk": pk, "key": problem.site})
    elif problem.tab == schema.TAB_TASKS and problem.task:
        url = reverse("changes:task_edit", kwargs={"pk": pk, "key": problem.site, "task": problem.task})
    elif problem.tab == schema.TAB_TASKS:
        url = reverse("changes:site_tasks", kwargs={"pk": pk, "key": problem.site})
    else:
        url = reverse({
            schema.TAB_BASIC: "changes:tab_basic", schema.TAB_PREDECESSORS: "changes:tab_predecessors",
            schema.TAB_LICENCES: "changes:tab_licences", schema.TAB_SITES: "changes:tab_sites",
            schema.TAB_MAINTAINER: "changes:tab_maintainer",
        }[problem.tab], kwargs={"pk": pk})
    anchor = problem.field if problem.field.startswith("add-") or problem.field == "maintainer" \
        else f"id_{problem.field}"
    return f"{url}#{anchor}"


def _problem_rows(change_request: ChangeRequest, record: InstitutionRecord, problems) -> list[dict]:
    rows = []
    for problem in problems:
        site = record.site(problem.site) if problem.site else None
        rows.append({
            "url": problem_url(change_request, problem), "message": problem.message,
            "label": _field_label(problem), "site": (site.name or _("(név nélkül)")) if site else "",
        })
    return rows


@request_view
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    record = InstitutionRecord.from_dict(change_request.payload)
    return render(request, "changes/overview.html", _context(
        change_request, record, "overview", can_cancel=allowed(action="cancel", state=change_request.state),
        can_submit=allowed(action="submit", state=change_request.state), **print_state(change_request)))


def print_state(change_request: ChangeRequest) -> dict:
    """Whether the page offers the stored PDF or says it is being made (and refreshes itself)."""
    submitted = change_request.state in printing.POSTABLE_STATES
    ready = submitted and selectors.request_print_is_ready(change_request)
    return {"is_submitted": submitted, "print_ready": ready, "print_pending": submitted and not ready,
            "print_refresh": PRINT_REFRESH_SECONDS}


@require_POST
@request_view
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    try:
        services.change_request_submit(change_request=change_request, actor=request.user)
    except services.SubmitInvalid as error:
        record = InstitutionRecord.from_dict(change_request.payload)
        return render(request, "changes/overview.html", _context(
            change_request, record, "overview", problems=_problem_rows(change_request, record, error.problems),
            can_cancel=True, can_submit=True), status=422)
    except services.ChangeRequestError as error:
        messages.error(request, error.message)
        return redirect("changes:overview", pk=pk)
    except TransitionNotAllowed:
        change_request.refresh_from_db()
        if change_request.state != State.SUBMITTED:  # a double click finds it submitted already
            messages.error(request, NOT_EDITABLE)
        return redirect("changes:overview", pk=pk)
    messages.success(request, _("A kérelem beküldése sikeres. Töltse le, nyomtassa ki, és hitelesítve "
                                "küldje meg postán a 9001 Győr, Pf. 646 címre."))
    return redirect("changes:overview", pk=pk)


@request_view
def pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    change_request = selectors.change_request_for_applicant(
        pk=pk, granted_ids=request.session.get(SESSION_KEY, []), user=request.user, without_payload=True)
    if change_request is None:
        raise Http404
    return pdf_response(request, change_request)


PRINT_REFRESH_SECONDS = 2


class StoredPdfResponse(FileResponse):
    block_size = 256 * 1024  # a stored request is 20-500 KB: one or two writes, not 4 KB blocks


def pdf_response(request: HttpRequest, change_request: ChangeRequest) -> HttpResponseBase:
    """A submitted request: its stored PDF, or a page that waits for it (refreshing itself).
    A draft, reopened or cancelled request: rendered now, marked as not valid for posting."""
    filename = f"kerelem-{change_request.pk}.pdf"
    if change_request.state not in printing.POSTABLE_STATES:
        response = HttpResponse(change_request_pdf(change_request), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    stored = selectors.request_print_current(change_request)
    if stored is None:  # submitted before prints were stored: made now by the worker
        stored = printing.request_print_schedule(change_request=change_request)
    if stored.status != stored.Status.READY:
        return render(request, "changes/print_waiting.html", {
            "change_request": change_request, "failed": stored.status == stored.Status.FAILED,
            "refresh": PRINT_REFRESH_SECONDS}, status=202 if stored.status == stored.Status.PENDING else 503)
    stored_file = StoredPdfResponse(stored.file.open("rb"), as_attachment=True, filename=filename,
                                    content_type="application/pdf")
    stored_file["ETag"] = f'"{stored.sha256}"'
    stored_file["Cache-Control"] = "private, no-cache"
    return stored_file


@require_POST
@request_view
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    asking = confirmation_page(
        request, title=_("Kérelem sztornózása"),
        question=_("Biztosan sztornózza a(z) %(pk)s. számú kérelmet? A sztornózott kérelem nem folytatható.")
        % {"pk": change_request.pk},
        action=_("Igen, sztornózom"), back_url=reverse("changes:overview", args=[pk]))
    if asking:
        return asking
    try:
        services.change_request_cancel(change_request=change_request, actor=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A kérelmet sztornózta."))
    return redirect("changes:overview", pk=pk)


# --- tabs: basic data, predecessors, licences, maintainer ------------------------------------

@request_view
def tab_basic(request: HttpRequest, pk: int) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    codes = codebook_load()
    form = forms.BasicForm(request.POST or None, codes=codes, initial=forms.BasicForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        form.apply(record)
        if response := _save(request, change_request, record, section="basic", to="changes:tab_basic"):
            return response
    return render(request, "changes/tab_basic.html", _context(change_request, record, schema.TAB_BASIC, form=form))


@request_view
def tab_predecessors(request: HttpRequest, pk: int) -> HttpResponse:
    """Seed p. 6: the predecessors as a list with explicit add, edit and delete controls."""
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    action = request.POST.get("action", "")
    raw_index = request.POST.get("index") if request.method == "POST" else request.GET.get("modosit")
    index = int(raw_index) if raw_index and raw_index.isdigit() and int(raw_index) < len(record.predecessors) else None
    editing = index if action != "delete" else None
    form = forms.PredecessorForm(
        request.POST if action in ("add", "edit") else None,
        initial={"om_id": record.predecessors[editing]} if editing is not None else None)
    if action == "delete" and index is not None:
        record.predecessors.pop(index)
        if response := _save(request, change_request, record, section="predecessors", to="changes:tab_predecessors"):
            return response
    elif action in ("add", "edit") and form.is_valid():
        om_id = form.cleaned_data["om_id"].strip()
        if not om_id:
            form.add_error("om_id", PREDECESSOR_REQUIRED)
        else:
            if action == "edit" and index is not None:
                record.predecessors[index] = om_id
            else:
                record.predecessors.append(om_id)
            if response := _save(request, change_request, record, section="predecessors",
                                 to="changes:tab_predecessors"):
                return response
    return render(request, "changes/tab_predecessors.html", _context(
        change_request, record, schema.TAB_PREDECESSORS, form=form, editing=editing),
        status=422 if form.is_bound and form.errors else 200)


@request_view
def tab_licences(request: HttpRequest, pk: int) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    formset = forms.LicenceFormSet(
        request.POST or None, prefix="licences",
        initial=[forms.LicenceForm.initial_from(licence) for licence in record.licences])
    if request.method == "POST" and formset.is_valid():
        record.licences = [lic for lic in (f.to_licence() for f in formset.forms) if lic is not None]
        if response := _save(request, change_request, record, section="licences", to="changes:tab_licences"):
            return response
    has_errors = formset.is_bound and (formset.total_error_count() or any(
        f.address_errors_any for f in formset.forms))
    return render(request, "changes/tab_licences.html",
                  _context(change_request, record, schema.TAB_LICENCES, formset=formset, formset_has_errors=has_errors))


@request_view
def tab_maintainer(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    record = InstitutionRecord.from_dict(change_request.payload)
    return render(request, "changes/tab_maintainer.html",
                  _context(change_request, record, schema.TAB_MAINTAINER, maintainer=change_request.maintainer))


# --- sites ---------------------------------------------------------------------------------

@request_view
def tab_sites(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    record = InstitutionRecord.from_dict(change_request.payload)
    from portal.registry.models import Site

    registered = Site.objects.filter(institution_id=change_request.institution_id) \
        if change_request.institution_id else Site.objects.none()
    return render(request, "changes/tab_sites.html", _context(
        change_request, record, schema.TAB_SITES, kinds=schema.SITE_KINDS,
        sites=[(s, record.site(s.administered_by)) for s in record.sites],
        registered_keys={row.key for row in registered if row.is_active},
        deleted_sites=[row for row in registered if not row.is_active],
        status_kinds=schema.STATUS_CHANGE_KINDS))


@request_view
def site_edit(request: HttpRequest, pk: int, key: str = "") -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    site = record.site(key) if key else SiteRecord(kind=schema.OWN_ADMINISTRATION if record.seat else schema.SEAT)
    if site is None:
        raise Http404
    form = forms.SiteForm(request.POST or None, record=record, site=site, initial=forms.SiteForm.initial_from(site))
    if request.method == "POST" and form.is_valid():
        form.apply(site, copy_contact="copy_contact" in request.POST)
        if not key:
            record.sites.append(site)
        if "copy_contact" in request.POST:
            if response := _save(request, change_request, record, section="site", to="changes:site_edit", key=site.key):
                return response
        if response := _save(request, change_request, record, section="site", to="changes:tab_sites"):
            return response
    return render(request, "changes/site_edit.html", _context(
        change_request, record, schema.TAB_SITES, form=form, site=site, is_new=not key,
        capacity_fields=[form[name] for name in schema.CAPACITY_FIELDS],
        facility_fields=[form[name] for name in schema.FACILITY_FIELDS]))


@require_POST
@request_view
def site_delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    doomed = next((s for s in record.sites if s.key == key), None)
    asking = doomed and confirmation_page(
        request, title=_("Feladatellátási hely törlése"),
        question=_("Biztosan törli a(z) %(name)s feladatellátási helyet a kérelemből?") % {"name": doomed.name},
        action=_("Igen, törlöm"), back_url=reverse("changes:tab_sites", args=[pk]))
    if asking:
        return asking
    record.sites = [s for s in record.sites if s.key != key]
    for site in record.sites:
        if site.administered_by == key:
            site.administered_by = ""
    return _save(request, change_request, record, section="site_delete", to="changes:tab_sites") \
        or redirect("changes:tab_sites", pk=pk)


# --- tasks ---------------------------------------------------------------------------------

@request_view
def tab_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = _applicant_request(request, pk)
    record = InstitutionRecord.from_dict(change_request.payload)
    codes = codebook_load()
    sites = [(s, [schema.task_text(t, codes) for t in s.tasks]) for s in record.sites]
    return render(request, "changes/tab_tasks.html", _context(change_request, record, schema.TAB_TASKS, sites=sites))


@request_view
def site_tasks(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    site = record.site(key)
    if site is None:
        raise Http404
    codes = codebook_load()
    is_copy = request.method == "POST" and "copy" in request.POST
    form = forms.TaskForm(request.POST if request.method == "POST" and not is_copy else None, codes=codes)
    copy_form = forms.CopyTaskForm(request.POST if is_copy else None, record=record, codes=codes)
    if request.method == "POST":
        valid_form = copy_form if is_copy else form
        if valid_form.is_valid():
            task = copy_form.to_task() if is_copy else TaskRecord()
            if not is_copy:
                form.apply(task)
            site.tasks.append(task)
            # Seed p. 12: a new task opens its supplements at once.
            if response := _save(request, change_request, record, section="task", to="changes:task_edit",
                                 key=key, task=task.key):
                return response
    base_site = InstitutionRecord.from_dict(change_request.base_payload).site(key) \
        if change_request.base_payload else None
    return render(request, "changes/site_tasks.html", _context(
        change_request, record, schema.TAB_TASKS, site=site, form=form, copy_form=copy_form,
        tasks=[(t, schema.task_text(t, codes)) for t in site.tasks],
        approved_keys={t.key for t in base_site.tasks} if base_site else set()))


@request_view
def task_edit(request: HttpRequest, pk: int, key: str, task: str) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    site = record.site(key)
    found = next((t for t in site.tasks if t.key == task), None) if site else None
    if found is None:
        raise Http404
    codes = codebook_load()
    form = forms.TaskForm(request.POST or None, codes=codes, initial=forms.TaskForm.initial_from(found))
    formset = forms.SupplementFormSet(
        request.POST or None, prefix="supplements", form_kwargs={"codes": codes, "task": found},
        initial=[{"kind": s.kind, "value": s.value} for s in found.supplements])
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        form.apply(found)
        found.supplements = [s for s in (f.to_supplement() for f in formset.forms) if s is not None]
        if response := _save(request, change_request, record, section="task", to="changes:task_edit", key=key, task=task):
            return response
    return render(request, "changes/task_edit.html", _context(
        change_request, record, schema.TAB_TASKS, site=site, task=found, form=form, formset=formset))


@require_POST
@request_view
def task_delete(request: HttpRequest, pk: int, key: str, task: str) -> HttpResponse:
    result = _editable(request, pk)
    if isinstance(result, HttpResponse):
        return result
    change_request, record = result
    site = record.site(key)
    if site is None:
        raise Http404
    site.tasks = [t for t in site.tasks if t.key != task]
    return _save(request, change_request, record, section="task_delete", to="changes:site_tasks", key=key) \
        or redirect("changes:site_tasks", pk=pk, key=key)


# --- the office ----------------------------------------------------------------------------

@office_required
def office_queue(request: HttpRequest) -> HttpResponse:
    form = forms.QueueFilterForm(request.GET or None, kinds=Kind.choices, states=[
        c for c in State.choices if c[0] != State.DRAFT])
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    requests = selectors.change_request_queue(
        kind=filters.get("kind") or "", state=filters.get("state") or "",
        older_than_days=filters.get("older_than_days"))
    return render(request, "changes/office/queue.html", {"form": form, "requests": requests[:200]})


@office_required
def office_authenticate(request: HttpRequest) -> HttpResponse:
    """"Postai példány beérkezett": the verification code typed or read from the QR code."""
    form = forms.AuthenticateForm(request.POST or None, initial={"verification_code": request.GET.get("kod", "")})
    found = selectors.change_request_by_code(verification_code=request.GET.get("kod", ""))
    if request.method == "POST" and form.is_valid():
        try:
            change_request = services.change_request_authenticate(
                verification_code=form.cleaned_data["verification_code"], actor=request.user)
        except services.ChangeRequestError as error:
            form.add_error("verification_code", error.message)
        except TransitionNotAllowed as error:
            form.add_error("verification_code", str(error))
        else:
            messages.success(request, _("A kérelem postai példánya beérkezett, a kérelem hitelesített."))
            return redirect("changes:office_detail", pk=change_request.pk)
    return render(request, "changes/office/authenticate.html", {"form": form, "found": found})


def _office_detail_context(change_request: ChangeRequest, **extra) -> dict:
    codes = codebook_load()
    record = InstitutionRecord.from_dict(change_request.payload)
    old = InstitutionRecord.from_dict(change_request.base_payload) if change_request.base_payload else None
    return {
        "change_request": change_request, "record": record,
        "changes": schema.diff(old, record, codes=codes),
        "can_approve": allowed(action="approve", state=change_request.state),
        "can_decide": allowed(action="reject", state=change_request.state),
        "decision_form": forms.DecisionForm(), **extra,
    }


@office_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change_request = get_object_or_404(ChangeRequest.objects.select_related("maintainer", "institution"), pk=pk)
    if change_request.state == State.DRAFT:
        raise Http404
    if change_request.kind in services._MAINTAINER_KINDS:
        from .maintainer_views import office_request_detail

        return office_request_detail(request, change_request)
    return render(request, "changes/office/detail.html", _office_detail_context(change_request))


@office_required
@require_POST
def office_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    try:
        if action == "approve":
            services.change_request_approve(change_request=change_request, actor=request.user)
        elif action == "reopen":
            services.change_request_reopen(change_request=change_request, actor=request.user,
                                           reason=form.cleaned_data.get("reason", ""))
        elif action == "reject":
            services.change_request_reject(change_request=change_request, actor=request.user,
                                           reason=form.cleaned_data.get("reason", ""))
        else:
            raise Http404
    except services.ChangeRequestError as error:
        form.add_error("reason", error.message)
        if change_request.kind in services._MAINTAINER_KINDS:
            from .maintainer_views import office_request_detail

            return office_request_detail(request, change_request, decision_form=form, status=422)
        return render(request, "changes/office/detail.html",
                      _office_detail_context(change_request, decision_form=form), status=422)
    except TransitionNotAllowed as error:
        messages.error(request, _("A kérelemről időközben más döntött, vagy állapota nem engedi: %(e)s")
                       % {"e": error})
        return redirect("changes:office_detail", pk=pk)
    if action == "approve" and change_request.kind in services._MAINTAINER_KINDS:
        messages.success(request, _("A kérelmet átvezette; a fenntartó képviselője értesítést kapott."))
        return redirect("changes:office_detail", pk=pk)
    messages.success(request, {
        "approve": _("A kérelmet átvezette; az intézményvezető értesítést kapott."),
        "reopen": _("A kérelmet visszanyitotta; a bejelentő értesítést kapott."),
        "reject": _("A kérelmet elutasította; a bejelentő értesítést kapott."),
    }[action])
    return redirect("changes:office_detail", pk=pk)


@office_required
def office_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return pdf_response(request, get_object_or_404(ChangeRequest.objects.defer("payload", "base_payload"), pk=pk))
