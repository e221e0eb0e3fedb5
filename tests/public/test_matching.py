"""Matching on the real names of the KIR list of operating institutions (2025-07, 5,685 names; the
project's copy in ``portal/core/data/reference``, provenance in its SOURCES.md).

The index is built from the list itself, without the database: what is proved here is the
matching; ``test_search`` and ``test_api`` prove the page and the API on the database.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import portal.core
from portal.public.highlight import highlight
from portal.public.matching import Entry, SearchIndex, fold_fast, words_of
from portal.public.selectors import query_words
from portal.registry.search import fold

KIR = Path(portal.core.__file__).parent / "data" / "reference" / "kir_mukodo_intezmenyek_2025-07.csv"


@cache
def real_names() -> list[tuple[str, str]]:
    with KIR.open(encoding="utf-8", newline="") as handle:
        return [(row["OM azonosító"], row["Intézmény megnevezése"]) for row in csv.DictReader(handle, delimiter=";")]


@cache
def index() -> SearchIndex:
    rows = real_names()
    entries = [Entry(pk, om_id, fold(name), "", "", "", "", "", frozenset()) for pk, (om_id, name) in enumerate(rows)]
    return SearchIndex(entries, [words_of(name) for _, name in rows], [[om_id] for om_id, _ in rows])


def top3(text: str) -> list[str]:
    """The names of the first three results (folded: identical names are one answer to the reader)."""
    found = index().search(query_words(text))
    return [index().entries[m.pk].folded_name for m in found.matches[:3]]


SAMPLE = real_names()[::57][:100]  # 100 real names spread over the whole list


def _longest(name: str) -> tuple[list[str], int]:
    """The name cut into words and what lies between them; the position of its longest word."""
    parts = re.split(r"([^\W\d_]+)", name)
    return parts, max(range(1, len(parts), 2), key=lambda k: len(parts[k]))


def swapped(name: str) -> str:
    """Two neighbouring letters of the longest word swapped ("sportiskola" → "sportiskloa")."""
    words, j = _longest(name)
    w, p = words[j], len(words[j]) // 2
    words[j] = w[:p - 1] + w[p] + w[p - 1] + w[p + 1:]
    return "".join(words)


def dropped(name: str) -> str:
    words, j = _longest(name)
    p = len(words[j]) // 2
    words[j] = words[j][:p] + words[j][p + 1:]
    return "".join(words)


def doubled(name: str) -> str:
    words, j = _longest(name)
    p = len(words[j]) // 2
    words[j] = words[j][:p] + words[j][p] + words[j][p:]
    return "".join(words)


def wrong(name: str) -> str:
    words, j = _longest(name)
    p = len(words[j]) // 2
    words[j] = words[j][:p] + ("x" if words[j][p].lower() != "x" else "y") + words[j][p + 1:]
    return "".join(words)


def unaccented(name: str) -> str:
    return fold(name)


def reordered(name: str) -> str:
    return " ".join(reversed(name.split()))


@pytest.mark.parametrize("variant", [str, unaccented, reordered, swapped, dropped, doubled, wrong],
                         ids=lambda f: f.__name__)
def test_every_real_name_is_in_the_first_three_however_it_is_typed(variant):
    misses = [(name, variant(name), top3(variant(name))) for _, name in SAMPLE
              if fold(name) not in top3(variant(name))]
    assert misses == []


ABBREVIATED = [
    (r"\bÁltalános Iskola\b", "ált. isk."),
    (r"\bÁltalános Iskola\b", "ált isk"),
    (r"\bGimnázium\b", "gimi"),
    (r"\bÓvoda\b", "ovi"),
    (r"\bSzent\b", "Szt."),
    (r"\bAlapfokú Művészeti Iskola\b", "AMI"),
    (r"\bEgységes Gyógypedagógiai Módszertani Intézmény\b", "EGYMI"),
]


@pytest.mark.parametrize("words, abbreviation", ABBREVIATED, ids=[a for _, a in ABBREVIATED])
def test_a_real_name_typed_with_an_abbreviation_is_in_the_first_three(words, abbreviation):
    names = [name for _, name in real_names() if re.search(words, name, re.IGNORECASE)][::25][:20]
    assert len(names) >= 5
    misses = []
    for name in names:
        typed = re.sub(words, abbreviation, name, flags=re.IGNORECASE)
        if fold(name) not in top3(typed):
            misses.append((typed, top3(typed)))
    assert misses == []


def test_the_examples_of_the_issue_find_what_was_meant():
    assert top3("sportiskloa baptista")[0] == "budapest baptista gimnazium technikum es sportiskola"
    assert top3("Harkányi óvda")[0].startswith("harkanyi ovoda")
    assert top3("szt istvan gimi")[0].endswith("szent istvan gimnazium")


def test_the_om_id_comes_first_and_a_part_of_a_word_finds_the_whole():
    om_id, name = SAMPLE[10]
    assert top3(om_id)[0] == fold(name)
    assert all("pitypang" in n for n in top3("pityp"))


def test_ties_keep_the_alphabetical_order():
    found = top3("ovoda")
    assert found == sorted(found)


def test_nothing_found_offers_the_nearest_names_and_a_corrected_query():
    found = index().search(query_words("kazinczi ferenc gimnaziom xyzzyq"))
    assert found.matches == []
    assert found.did_you_mean.startswith("kazinczy ferenc gimnazium")
    suggested = [index().entries[m.pk].folded_name for m in found.suggestions]
    assert suggested and all("kazinczy" in n for n in suggested[:3])


# --- the normaliser and the highlighter ------------------------------------------------------------

@given(st.text(max_size=80))
def test_query_words_are_folded_distinct_and_bounded(text):
    words = query_words(text)
    assert len(words) <= 8 and len(set(words)) == len(words)
    assert all(len(w) >= 2 and re.fullmatch(r"[a-z0-9]+", w) for w in words)
    assert query_words(" ".join(words)) == words  # folding twice changes nothing


HUNGARIAN = st.text(alphabet="aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyzAÁEÉIÍOÓÖŐUÚÜŰ0123456789 .,-–\"'()", max_size=80)


@given(HUNGARIAN)
def test_accents_and_capitals_never_matter(text):
    assert query_words(text.upper()) == query_words(text.lower()) == query_words(fold(text))


@given(st.text(max_size=60), st.sets(st.text(alphabet="abcdefgh", min_size=1, max_size=5), max_size=4))
def test_highlighting_only_adds_marks_around_escaped_text(text, words):
    from html import escape

    marked = str(highlight(text, words))
    assert marked.replace("<mark>", "").replace("</mark>", "") == escape(text)


def test_highlighting_marks_the_matched_words_whatever_their_accents():
    marked = str(highlight("Győri Kazinczy <Ferenc> Általános Iskola", {"altalanos", "gyori"}))
    assert marked == "<mark>Győri</mark> Kazinczy &lt;Ferenc&gt; <mark>Általános</mark> Iskola"


@given(st.text(max_size=80))
def test_the_index_folds_exactly_as_the_register_does(text):
    assert fold_fast(text) == fold(text)
