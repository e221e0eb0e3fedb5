"""Content isolation: a package's files are served under a signed launch token, from their own origin.

The player page (on the portal) frames a small launch frame on the content origin
(``TRAINING_CONTENT_ORIGIN``); the launch frame runs the SCORM run-time beside the content and talks
to the player only through ``postMessage``. Cookies do not cross origins, so the launch token in the
URL path is what lets the content origin serve the files: it names the package, the item, the person
and the player's origin, and it is signed and short-lived. See docs/decisions.md (issue 13, part 7).
"""

import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.encoding import iri_to_uri

SALT = "portal.training.content"

# The player's iframe: scripts, forms, dialogs (Golf asks "resume?"), pop-ups and downloads; the
# frames of one package share their (content) origin, so they may script each other. No
# allow-top-navigation: content cannot replace the portal page it is shown in.
FRAME_SANDBOX = "allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"


class TokenExpired(Exception):
    """The launch token is genuine but older than TRAINING_CONTENT_TOKEN_SECONDS."""


@dataclass(frozen=True)
class ContentGrant:
    """What a launch token allows: the files of one package (and its launch frame for one item)
    to one person, framed by the player on ``parent_origin``."""

    package_id: int
    sco_id: int
    user_id: int
    parent_origin: str


def content_origin() -> str:
    """The configured content origin ("" = the portal's own origin, no isolation)."""
    return origin_of(getattr(settings, "TRAINING_CONTENT_ORIGIN", "") or "")


def content_host() -> str:
    """host[:port] of the content origin, lower case ("" when not configured)."""
    return urlsplit(content_origin()).netloc.lower()


def origin_of(url: str) -> str:
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def grant_token(*, package_id: int, sco_id: int, user_id: int, parent_origin: str) -> str:
    return signing.dumps([package_id, sco_id, user_id, parent_origin], salt=SALT, compress=True)


def grant_read(token: str) -> ContentGrant | None:
    """The grant of a genuine token, None for anything else; TokenExpired when it is too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.TRAINING_CONTENT_TOKEN_SECONDS)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeError, zlib.error):
        return None
    if not (isinstance(data, list) and len(data) == 4):
        return None
    package_id, sco_id, user_id, parent_origin = data
    if not all(type(n) is int for n in (package_id, sco_id, user_id)) or not isinstance(parent_origin, str):
        return None
    return ContentGrant(package_id, sco_id, user_id, parent_origin)


def frame_url(token: str) -> str:
    """The launch frame of a token (absolute on the content origin when one is configured)."""
    return content_origin() + reverse("training:content_frame", args=[token])


def file_url(token: str, path: str) -> str:
    """A package file under a token; ``path`` may carry a query string and a fragment."""
    return frame_url(token) + iri_to_uri(path.lstrip("/"))


def package_csp(parent_origin: str) -> str:
    """Content-Security-Policy of package files: everything from the content origin only (inline
    script and eval stay allowed: authoring tools rely on them), nothing sent anywhere else, framed
    only by the launch frame inside the portal's player."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors 'self' {parent_origin}".strip(),
    ])


def frame_csp(parent_origin: str) -> str:
    """Content-Security-Policy of the launch frame: our two scripts, the content's frame, nothing else."""
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'unsafe-inline'",
        "frame-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors " + (parent_origin or "'self'"),
    ])
