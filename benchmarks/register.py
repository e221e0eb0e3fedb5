"""Register core: validate + submit, approve, and the printable PDF of a large institution.

An institution with 50 sites and 20 tasks each (1,000 tasks) against one with a
single site and task; the SQL query counts must be equal (tested too).
"""

import sys
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .harness import table

TITLE = "Register core: submit, approve, PDF (50 sites × 20 tasks)"
REPEAT = 3


def _factories():
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from tests.factories.accounts import OfficeUserFactory
    from tests.factories.changes import ChangeRequestFactory
    from tests.factories.reference import reference_places

    reference_places()  # the records' addresses (Győr 9021) are checked against the reference
    return ChangeRequestFactory, OfficeUserFactory


def _timed(action) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, len(queries)


def _measure(sites: int, tasks: int, clerk, factory) -> dict[str, tuple[float, int]]:
    from portal.changes import services
    from portal.changes.pdf import change_request_pdf

    results: dict[str, list] = {"validate": [], "submit": [], "approve": [], "pdf": []}
    for _ in range(REPEAT):
        request = factory(sites=sites, tasks_per_site=tasks)
        results["validate"].append(_timed(lambda r=request: services.change_request_validate(change_request=r)))
        results["submit"].append(_timed(lambda r=request: services.change_request_submit(change_request=r)))
        request.refresh_from_db()
        services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)
        results["approve"].append(
            _timed(lambda r=request: services.change_request_approve(change_request=r, actor=clerk))
        )
        results["pdf"].append(_timed(lambda r=request: change_request_pdf(r)))
    return {k: (sorted(v)[len(v) // 2][0], v[0][1]) for k, v in results.items()}


def run() -> str:
    from portal.core.services.codelists import codelists_load

    codelists_load()
    factory, clerk_factory = _factories()
    clerk = clerk_factory(username="bench.clerk")
    small = _measure(1, 1, clerk, factory)
    large = _measure(50, 20, clerk, factory)
    labels = {"validate": "validate the record (all rules)", "submit": "submit (lock, validate, save, audit)",
              "approve": "approve (OM ID, register rows, version, master link)", "pdf": "printable PDF (WeasyPrint)"}
    rows = [
        [labels[k], small[k][0], large[k][0], f"{large[k][0] / small[k][0]:.1f}×", small[k][1], large[k][1]]
        for k in labels
    ]
    return (
        f"Median of {REPEAT} runs.\n\n"
        + table(["action", "1 site, 1 task (ms)", "50 sites × 20 tasks (ms)", "ratio",
                 "SQL queries (1)", "SQL queries (50×20)"], rows)
    )
