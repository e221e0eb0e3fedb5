"""Read-only pages of the code lists for office clerks (/hivatal/kodtablak/)."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.accounts.decorators import office_required
from portal.core import selectors
from portal.core.services.codelists import codelist_data_version


class BaseTaskFilterForm(forms.Form):
    alapfeladat = forms.ChoiceField(label=_("Alapfeladat"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(t.code, t.name) for t in selectors.base_task_list()]
        self.fields["alapfeladat"].choices = [("", _("Összes alapfeladat"))] + choices


@office_required
def codelist_index(request: HttpRequest) -> HttpResponse:
    return render(request, "office/codelists/index.html", {
        "lists": selectors.codelist_catalogue(),
        "combination_count": selectors.task_combination_list().count(),
        "version": codelist_data_version(),
    })


@office_required
def codelist_detail(request: HttpRequest, slug: str) -> HttpResponse:
    detail = selectors.codelist_detail(slug=slug)
    if detail is None:
        raise Http404
    return render(request, "office/codelists/detail.html", {"list": detail})


@office_required
def supplement_kind_detail(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.supplement_kind_detail(code=code)
    if found is None:
        raise Http404
    kind, values = found
    return render(request, "office/codelists/supplement_kind.html", {"kind": kind, "values": values})


@office_required
def task_combination_list(request: HttpRequest) -> HttpResponse:
    form = BaseTaskFilterForm(request.GET or None)
    base_task = form.cleaned_data["alapfeladat"] if form.is_valid() else ""
    return render(request, "office/codelists/combinations.html", {
        "form": form, "combinations": selectors.task_combination_list(base_task=base_task),
    })
