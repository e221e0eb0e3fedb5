"""System checks: settings that would make the product send people to nowhere.

``SITE_URL`` builds every link in mail and letters (set-password links, the QR codes of request
PDFs). A wrong one is invisible to whoever runs the server and breaks every such link, so it is
checked by ``manage.py check`` and, in production, before the WSGI application serves anything.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

UNREACHABLE_HOSTS = {"0.0.0.0", "::", "[::]"}


def site_url_messages(*, site_url: str, explicit: bool, debug: bool,
                      allowed_hosts: Iterable[str]) -> list[checks.CheckMessage]:
    """What is wrong with ``site_url`` as the base of links sent to people."""
    found: list[checks.CheckMessage] = []
    if not explicit and not debug:
        found.append(checks.Error(
            "SITE_URL is not set: links in mail and PDFs would point at a guessed address.",
            hint="Set SITE_URL to the public address, e.g. https://kir.example.hu.", id="portal.E001",
        ))
    parts = urlsplit(site_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        found.append(checks.Error(
            f"SITE_URL {site_url!r} is not an absolute http(s) address.",
            hint="e.g. https://kir.example.hu", id="portal.E002",
        ))
        return found
    if parts.hostname in UNREACHABLE_HOSTS or f"[{parts.hostname}]" in UNREACHABLE_HOSTS:
        found.append(checks.Error(
            f"SITE_URL {site_url!r} names a listening address no browser can open.",
            hint="Set SITE_URL to the address people type, e.g. http://192.0.2.10:8000.", id="portal.E003",
        ))
    hosts = list(allowed_hosts)
    if "*" not in hosts and not any(
        parts.hostname == host or (host.startswith(".") and parts.hostname.endswith(host)) for host in hosts
    ):
        found.append(checks.Warning(
            f"SITE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: its links would be refused.",
            hint="Add it to ALLOWED_HOSTS or correct SITE_URL.", id="portal.W001",
        ))
    return found


@checks.register("site_url")
def check_site_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return site_url_messages(
        site_url=settings.SITE_URL, explicit=settings.SITE_URL_EXPLICIT, debug=settings.DEBUG,
        allowed_hosts=settings.ALLOWED_HOSTS,
    )


def refuse_to_serve_without_site_url() -> None:
    """Stop a production server whose links would point nowhere (the errors above; warnings only warn)."""
    errors = [str(message) for message in check_site_url() if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(errors))
