"""Marking the words of a name that a search matched, for the result rows."""

from __future__ import annotations

import re
from collections.abc import Collection
from html import escape

from django.utils.safestring import SafeString, mark_safe

from portal.registry.search import fold

_WORD = re.compile(r"[^\W_]+")


def highlight(text: str, words: Collection[str]) -> SafeString:
    """``text`` escaped, each word whose folded form is in ``words`` wrapped in ``<mark>``.

    ``words`` are folded index words (``matching.Match.words``), so "ÁLTALÁNOS" is marked for
    "altalanos" whatever the accents and capitals typed.
    """
    text = str(text or "")
    if not words:
        return mark_safe(escape(text))  # escaped
    parts, last = [], 0
    for found in _WORD.finditer(text):
        token = found.group(0)
        if any(w in words for w in fold(token).split()):
            parts.append(escape(text[last:found.start()]))
            parts.append(f"<mark>{escape(token)}</mark>")
            last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece escaped above
