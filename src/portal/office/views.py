"""The Education Office's back office: its start page, the audit log and the statistics."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.accounts.decorators import office_required
from portal.core.selectors import audit_entry_list

AUDIT_PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Művelet"), required=False, max_length=100,
                             help_text=_("A művelet nevének eleje, például change_request vagy account."))
    object_type = forms.CharField(label=_("Objektum típusa"), required=False, max_length=100,
                                  help_text=_("Például registry.institution"))
    actor = forms.CharField(label=_("Ki"), required=False, max_length=100)


@office_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from portal.registry.forms import OfficeInstitutionForm

    return render(request, "office/dashboard.html", {"form": OfficeInstitutionForm()})


@office_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(
        action=filters.get("action", ""), object_type=filters.get("object_type", ""),
        actor_label=filters.get("actor", ""),
    )
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("oldal"))
    query = request.GET.copy()
    query.pop("oldal", None)
    return render(request, "office/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


@office_required
def statistics(request: HttpRequest) -> HttpResponse:
    from .statistics import office_decisions_per_week, office_queue_by_state_and_age

    return render(request, "office/statistics.html", {
        "charts": [office_queue_by_state_and_age(), office_decisions_per_week()],
    })
