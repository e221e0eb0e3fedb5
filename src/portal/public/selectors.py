"""Reads of the public search, pages, open data and API: approved register data only.

Drafts and pending requests live in ``changes.ChangeRequest.payload`` and never reach these
functions: they read the register tables (written only by approval) and the versions.
Every function runs a fixed number of queries, whatever the size of the register.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.utils.translation import gettext_lazy as _

from portal.registry.models import Institution, InstitutionVersion, Maintainer, Task
from portal.registry.schema import InstitutionRecord, from_register
from portal.registry.search import fold

PUBLIC_STATUSES = (Institution.Status.ACTIVE, Institution.Status.SUSPENDED, Institution.Status.TERMINATED)
PAGE_SIZE = 20
RESULT_CACHE_SECONDS = 60
QUERY_MAX = 200
WORDS_MAX = 8
WORD_MIN = 2

QUERY_TOO_LONG = _("A keresett szöveg legfeljebb 200 karakter lehet.")
QUERY_TOO_SHORT = _("Adjon meg legalább 2 betűt vagy számot.")
CHOICE_UNKNOWN = _("Válasszon a listából.")
MAINTAINER_ID_INVALID = _("A fenntartói azonosító 8 számjegyből áll.")
PAGE_INVALID = _("Az oldalszám pozitív egész szám.")
DATE_INVALID = _("Adjon meg egy valós dátumot ÉÉÉÉ-HH-NN formában.")
CURSOR_INVALID = _("Érvénytelen lapozási jel (cursor). Használja a válaszban kapott értéket.")


# --- parsing (pure functions; hypothesis tests them) --------------------------------------------

def query_words(text: str) -> list[str]:
    """The folded words of a query: at most 8, each at least 2 characters, no duplicates."""
    words = [w for w in fold(text).split() if len(w) >= WORD_MIN]
    return list(dict.fromkeys(words))[:WORDS_MAX]


def page_parse(value) -> int | None:
    """A page number ≥ 1, or None when it is not one."""
    text = str(value if value is not None else "1").strip() or "1"
    if not re.fullmatch(r"\d{1,6}", text) or int(text) < 1:
        return None
    return int(text)


def date_parse(value: str) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()) else None
    except ValueError:
        return None


def cursor_encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{position}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str | None) -> int | None:
    """The position inside an opaque cursor; 0 for none; None when it is not a cursor of ours."""
    if not cursor:
        return 0
    text = str(cursor).strip()
    if len(text) > 40 or not re.fullmatch(r"[A-Za-z0-9_-]+", text):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    match = re.fullmatch(r"v1:(\d{1,18})", raw)
    return int(match.group(1)) if match else None


# --- search ---------------------------------------------------------------------------------------

@dataclass
class SearchQuery:
    text: str = ""
    county: str = ""
    settlement: str = ""
    maintainer: str = ""
    maintainer_type: str = ""
    institution_type: str = ""
    task: str = ""

    @property
    def words(self) -> list[str]:
        return query_words(self.text)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.county or self.settlement or self.maintainer
                    or self.maintainer_type or self.institution_type or self.task)


@dataclass
class SearchPage:
    items: list
    total: int
    page: int
    pages: int
    page_size: int = PAGE_SIZE
    out_of_range: bool = False
    numbers: list[int] = field(default_factory=list)


def institution_public_queryset() -> QuerySet[Institution]:
    return Institution.objects.filter(status__in=PUBLIC_STATUSES, om_id__isnull=False)


def institution_search_queryset(query: SearchQuery) -> QuerySet[Institution]:
    """Matching institutions, best first: OM ID, name starting with the query, a word starting with it, the rest.

    Each word must occur in the folded search column (``LIKE '%word%'``: the trigram GIN index on
    PostgreSQL; on SQLite a scan of that one column). Filters use indexed columns.
    """
    qs = institution_public_queryset()
    words = query.words
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if query.county:
        qs = qs.filter(seat_county=query.county)
    if query.settlement:
        qs = qs.filter(seat_settlement=fold(query.settlement))
    if query.maintainer:
        qs = qs.filter(maintainer__maintainer_id=query.maintainer)
    if query.maintainer_type:
        qs = qs.filter(maintainer__maintainer_type__code=query.maintainer_type)
    if query.institution_type:
        qs = qs.filter(institution_type=query.institution_type)
    if query.task:
        qs = qs.filter(pk__in=Task.objects.filter(base_task=query.task, site__is_active=True)
                       .values("site__institution_id"))
    if not words:
        return qs.order_by("name", "pk")
    phrase = " ".join(words)
    digits = re.sub(r"\D", "", query.text)
    rank = Case(
        When(om_id=digits if len(digits) == 6 else "-", then=Value(0)),
        When(search_text__startswith=phrase, then=Value(1)),
        When(search_text__contains=f" {phrase}", then=Value(2)),
        When(search_text__contains=phrase, then=Value(3)),
        default=Value(4), output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("rank", "name", "pk")


@dataclass(slots=True)
class SearchRow:
    """What a result row shows (the page) or returns (the API): plain values, no model instances."""
    om_id: str
    name: str
    status: str
    status_label: str
    institution_type: str
    county: str
    postal_code: str
    settlement: str
    maintainer_id: str | None
    maintainer_name: str | None


ROW_FIELDS = ("om_id", "name", "status", "institution_type", "seat_county", "seat_postal_code",
              "seat_settlement_name", "maintainer__maintainer_id", "maintainer__name")


def institution_search_slice(*, query: SearchQuery, offset: int, size: int) -> tuple[list[SearchRow], int]:
    """``size`` results from ``offset`` and the number of all results, in 1 query.

    The total comes with the page as ``COUNT(*) OVER ()``: ordering by relevance visits every
    matching row anyway, so a separate ``COUNT`` would read them a second time. A row shows only
    columns of the institution (the seat is copied there, ``registry.search``) and its maintainer.
    A page beyond the last one (no row to carry the total) costs one ``COUNT`` more. Rows are read
    with ``values_list``: only the shown columns, no model instances.
    """
    qs = institution_search_queryset(query)
    found = list(qs.annotate(found=Window(Count("pk"))).values_list(*ROW_FIELDS, "found")[offset: offset + size])
    total = found[0][-1] if found else (qs.count() if offset else 0)
    labels = dict(Institution.Status.choices)
    rows = [SearchRow(om_id, name, status, str(labels.get(status, status)), kind, county, postal_code,
                      settlement, maintainer_id, maintainer_name)
            for (om_id, name, status, kind, county, postal_code, settlement, maintainer_id, maintainer_name,
                 _total) in found]
    return rows, total


def register_stamp() -> tuple:
    """Changes whenever approved data changes (1 query, two index look-ups).

    Every write of the register adds a version (approvals, the access manager's head change, the
    national load), so the newest institution and maintainer version identify the data state.
    """
    from portal.registry.models import MaintainerVersion

    tables = [connection.ops.quote_name(m._meta.db_table) for m in (InstitutionVersion, MaintainerVersion)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {tables[0]}), (SELECT MAX(id) FROM {tables[1]})")
        return tuple(cursor.fetchone())


def institution_search_cache_key(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE) -> str | None:
    """The key of a result page under the register's data state (1 query), None when caching is off.

    Pages keep results (``institution_search``) or their rendering (the search page) under it.
    """
    if not RESULT_CACHE_SECONDS:
        return None
    state = (register_stamp(), asdict(query), page, page_size)
    return "public:search:" + hashlib.sha256(repr(state).encode()).hexdigest()


def institution_search(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    """One page of results, kept for ``RESULT_CACHE_SECONDS`` under the register's data state.

    A repeated search costs 1 query (the stamp); a new one 2 (the stamp, the page with its total).
    Set ``RESULT_CACHE_SECONDS = 0`` to read the database every time.
    """
    key = institution_search_cache_key(query=query, page=page, page_size=page_size)
    found = cache.get(key) if key else None
    if found is None:
        found = institution_search_read(query=query, page=page, page_size=page_size)
        if key:
            cache.set(key, found, RESULT_CACHE_SECONDS)
    return found


def institution_search_read(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    """A page number beyond the last shows the last page (2 queries more: the count and that page)."""
    items, total = institution_search_slice(query=query, offset=(page - 1) * page_size, size=page_size)
    pages = max(1, -(-total // page_size))
    out_of_range = page > pages
    if out_of_range:
        page = pages
        items, total = institution_search_slice(query=query, offset=(page - 1) * page_size, size=page_size)
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    return SearchPage(items, total, page, pages, page_size, out_of_range, numbers)


# --- pages ------------------------------------------------------------------------------------------

def institution_public_get(*, om_id: str) -> Institution | None:
    if not re.fullmatch(r"\d{6}", str(om_id or "")):
        return None
    return (institution_public_queryset().select_related("maintainer", "maintainer__maintainer_type")
            .filter(om_id=om_id).first())


def institution_record(*, institution: Institution) -> InstitutionRecord:
    """The approved record as the register tables hold it now."""
    return from_register(institution)


def institution_versions(*, institution: Institution) -> list[InstitutionVersion]:
    return list(InstitutionVersion.objects.filter(institution=institution)
                .select_related("change_request").defer("data").order_by("-number"))


def institution_as_of(*, institution: Institution, day: date) -> tuple[InstitutionVersion, InstitutionRecord] | None:
    """The version in force on ``day`` (the latest recorded one valid from that day or earlier)."""
    version = (InstitutionVersion.objects.filter(institution=institution, valid_from__lte=day)
               .order_by("-valid_from", "-number").first())
    if version is None:
        return None
    return version, InstitutionRecord.from_dict(version.data)


def institution_documents(*, institution: Institution) -> list:
    """Authenticated documents of the institution (each with ``public_url``)."""
    from portal.documents.selectors import document_public_list

    return list(document_public_list(institution))


def maintainer_documents(*, maintainer: Maintainer) -> list:
    """Authenticated documents of the maintainer (each with ``public_url``)."""
    from portal.documents.selectors import document_public_list

    return list(document_public_list(maintainer=maintainer))


def maintainer_public_get(*, maintainer_id: str) -> Maintainer | None:
    if not re.fullmatch(r"\d{8}", str(maintainer_id or "")):
        return None
    return Maintainer.objects.select_related("maintainer_type").filter(maintainer_id=maintainer_id).first()


def maintainer_public_record(*, maintainer: Maintainer) -> dict:
    """The approved maintainer record for the API: the register schema, the representative reduced to
    name and position (their own contacts are not public), members without their representatives."""
    from portal.registry.maintainer_schema import from_register as maintainer_from_register

    data = maintainer_from_register(maintainer).to_dict()
    data["representative"] = {k: data["representative"].get(k, "") for k in ("name", "position")}
    data["members"] = [{k: m.get(k) for k in ("pir", "name", "is_lead", "address")} for m in data["members"]]
    data["terminated_on"] = maintainer.terminated_on.isoformat() if maintainer.terminated_on else None
    return data


def maintainer_institutions(*, maintainer: Maintainer, page: int = 1) -> SearchPage:
    return institution_search(query=SearchQuery(maintainer=maintainer.maintainer_id), page=page)


def maintainers_public(*, text: str = "", maintainer_type: str = "") -> QuerySet[Maintainer]:
    qs = Maintainer.objects.select_related("maintainer_type").filter(maintainer_id__isnull=False)
    if maintainer_type:
        qs = qs.filter(maintainer_type__code=maintainer_type)
    for word in query_words(text):
        qs = qs.filter(Q(name__icontains=word) | Q(maintainer_id=word))
    return qs.order_by("maintainer_id")
