"""Launch URLs of SCORM items, built as IMS Content Packaging says.

An item's launch is its resource's ``href`` plus the item's ``parameters`` attribute (IMS CP
1.1.4, the SCORM CAM "parameters" rules):

1. Leading ``?`` and ``&`` characters of the parameters are ignored.
2. Parameters that start with ``#`` are a fragment: used only when the href has none.
3. Otherwise they are a query string: appended to the href's own query with ``&``, or after
   a ``?`` when the href has no query. A fragment in the href is kept, after the query.

The result keeps path, query and fragment apart, so the player can put the path into the
package-file URL (where ``?`` and ``#`` would be encoded away) and add the rest as they are.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote

EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class LaunchTarget:
    path: str  # the file inside the package, or the whole URL of an external href
    query: str = ""
    fragment: str = ""
    external: bool = False

    def suffix(self) -> str:
        """``?query#fragment`` as it goes after the file's URL (empty parts left out)."""
        return (f"?{self.query}" if self.query else "") + (f"#{self.fragment}" if self.fragment else "")

    def url(self, file_url: str) -> str:
        """The launch URL given the URL that serves ``path``."""
        return (self.path if self.external else file_url) + self.suffix()


def _split(reference: str) -> tuple[str, str, str]:
    """(path, query, fragment) of a relative reference; the fragment is everything after the
    first ``#``, the query what lies between the first ``?`` before it and the fragment."""
    reference, _, fragment = reference.partition("#")
    path, _, query = reference.partition("?")
    return path, query, fragment


def launch_target(href: str, parameters: str = "") -> LaunchTarget:
    """Where an item starts: its resource ``href`` with the item's ``parameters`` applied."""
    href = href or ""
    path, query, fragment = _split(href)
    external = bool(EXTERNAL.match(path))
    params = (parameters or "").lstrip("?&")
    if params.startswith("#"):
        if not fragment:
            fragment = params[1:]
    elif params:
        extra_query, _, extra_fragment = params.partition("#")
        extra_query = extra_query.strip("&")
        if extra_query:
            query = f"{query.rstrip('&')}&{extra_query}" if query.rstrip("&") else extra_query
        if extra_fragment and not fragment:
            fragment = extra_fragment
    return LaunchTarget(path=path, query=query, fragment=fragment, external=external)


def href_split(href: str) -> tuple[str, str]:
    """(path, the rest: ``?query`` and/or ``#fragment`` as written) of an href."""
    path = _split(href)[0]
    return path, href[len(path):]


def file_names(path: str) -> tuple[str, ...]:
    """The package file names an href's path may mean: as written, and percent-decoded."""
    decoded = unquote(path)
    return (path,) if decoded == path else (path, decoded)
