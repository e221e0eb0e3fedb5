"""Public pages: search, institution, maintainer, open data. Anyone may read them."""

import re
from datetime import date
from functools import partial
from urllib.parse import urlencode

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.registry.codes import codebook_load
from portal.registry.maintainer_selectors import maintainer_public_detail
from portal.registry.schema import site_rows, task_text

from . import opendata, selectors
from .forms import KNOWN_PARAMETERS, SearchForm

PAGE_OUT_OF_RANGE = "Nincs ennyi találati oldal; az utolsó oldalt mutatjuk."
UNKNOWN_PARAMETERS = "Ezeket a szűrőket nem ismerjük, ezért nem vettük figyelembe: {names}."
AS_OF_BEFORE_FIRST = "Ezen a napon az intézmény még nem szerepelt a nyilvántartásban."


def _row_urls() -> dict[str, str]:
    """The address prefixes of result rows: one ``reverse`` per page instead of two per row."""
    return {"institution": reverse("public:institution", args=["000000"]).removesuffix("000000/"),
            "maintainer": reverse("public:maintainer", args=["00000000"]).removesuffix("00000000/")}


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    unknown = sorted(k for k in request.GET if k not in KNOWN_PARAMETERS)[:5]
    context = {"form": form, "unknown": ", ".join(unknown), "results": None, "urls": _row_urls(),
               # The form is rendered once per code-list version and filters, the typed text put in;
               # the rendered results are kept as long as results would be.
               "form_html": form.rendered(seconds=selectors.RESULT_CACHE_SECONDS),
               "cache_seconds": selectors.RESULT_CACHE_SECONDS}
    page = selectors.page_parse(request.GET.get("oldal"))
    if page is None:
        context["page_error"] = selectors.PAGE_INVALID
    elif form.is_bound and form.is_valid():
        query = form.search_query()
        if not query.is_empty:
            # The results are read only if their rendering is not in the cache yet.
            stamp = selectors.register_stamp()
            context["results"] = SimpleLazyObject(partial(selectors.institution_search_read, query=query, page=page,
                                                          stamp=stamp))
            context["results_key"] = selectors.institution_search_cache_key(query=query, page=page, stamp=stamp)
            # From the cleaned values: the same search always pages with the same links.
            context["base_query"] = urlencode({k: v for k, v in form.cleaned_data.items() if v})
            context["other_filters"] = urlencode({k: v for k, v in form.cleaned_data.items() if v and k != "q"})
    return render(request, "public/search.html", context)


def _institution(om_id: str):
    institution = selectors.institution_public_get(om_id=om_id)
    if institution is None:
        raise Http404
    return institution


@require_GET
def institution_detail(request, om_id: str):
    institution = _institution(om_id)
    codes = codebook_load()
    day_text = request.GET.get("datum", "").strip()
    context = {"institution": institution, "codes": codes, "day_text": day_text[:10],
               "versions": selectors.institution_versions(institution=institution),
               "documents": selectors.institution_documents(institution=institution)}
    if day_text:
        day = selectors.date_parse(day_text)
        if day is None:
            context["day_error"] = selectors.DATE_INVALID
        else:
            found = selectors.institution_as_of(institution=institution, day=day)
            context["day"] = day
            if found is None:
                context["day_error"] = _(AS_OF_BEFORE_FIRST)
            else:
                context["as_of_version"], context["record"] = found
    if "record" not in context:
        context["record"] = selectors.institution_record(institution=institution)
    record = context["record"]
    context["basic_rows"] = record.basic_rows(codes)
    context["sites"] = [
        {"site": site, "rows": site_rows(site, record, codes), "tasks": [task_text(t, codes) for t in site.tasks]}
        for site in record.sites
    ]
    return render(request, "public/institution.html", context)


@require_GET
def maintainer_detail(request, maintainer_id: str):
    """Approved data of the maintainer (registry's public detail) with its institutions."""
    detail = maintainer_public_detail(maintainer_id) if re.fullmatch(r"\d{8}", maintainer_id) else None
    if detail is None:
        raise Http404
    documents = selectors.maintainer_documents(maintainer=detail["maintainer"])
    return render(request, "public/maintainer.html", {**detail, "documents": documents, "urls": _row_urls()})


@require_GET
def open_data(request):
    today = timezone.localdate()
    return render(request, "public/open_data.html", {"formats": list(opendata.FORMATS), "today": today})


@require_GET
def open_data_download(request, stamp: str, fmt: str):
    if fmt not in opendata.FORMATS:
        raise Http404
    as_of = None
    if stamp != "legfrissebb":
        as_of = selectors.date_parse(stamp)
        if as_of is None or as_of > date(9999, 1, 1):
            raise Http404
    response = StreamingHttpResponse(opendata.export_stream(fmt=fmt, as_of=as_of),
                                     content_type=opendata.FORMATS[fmt])
    label = "legfrissebb" if as_of is None else as_of.isoformat()
    response["Content-Disposition"] = f'attachment; filename="kir-intezmenyek-{label}.{fmt}"'
    return response
