"""Browser harness: Playwright driving Debian's Chromium against a live server.

Journeys are marked ``@pytest.mark.browser`` and run with ``make test-browser``.
Never downloads a browser: Chromium comes from the Debian package.
"""

import os
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = os.environ.get("BROWSER_ARTIFACTS", "test-artifacts")


def content_origin_for(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    other = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
    return f"{parts.scheme}://{other}:{parts.port}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings, request) -> Iterator:
    settings.SITE_URL = live_server.url
    # Package content plays from its own origin, as in production: the same live server under
    # another host name (localhost vs 127.0.0.1 are different sites, so cookies do not cross).
    settings.TRAINING_CONTENT_ORIGIN = content_origin_for(live_server.url)
    context = browser.new_context(base_url=live_server.url, locale="hu-HU", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(_axe):
    """Assert that axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""

    def check(page) -> None:
        results = _axe.run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )
        violations = results.response["violations"]
        summary = [
            f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in violations
        ]
        assert not violations, f"axe violations on {page.url}:\n" + "\n".join(summary)

    return check


@pytest.fixture
def outbox_mail():
    """Deliver the outbox and return the sent messages (the locmem backend keeps them)."""
    from django.core import mail

    from portal.core.mail import outbox_deliver_due

    def deliver() -> list:
        outbox_deliver_due()
        return list(mail.outbox)

    return deliver
