"""The folded search columns of an institution, written wherever the register is written.

``search_text`` is the institution's name, short name, OM ID, seat settlement and
maintainer's name, transliterated to ASCII (unidecode), lower-cased, with every run
of non-alphanumeric characters made one space: "NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM, …"
becomes "nicolae balcescu roman gimnazium …". A query folded the same way matches
with plain ``LIKE '%word%'`` (SQLite) or a pg_trgm GIN index (PostgreSQL).
``seat_county`` (KSH code) and ``seat_settlement`` (folded) are the filter columns;
``seat_postal_code`` and ``seat_settlement_name`` are what a result row shows.
"""

from __future__ import annotations

import re

from unidecode import unidecode

_NOT_WORD = re.compile(r"[^a-z0-9]+")
SEARCH_TEXT_MAX = 600


def fold(text: str) -> str:
    """ASCII, lower case, words separated by single spaces."""
    return _NOT_WORD.sub(" ", unidecode(str(text or "")).lower()).strip()


def search_text_for(*, name: str, short_name: str = "", om_id: str = "", settlement: str = "",
                    maintainer_name: str = "") -> str:
    # The name comes first, so that "starts with the query" means "the name starts with it".
    parts = [name, short_name, om_id or "", settlement, maintainer_name]
    return fold(" ".join(p for p in parts if p))[:SEARCH_TEXT_MAX]


def seat_county_code(address: dict) -> str:
    """The KSH county code of a Hungarian address, from its postal code and settlement (1 query)."""
    from portal.core.models import PostalCode

    code, settlement = address.get("postal_code", ""), address.get("settlement", "")
    if not code:
        return ""
    rows = list(PostalCode.objects.filter(code=code).values_list("settlement__postal_name",
                                                                   "settlement__county__code")[:20])
    exact = [county for name, county in rows if fold(name) == fold(settlement)]
    return (exact or [county for _, county in rows] or [""])[0]


def institution_search_fields_set(institution, record) -> None:
    """Fill the search columns of ``institution`` from its record (not saved here)."""
    seat = record.seat
    address = seat.address if seat else {}
    maintainer = institution.maintainer if institution.maintainer_id else None
    institution.search_text = search_text_for(
        name=record.name, short_name=record.short_name, om_id=institution.om_id or record.om_id,
        settlement=address.get("settlement", ""), maintainer_name=maintainer.name if maintainer else "",
    )
    institution.seat_settlement = fold(address.get("settlement", ""))[:100]
    institution.seat_county = seat_county_code(address)
    institution.seat_postal_code = address.get("postal_code", "")[:10]
    institution.seat_settlement_name = address.get("settlement", "")[:100]


def maintainer_institutions_search_text_refresh(*, maintainer) -> int:
    """After a maintainer's name changed: its institutions' ``search_text`` with the new name (2 queries).

    The stored columns already hold the folded settlement, and folding twice changes nothing, so the
    result is what ``institution_search_fields_set`` would write from the full record.
    """
    from .models import Institution

    institutions = list(Institution.objects.filter(maintainer=maintainer).only(
        "name", "short_name", "om_id", "seat_settlement", "search_text"))
    for institution in institutions:
        institution.search_text = search_text_for(
            name=institution.name, short_name=institution.short_name, om_id=institution.om_id or "",
            settlement=institution.seat_settlement, maintainer_name=maintainer.name)
    Institution.objects.bulk_update(institutions, ["search_text"], batch_size=500)
    return len(institutions)
