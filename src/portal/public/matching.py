"""What people mean when they type a name: an in-memory index of the public register's words.

Every public institution's name, and apart from it its short name, OM ID, seat settlement, seat
street and maintainer's name, are folded (``registry.search.fold``: ASCII, lower case) and split
into words. A query word matches a word of the index

- exactly (score 1.0),
- as its beginning ("pityp" → "pitypang", 0.8),
- through the abbreviations table ("gimi" → "gimnazium", "ami" → "alapfoku muveszeti iskola", 0.8),
- with one typo (a letter missing, extra or wrong, or two neighbouring letters swapped: the
  optimal-string-alignment distance of rapidfuzz; query words of four letters or more; 0.6).
  Candidates come from an index of one-letter deletions of every word, so a typo costs a few
  dictionary look-ups, not a scan of the vocabulary.

A word of the name counts fully, a word of the address or the maintainer 0.6 of that. An
institution matches when every query word matches one of its words (in any order); its score is
the sum, with a bonus when the name begins with the query or holds it as a phrase, and one for the
share of the name's words the query covers ("Szivárvány Óvoda" before "Algyői Szivárvány Óvoda"). The OM ID
typed in full comes first; ties keep the register's alphabetical order, then the primary key.

The index is built with 3 queries and kept per process for the register's data state
(``selectors.register_stamp``: every register write adds a version); a save of an institution,
site, task or maintainer in this process drops it at once (``apps``). At national size (5,700 institutions, ~9,000 distinct words) it holds a few MB.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from unidecode import unidecode

EXACT, PREFIX, TYPO = 1.0, 0.8, 0.6
NAME_WEIGHT, OTHER_WEIGHT = 1.0, 0.6
NAME_STARTS_BONUS, PHRASE_BONUS, COVERAGE_BONUS = 0.5, 0.25, 0.5
SUGGESTIONS_MAX = 5
SUGGESTION_CUTOFF = 60

# Folded abbreviation → what it stands for (each alternative a tuple of words, all required).
# Abbreviations that begin the word they shorten ("ált", "isk", "gimn", "koll") need no entry:
# a query word matches the beginning of a word anyway.
ABBREVIATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "gimi": (("gimnazium",),),
    "gim": (("gimnazium",),),
    "ovi": (("ovoda",),),
    "oviz": (("ovoda",),),
    "bolcsi": (("bolcsode",),),
    "suli": (("iskola",),),
    "szt": (("szent",),),
    "ami": (("alapfoku", "muveszeti"),),
    "egymi": (("egymi",), ("egyseges", "gyogypedagogiai", "modszertani")),
    "eggyi": (("egyseges", "gyogypedagogiai"),),
    "szki": (("szakkepzo", "iskola"),),
    "szakgimi": (("szakgimnazium",),),
    "mjv": (("megyei", "jogu", "varos"),),
    "tk": (("tankeruleti", "kozpont"),),
    "onk": (("onkormanyzat",),),
    "okt": (("oktatasi",),),
    "pszt": (("pedagogiai", "szakszolgalat"),),
    "ped": (("pedagogiai",),),
    "kat": (("katolikus",),),
    "ref": (("reformatus",),),
    "ev": (("evangelikus",),),
    "krt": (("korut",),),
    "ltp": (("lakotelep",),),
    "kt": (("kozpont",),),
    "kozp": (("kozpont",),),
    "ei": (("egyseges", "iskola"),),
}


def query_terms(words: Iterable[str]) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Each folded query word with its alternatives: itself, then what it abbreviates."""
    return [(word, ((word,), *ABBREVIATIONS.get(word, ()))) for word in words]


def max_typos(word: str) -> int:
    """One typo from four letters on (the word meant has five or more): more would let an old name
    ("peldavaros") find a new one ("ujpeldavaros")."""
    return 0 if word.isdigit() or len(word) < 4 else 1


@dataclass(slots=True)
class Entry:
    pk: int
    om_id: str
    folded_name: str
    county: str
    settlement: str
    institution_type: str
    maintainer_id: str
    maintainer_type: str
    tasks: frozenset[str]
    word_count: int = 1
    order: int = 0


@dataclass
class Match:
    """An institution found: its primary key, score and the folded words of its name that matched."""
    pk: int
    score: float
    words: frozenset[str]


@dataclass
class Found:
    matches: list[Match]
    suggestions: list[Match] = field(default_factory=list)
    did_you_mean: str = ""


class SearchIndex:
    def __init__(self, entries: list[Entry], name_words: list[list[str]], other_words: list[list[str]]):
        ordered = sorted(range(len(entries)), key=lambda i: (entries[i].folded_name, entries[i].pk))
        for position, i in enumerate(ordered):
            entries[i].order = position
            entries[i].word_count = max(1, len(name_words[i]))
        self.entries = entries
        self.by_om_id = {e.om_id: i for i, e in enumerate(entries)}
        self.name_postings: dict[str, list[int]] = {}
        self.other_postings: dict[str, list[int]] = {}
        for i, words in enumerate(name_words):
            for word in dict.fromkeys(words):
                self.name_postings.setdefault(word, []).append(i)
        for i, words in enumerate(other_words):
            for word in dict.fromkeys(words):
                self.other_postings.setdefault(word, []).append(i)
        self.vocabulary = sorted(set(self.name_postings) | set(self.other_postings))
        # One-letter deletions of every word (of four letters or more) → the words: typo candidates.
        self.deletions: dict[str, list[str]] = {}
        for word in self.vocabulary:
            if len(word) >= 4 and not word.isdigit():
                for key in (word, *self._deletions(word)):
                    self.deletions.setdefault(key, []).append(word)
        self.names = [e.folded_name for e in entries]

    def __len__(self) -> int:
        return len(self.entries)

    # --- words ---------------------------------------------------------------------------------

    def _deletions(self, word: str) -> set[str]:
        return {word[:i] + word[i + 1:] for i in range(len(word))}

    def _typo_candidates(self, word: str) -> set[str]:
        """Index words that may be one typo away: they share ``word`` or one of its one-letter
        deletions among their own (a missing, extra or wrong letter, a swap of neighbours)."""
        found: set[str] = set()
        for key in (word, *self._deletions(word)):
            found.update(self.deletions.get(key, ()))
        return found

    def word_matches(self, word: str, *, typos: bool = True) -> dict[str, float]:
        """Index words matching ``word``: exact, as a prefix, or (``typos``) with one typo."""
        found: dict[str, float] = {}
        start = bisect.bisect_left(self.vocabulary, word)
        for candidate in self.vocabulary[start:]:
            if not candidate.startswith(word):
                break
            found[candidate] = EXACT if candidate == word else PREFIX
        allowed = max_typos(word)
        if typos and allowed:
            candidates = sorted(self._typo_candidates(word) - found.keys())
            for candidate, _distance, _ in process.extract(word, candidates, scorer=OSA.distance,
                                                           score_cutoff=allowed, limit=None):
                found[candidate] = TYPO
        return found

    def _term_scores(self, alternatives: tuple[tuple[str, ...], ...]) -> tuple[dict[int, float], set[str]]:
        """Score per entry for one query word (the best alternative), and the name words that matched."""
        best: dict[int, float] = {}
        matched: set[str] = set()
        for position, alternative in enumerate(alternatives):
            combined: dict[int, float] | None = None
            for word in alternative:
                postings: list[tuple[float, list[int]]] = []
                for candidate, quality in self.word_matches(word, typos=position == 0).items():
                    if position:  # an abbreviation's expansion counts as a prefix match
                        quality = min(quality, PREFIX)
                    if candidate in self.name_postings:
                        postings.append((quality * NAME_WEIGHT, self.name_postings[candidate]))
                        matched.add(candidate)
                    if candidate in self.other_postings:
                        postings.append((quality * OTHER_WEIGHT, self.other_postings[candidate]))
                # Lowest first: each better posting overwrites (dict operations in C, not a loop here).
                postings.sort(key=lambda p: p[0])
                scores: dict[int, float] = {}
                for value, posting in postings:
                    scores.update(dict.fromkeys(posting, value))
                combined = scores if combined is None else {
                    i: (combined[i] + s) / 2 for i, s in scores.items() if i in combined}
            for i, score in (combined or {}).items():
                if best.get(i, 0) < score:
                    best[i] = score
        return best, matched

    # --- search --------------------------------------------------------------------------------

    def search(self, words: list[str], *, digits: str = "", keep=None, suggest: bool = True) -> Found:
        """Matching entries, best first. ``keep(entry)`` applies the filters."""
        keep = keep or (lambda entry: True)
        if not words:
            chosen = [e for e in self.entries if keep(e)]
            chosen.sort(key=lambda e: e.order)
            return Found([Match(e.pk, 0.0, frozenset()) for e in chosen])
        terms = [self._term_scores(alternatives) for _, alternatives in query_terms(words)]
        terms.sort(key=lambda t: len(t[0]))
        candidates = set(terms[0][0])
        for scores, _ in terms[1:]:
            candidates &= scores.keys()
        matched_words = frozenset().union(*(m for _, m in terms))
        phrase = " ".join(words)
        results = []
        for i in candidates:
            entry = self.entries[i]
            if not keep(entry):
                continue
            score = sum(scores[i] for scores, _ in terms)
            score += COVERAGE_BONUS * min(1.0, len(terms) / entry.word_count)  # more of the name typed
            if entry.folded_name.startswith(phrase):
                score += NAME_STARTS_BONUS
            elif f" {phrase}" in entry.folded_name:
                score += PHRASE_BONUS
            if digits and entry.om_id == digits:
                score += 100
            results.append((i, round(score, 3)))
        results.sort(key=lambda r: (-r[1], self.entries[r[0]].order))
        found = Found([Match(self.entries[i].pk, score, matched_words) for i, score in results])
        if not found.matches and suggest:
            found.did_you_mean = self.correction(words, keep=keep)
            if found.did_you_mean:  # the first results of the corrected query
                corrected = self.search(found.did_you_mean.split(), keep=keep, suggest=False).matches
                found.suggestions = [Match(m.pk, m.score, frozenset()) for m in corrected[:SUGGESTIONS_MAX]]
            else:
                found.suggestions = self.suggest(" ".join(words), keep=keep)
        return found

    def correction(self, words: list[str], *, keep=None) -> str:
        """The query with every word that is not in the index replaced by the nearest index word (or
        left out when none is near), offered only when it finds something."""
        corrected = []
        for word in words:
            if self.word_matches(word, typos=False) or word in ABBREVIATIONS:
                corrected.append(word)
                continue
            near = list(self.word_matches(word))  # one typo away: the most frequent of them
            if near:
                corrected.append(max(near, key=lambda w: (len(self.name_postings.get(w, ())), w)))
                continue
            best = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=60)
            if best:
                corrected.append(best[0])
        if not corrected or corrected == words or not self.search(corrected, keep=keep, suggest=False).matches:
            return ""
        return " ".join(corrected)

    def suggest(self, text: str, *, keep) -> list[Match]:
        """The names nearest to the whole query (rapidfuzz WRatio over the folded names)."""
        found = process.extract(text, self.names, scorer=fuzz.WRatio, score_cutoff=SUGGESTION_CUTOFF,
                                limit=SUGGESTIONS_MAX * 4)
        found.sort(key=lambda f: (-f[1], self.entries[f[2]].order))
        chosen = [Match(self.entries[i].pk, round(score / 100, 3), frozenset())
                  for _, score, i in found if keep(self.entries[i])]
        return chosen[:SUGGESTIONS_MAX]


class _Ascii(dict):
    """Code point → its unidecode transliteration, filled on first use (ASCII maps to itself)."""

    def __missing__(self, code: int) -> str:
        value = chr(code) if code < 128 else unidecode(chr(code))
        self[code] = value
        return value


_ASCII = _Ascii()
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold_fast(text: str) -> str:
    """``registry.search.fold`` character by character from a table: the same result, ten times
    faster on mostly-ASCII Hungarian text (building the index folds ~40,000 strings)."""
    return _NOT_WORD.sub(" ", str(text or "").translate(_ASCII).lower()).strip()


def words_of(*texts: str) -> list[str]:
    return [w for text in texts for w in fold_fast(text).split()]


def index_build() -> SearchIndex:
    """The index of public institutions (3 queries)."""
    from portal.registry.models import Site, Task

    from .selectors import institution_public_queryset

    public = institution_public_queryset()
    rows = list(public.values_list(
        "pk", "om_id", "name", "short_name", "seat_county", "seat_settlement", "seat_settlement_name",
        "institution_type", "maintainer__maintainer_id", "maintainer__maintainer_type__code",
        "maintainer__name"))
    streets: dict[int, str] = {}
    for institution_id, address in Site.objects.filter(
            institution__in=public, kind=Site.Kind.SEAT).values_list("institution_id", "address"):
        if isinstance(address, dict):
            streets[institution_id] = f"{address.get('street_name', '')} {address.get('street_type', '')}"
    tasks: dict[int, set[str]] = {}
    for institution_id, base_task in Task.objects.filter(
            site__is_active=True, site__institution__in=public).values_list("site__institution_id",
                                                                            "base_task").distinct():
        tasks.setdefault(institution_id, set()).add(base_task)
    entries, name_words, other_words = [], [], []
    for (pk, om_id, name, short_name, county, settlement, settlement_name, kind, maintainer_id,
         maintainer_type, maintainer_name) in rows:
        entries.append(Entry(pk, om_id or "", fold_fast(name), county, settlement, kind, maintainer_id or "",
                             maintainer_type or "", frozenset(tasks.get(pk, ()))))
        name_words.append(words_of(name))
        other_words.append(words_of(short_name, om_id or "", settlement_name, streets.get(pk, ""),
                                    maintainer_name or ""))
    return SearchIndex(entries, name_words, other_words)


_lock = threading.Lock()
_current: dict[str, object] = {}


def index_reset() -> None:
    """Drop this process's index (after a write here; other processes see the new data state)."""
    _current.clear()


def search_index(stamp: tuple) -> SearchIndex:
    """The index for the register's data state ``stamp``: kept, or built (3 queries) when it changed."""
    index = _current.get("index")
    if index is not None and _current.get("stamp") == stamp:
        return index  # type: ignore[return-value]
    with _lock:
        index = index_build()
        _current.update(index=index, stamp=stamp)
    return index


