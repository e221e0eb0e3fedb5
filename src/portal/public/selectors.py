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
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.registry.models import Institution, InstitutionVersion, Maintainer
from portal.registry.schema import InstitutionRecord, from_register
from portal.registry.search import fold

if TYPE_CHECKING:
    from . import matching

PUBLIC_STATUSES = (Institution.Status.ACTIVE, Institution.Status.SUSPENDED, Institution.Status.TERMINATED)
PAGE_SIZE = 20
RESULT_CACHE_SECONDS = 60
QUERY_MAX = 200
WORDS_MAX = 10
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
    """The folded words of a query: each at least 2 characters, no duplicates, at most 10 (the
    longest, in the order typed: a long name pasted in any order keeps its telling words)."""
    words = list(dict.fromkeys(w for w in fold(text).split() if len(w) >= WORD_MIN))
    if len(words) > WORDS_MAX:
        kept = sorted(sorted(range(len(words)), key=lambda i: (-len(words[i]), i))[:WORDS_MAX])
        words = [words[i] for i in kept]
    return words


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
    did_you_mean: str = ""
    suggestions: list = field(default_factory=list)


def institution_public_queryset() -> QuerySet[Institution]:
    return Institution.objects.filter(status__in=PUBLIC_STATUSES, om_id__isnull=False)


def search_keep(query: SearchQuery):
    """The filters of ``query`` as a test on an index entry (``matching.Entry``)."""
    settlement = fold(query.settlement)
    tests = []
    if query.county:
        tests.append(lambda e: e.county == query.county)
    if settlement:
        tests.append(lambda e: e.settlement == settlement)
    if query.maintainer:
        tests.append(lambda e: e.maintainer_id == query.maintainer)
    if query.maintainer_type:
        tests.append(lambda e: e.maintainer_type == query.maintainer_type)
    if query.institution_type:
        tests.append(lambda e: e.institution_type == query.institution_type)
    if query.task:
        tests.append(lambda e: query.task in e.tasks)
    return lambda entry: all(test(entry) for test in tests)


def institution_search_found(query: SearchQuery, *, stamp: tuple | None = None) -> matching.Found:
    """Every matching institution, best first (``matching``; 1 query for the data state unless given)."""
    from . import matching

    index = matching.search_index(stamp if stamp is not None else register_stamp())
    digits = re.sub(r"\D", "", query.text)
    return index.search(query.words, digits=digits if len(digits) == 6 else "", keep=search_keep(query))


@dataclass(slots=True)
class SearchRow:
    """What a result row shows (the page) or returns (the API): plain values, no model instances.

    ``score`` is the match's relevance (``matching``), ``matched`` the folded name words that matched
    (the page highlights them).
    """
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
    score: float = 0.0
    matched: frozenset[str] = frozenset()


ROW_FIELDS = ("pk", "om_id", "name", "status", "institution_type", "seat_county", "seat_postal_code",
              "seat_settlement_name", "maintainer__maintainer_id", "maintainer__name")


def search_rows(matches: list) -> list[SearchRow]:
    """The rows of ``matches`` (``matching.Match``) in their order, 1 query (none for no match)."""
    if not matches:
        return []
    found = {row[0]: row for row in Institution.objects.filter(pk__in=[m.pk for m in matches])
             .values_list(*ROW_FIELDS)}
    labels = dict(Institution.Status.choices)
    rows = []
    for match in matches:
        if match.pk not in found:
            continue
        (_pk, om_id, name, status, kind, county, postal_code, settlement, maintainer_id,
         maintainer_name) = found[match.pk]
        rows.append(SearchRow(om_id, name, status, str(labels.get(status, status)), kind, county, postal_code,
                              settlement, maintainer_id, maintainer_name, match.score, match.words))
    return rows


@dataclass
class SearchSlice:
    items: list[SearchRow]
    total: int
    did_you_mean: str = ""
    suggestions: list[SearchRow] = field(default_factory=list)


def institution_search_slice(*, query: SearchQuery, offset: int, size: int,
                             stamp: tuple | None = None) -> SearchSlice:
    """``size`` results from ``offset``, the number of all results and, when there is none, the
    suggestions: 2 queries (the data state, the rows), 1 when ``stamp`` is given.

    The matching runs over the in-memory index (``matching``), so the database reads only the rows
    shown, by primary key.
    """
    found = institution_search_found(query, stamp=stamp)
    if found.matches:
        return SearchSlice(search_rows(found.matches[offset: offset + size]), len(found.matches))
    return SearchSlice([], 0, found.did_you_mean, search_rows(found.suggestions))


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


def institution_search_cache_key(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE,
                                 stamp: tuple | None = None) -> str | None:
    """The key of a result page under the register's data state (1 query unless ``stamp`` is given),
    None when caching is off.

    Pages keep results (``institution_search``) or their rendering (the search page) under it.
    """
    if not RESULT_CACHE_SECONDS:
        return None
    state = (stamp if stamp is not None else register_stamp(), asdict(query), page, page_size)
    return "public:search:" + hashlib.sha256(repr(state).encode()).hexdigest()


def institution_search(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE) -> SearchPage:
    """One page of results, kept for ``RESULT_CACHE_SECONDS`` under the register's data state.

    A repeated search costs 1 query (the stamp); a new one 2 (the stamp, the rows shown).
    Set ``RESULT_CACHE_SECONDS = 0`` to read the database every time.
    """
    stamp = register_stamp()
    key = institution_search_cache_key(query=query, page=page, page_size=page_size, stamp=stamp)
    found = cache.get(key) if key else None
    if found is None:
        found = institution_search_read(query=query, page=page, page_size=page_size, stamp=stamp)
        if key:
            cache.set(key, found, RESULT_CACHE_SECONDS)
    return found


def institution_search_read(*, query: SearchQuery, page: int = 1, page_size: int = PAGE_SIZE,
                            stamp: tuple | None = None) -> SearchPage:
    """A page number beyond the last shows the last page."""
    stamp = stamp if stamp is not None else register_stamp()
    found = institution_search_found(query, stamp=stamp)
    total = len(found.matches)
    pages = max(1, -(-total // page_size))
    out_of_range = page > pages
    if out_of_range:
        page = pages
    numbers = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    if not total:
        return SearchPage([], 0, page, pages, page_size, out_of_range, numbers,
                          did_you_mean=found.did_you_mean, suggestions=search_rows(found.suggestions))
    items = search_rows(found.matches[(page - 1) * page_size: page * page_size])
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
