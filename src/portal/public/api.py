"""The read-only public API (django-ninja) at /api/: OpenAPI at /api/openapi.json, docs at /api/docs.

Every list is cursor-paged (``cursor`` in, ``next_cursor`` out; opaque). Bad input gets HTTP 400
with ``{"error": <Hungarian message>, "field": <parameter>}``; unknown parameters are refused the
same way; too many requests from one address get 429. Nothing here writes.
"""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.throttling import BaseThrottle

from portal.core.clientaddress import client_address
from portal.core.models import (
    BaseTask,
    County,
    InstitutionCharacter,
    InstitutionType,
    MaintainerType,
    Schedule,
    SpecialCharacteristic,
    SupplementKind,
)
from portal.registry.models import InstitutionVersion
from portal.registry.schema import from_register

from . import selectors

LIMIT_DEFAULT, LIMIT_MAX = 50, 200
UNKNOWN_PARAMETER = "Ismeretlen paraméter: {name}."
LIMIT_INVALID = "A limit 1 és 200 közötti egész szám."
NOT_FOUND = "Nincs ilyen adat a nyilvántartásban."
TOO_MANY = "Túl sok kérés érkezett erről a címről. Próbálja újra egy perc múlva."
INTERNAL = "Váratlan hiba történt; kérjük, próbálja újra később."
CODELISTS = {
    "intezmeny-jelleg": InstitutionCharacter, "intezmeny-tipus": InstitutionType,
    "fenntarto-tipus": MaintainerType, "alapfeladat": BaseTask,
    "specialis-jellemzo": SpecialCharacteristic, "kepzesi-rendszer": Schedule,
    "feladatkiegeszites-fajta": SupplementKind, "varmegye": County,
}


class IpRateThrottle(BaseThrottle):
    """Fixed one-minute window per client address in the Django cache (``PUBLIC_API_RATE`` per minute)."""

    def allow_request(self, request) -> bool:
        limit = getattr(settings, "PUBLIC_API_RATE", 120)
        key = f"public-api:{client_address(request) or ''}:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=70)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        return count <= limit

    def wait(self) -> float:
        return 60 - time.time() % 60


api = NinjaAPI(
    title="KIR Intézménytörzs – nyilvános API", version="1",
    description=("Jóváhagyott intézményi adatok, fenntartók, kódlisták, változatok és változásfolyam. "
                 "A teljes nyilvántartás egyben letölthető (CSV, XLSX, JSON): "
                 "[Nyílt adatok](/kereses/nyilt-adatok/). Kereső: [Intézménykereső](/kereses/)."),
    urls_namespace="public_api", throttle=[IpRateThrottle()],
)


class BadInput(Exception):
    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


@api.exception_handler(BadInput)
def _bad_input(request, exc: BadInput):
    return api.create_response(request, {"error": exc.message, "field": exc.field}, status=400)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    fields = [str(e.get("loc", [""])[-1]) for e in exc.errors]
    return api.create_response(request, {"error": _("Hibás paraméter."), "field": ",".join(fields)}, status=400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"error": NOT_FOUND}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    message = TOO_MANY if exc.status_code == 429 else str(exc)
    return api.create_response(request, {"error": message}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc):  # never leak internals
    import logging

    logging.getLogger("portal.public.api").exception("API error")
    return api.create_response(request, {"error": INTERNAL}, status=500)


def _only(request, *allowed: str) -> None:
    for name in request.GET:
        if name not in allowed:
            raise BadInput(UNKNOWN_PARAMETER.format(name=name[:40]), name[:40])


def _limit(value: str | None) -> int:
    if value in (None, ""):
        return LIMIT_DEFAULT
    if not str(value).isdigit() or not 1 <= int(value) <= LIMIT_MAX:
        raise BadInput(LIMIT_INVALID, "limit")
    return int(value)


def _cursor(value: str | None, field: str = "cursor") -> int:
    position = selectors.cursor_decode(value)
    if position is None:
        raise BadInput(str(selectors.CURSOR_INVALID), field)
    return position


def _code(value: str | None, model, field: str) -> str:
    value = (value or "").strip()
    if value and not model.objects.filter(code=value).exists():
        raise BadInput(str(selectors.CHOICE_UNKNOWN), field)
    return value


def _day(value: str | None, field: str) -> date | None:
    if value in (None, ""):
        return None
    day = selectors.date_parse(value)
    if day is None:
        raise BadInput(str(selectors.DATE_INVALID), field)
    return day


class InstitutionSummary(Schema):
    om_id: str
    name: str
    status: str
    institution_type: str
    county: str
    settlement: str
    postal_code: str
    maintainer_id: str | None
    maintainer_name: str | None
    score: float | None = None


class InstitutionPage(Schema):
    count: int
    items: list[InstitutionSummary]
    next_cursor: str | None
    did_you_mean: str | None = None
    suggestions: list[InstitutionSummary] = []


def _summary(row: selectors.SearchRow, *, scored: bool = True) -> dict:
    """A result; ``score`` (relevance: higher is better, ``matching``) only when text was searched."""
    return {
        "om_id": row.om_id, "name": row.name, "status": row.status, "institution_type": row.institution_type,
        "county": row.county, "settlement": row.settlement, "postal_code": row.postal_code,
        "maintainer_id": row.maintainer_id, "maintainer_name": row.maintainer_name,
        "score": row.score if scored else None,
    }


@api.get("/institutions", response=InstitutionPage, summary="Intézmények keresése")
def institutions(request, q: str = "", county: str = "", settlement: str = "", maintainer: str = "",
                 maintainer_type: str = "", institution_type: str = "", task: str = "",
                 cursor: str = "", limit: str = ""):
    _only(request, "q", "county", "settlement", "maintainer", "maintainer_type", "institution_type",
          "task", "cursor", "limit")
    if len(q) > selectors.QUERY_MAX:
        raise BadInput(str(selectors.QUERY_TOO_LONG), "q")
    if q.strip() and not selectors.query_words(q):
        raise BadInput(str(selectors.QUERY_TOO_SHORT), "q")
    if maintainer and not (maintainer.isascii() and maintainer.isdigit() and len(maintainer) == 8):
        raise BadInput(str(selectors.MAINTAINER_ID_INVALID), "maintainer")
    if county and not County.objects.filter(code=county).exists():
        raise BadInput(str(selectors.CHOICE_UNKNOWN), "county")
    query = selectors.SearchQuery(
        text=q, county=county, settlement=settlement[:100], maintainer=maintainer,
        maintainer_type=_code(maintainer_type, MaintainerType, "maintainer_type"),
        institution_type=_code(institution_type, InstitutionType, "institution_type"),
        task=_code(task, BaseTask, "task"),
    )
    offset, size = _cursor(cursor), _limit(limit)
    found = selectors.institution_search_slice(query=query, offset=offset, size=size)
    following = offset + size
    scored = bool(query.words)
    return {"count": found.total, "items": [_summary(i, scored=scored) for i in found.items],
            "next_cursor": selectors.cursor_encode(following) if following < found.total else None,
            "did_you_mean": found.did_you_mean or None,
            "suggestions": [_summary(i) for i in found.suggestions]}


def _institution(om_id: str):
    institution = selectors.institution_public_get(om_id=om_id)
    if institution is None:
        raise Http404
    return institution


@api.get("/institutions/{om_id}", summary="Egy intézmény jóváhagyott adatai (a nyilvántartás sémája szerint)")
def institution(request, om_id: str):
    _only(request)
    item = _institution(om_id)
    record = from_register(item).to_dict()
    return {**record, "status": item.status,
            "maintainer": {"maintainer_id": item.maintainer.maintainer_id, "name": item.maintainer.name,
                           "maintainer_type": item.maintainer.maintainer_type.code} if item.maintainer else None}


@api.get("/institutions/{om_id}/sites", summary="Feladatellátási helyek")
def sites(request, om_id: str):
    _only(request)
    record = from_register(_institution(om_id)).to_dict()
    return {"items": [{k: v for k, v in site.items() if k != "tasks"} for site in record["sites"]]}


@api.get("/institutions/{om_id}/tasks", summary="Ellátott feladatok (feladatellátási helyenként)")
def tasks(request, om_id: str):
    _only(request)
    record = from_register(_institution(om_id)).to_dict()
    return {"items": [{**task, "site_number": site["number"]} for site in record["sites"] for task in site["tasks"]]}


@api.get("/institutions/{om_id}/versions", summary="Jóváhagyott változatok; as_of: az adott napon hatályos")
def versions(request, om_id: str, as_of: str = ""):
    _only(request, "as_of")
    item = _institution(om_id)
    day = _day(as_of, "as_of")
    if day is not None:
        found = selectors.institution_as_of(institution=item, day=day)
        if found is None:
            raise Http404
        version, record = found
        return {"as_of": day.isoformat(), "number": version.number, "valid_from": version.valid_from,
                "record": record.to_dict()}
    return {"items": [
        {"number": v.number, "valid_from": v.valid_from, "recorded_at": v.recorded_at,
         "change_request_kind": v.change_request.kind if v.change_request else None}
        for v in selectors.institution_versions(institution=item)
    ]}


@api.get("/maintainers", summary="Fenntartók")
def maintainers(request, maintainer_type: str = "", cursor: str = "", limit: str = ""):
    _only(request, "maintainer_type", "cursor", "limit")
    after, size = _cursor(cursor), _limit(limit)
    qs = selectors.maintainers_public(maintainer_type=_code(maintainer_type, MaintainerType, "maintainer_type"))
    page = list(qs.filter(pk__gt=after).order_by("pk")[: size + 1])
    more = len(page) > size
    page = page[:size]
    return {"items": [{"maintainer_id": m.maintainer_id, "name": m.name, "maintainer_type": m.maintainer_type.code,
                       "status": m.status, "pir": m.pir, "tax_number": m.tax_number} for m in page],
            "next_cursor": selectors.cursor_encode(page[-1].pk) if more else None}


@api.get("/maintainers/{maintainer_id}", summary="Egy fenntartó és intézményei")
def maintainer(request, maintainer_id: str):
    _only(request)
    found = selectors.maintainer_public_get(maintainer_id=maintainer_id)
    if found is None:
        raise Http404
    om_ids = list(selectors.institution_public_queryset().filter(maintainer=found)
                  .order_by("om_id").values_list("om_id", flat=True))
    return {**selectors.maintainer_public_record(maintainer=found), "maintainer_id": found.maintainer_id,
            "name": found.name, "status": found.status, "maintainer_type": found.maintainer_type.code,
            "institutions": om_ids}


@api.get("/codelists", summary="Kódlisták")
def codelists(request):
    _only(request)
    return {"items": list(CODELISTS)}


@api.get("/codelists/{name}", summary="Egy kódlista elemei")
def codelist(request, name: str):
    _only(request)
    model = CODELISTS.get(name)
    if model is None:
        raise Http404
    if model is County:
        return {"items": [{"code": c, "name": n} for c, n in County.objects.values_list("code", "name")]}
    return {"items": [{"code": c, "name": n, "active": a}
                      for c, n, a in model.objects.values_list("code", "name", "is_active")]}


@api.get("/changes", summary="Változásfolyam: minden jóváhagyott változás sorrendben (since: cursor)")
def changes(request, since: str = "", limit: str = ""):
    _only(request, "since", "limit")
    after, size = _cursor(since, "since"), _limit(limit)
    rows = list(InstitutionVersion.objects.filter(pk__gt=after, institution__om_id__isnull=False)
                .select_related("institution", "change_request").defer("data").order_by("pk")[:size])
    items = [{"cursor": selectors.cursor_encode(v.pk), "om_id": v.institution.om_id, "name": v.institution.name,
              "version": v.number, "valid_from": v.valid_from, "recorded_at": v.recorded_at,
              "change_request_kind": v.change_request.kind if v.change_request else None} for v in rows]
    last = rows[-1].pk if rows else after
    return {"items": items, "next_cursor": selectors.cursor_encode(last)}
