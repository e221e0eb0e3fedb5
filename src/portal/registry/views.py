"""The operating institution's home, its ID-card data, and the office's relation counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.decorators import institution_view, office_required
from portal.changes.permissions import (
    DOCUMENTS,
    ID_CARDS,
    INSTITUTION_DATA,
    module_allowed,
    module_view,
)
from portal.registry.codes import codebook_load

from . import selectors, services
from .forms import IdCardForm, OfficeInstitutionForm, RelationCountForm
from .models import Institution, Site
from .schema import SITE_KINDS, address_text, site_rows, task_text


@institution_view
def institution_home(request: HttpRequest) -> HttpResponse:
    """After login: the current approved data in sections that fold and unfold (``<details>``)."""
    institution = request.acting_institution
    codes = codebook_load()
    record = selectors.institution_current_record(institution=institution)
    sites = [{"record": s, "kind": SITE_KINDS.get(s.kind, s.kind), "rows": site_rows(s, record, codes),
              "tasks": [task_text(t, codes) for t in s.tasks]} for s in record.sites]
    rights = {code for code in (INSTITUTION_DATA, ID_CARDS, DOCUMENTS)
              if module_allowed(request.user, institution, code)}
    return render(request, "registry/institution_home.html", {
        "institution": institution, "record": record, "basic_rows": record.basic_rows(codes), "sites": sites,
        "rights": rights})


@module_view(ID_CARDS)
def id_cards(request: HttpRequest) -> HttpResponse:
    rows = selectors.id_card_rows(institution=request.acting_institution)
    return render(request, "registry/id_cards.html", {"rows": rows, "institution": request.acting_institution,
                                                      "address_text": address_text})


@module_view(ID_CARDS)
def id_card_edit(request: HttpRequest, number: str) -> HttpResponse:
    row = selectors.id_card_row(institution=request.acting_institution, number=number)
    if row is None:
        raise Http404
    own_billing = row.site.kind != Site.Kind.NO_ADMINISTRATION
    current = (row.pending.data if row.pending else row.data) or {}
    initial = dict(current)
    form = IdCardForm(request.POST or None, own_billing=own_billing, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.id_card_data_set(site=row.site, data=form.to_data(), actor=request.user)
        messages.success(request, _("Az adatokat rögzítettük. A módosítás néhány perc múlva, kérelem nélkül "
                                    "automatikusan megjelenik a rendszerben."))
        return redirect("registry:id_cards")
    return render(request, "registry/id_card_edit.html", {
        "form": form, "row": row, "institution": request.acting_institution},
        status=422 if form.is_bound and (form.errors or form.address_errors_any) else 200)


OFFICE_TARGETS = {"jogviszonyok": "registry:office_relations", "dokumentum": "documents:office_register"}
INSTITUTION_NOT_FOUND = gettext_lazy("Nincs ilyen OM azonosítójú intézmény a nyilvántartásban.")


@office_required
def office_institution_go(request: HttpRequest) -> HttpResponse:
    """The dashboard's OM-ID box: to an institution's relation counts or document registration."""
    form = OfficeInstitutionForm(request.GET or None)
    if form.is_bound and form.is_valid():
        om_id = form.cleaned_data["om_id"].strip()
        if Institution.objects.filter(om_id=om_id).exists():
            return redirect(OFFICE_TARGETS.get(request.GET.get("cel", ""), "registry:office_relations"), om_id=om_id)
        form.add_error("om_id", INSTITUTION_NOT_FOUND)
    return render(request, "registry/office_institution_go.html", {"form": form},
                  status=404 if form.is_bound and form.errors else 200)


@office_required
def office_relations(request: HttpRequest, om_id: str) -> HttpResponse:
    """The office sets the counts of active relations per site (the register holds no pupils or staff)."""
    institution = get_object_or_404(Institution, om_id=om_id)
    sites = selectors.institution_sites_all(institution=institution)
    site = None
    form = None
    if request.method == "POST":
        site = get_object_or_404(Site, institution=institution, pk=request.POST.get("site", "0") or 0)
        form = RelationCountForm(request.POST, prefix=f"site{site.pk}")
        if form.is_valid():
            services.site_relations_set(site=site, enrolments=form.cleaned_data["active_enrolments"],
                                        employments=form.cleaned_data["active_employments"], actor=request.user)
            messages.success(request, _("A jogviszonyok számát rögzítettük."))
            return redirect("registry:office_relations", om_id=om_id)
    forms = [(s, form if site is not None and s.pk == site.pk else RelationCountForm(
        prefix=f"site{s.pk}", initial={"active_enrolments": s.active_enrolments,
                                       "active_employments": s.active_employments})) for s in sites if s.is_active]
    return render(request, "registry/office_relations.html", {"institution": institution, "forms": forms},
                  status=422 if form is not None and form.errors else 200)
