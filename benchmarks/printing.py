"""No clerk waits: approve as a diff, the PDF rendered in the background, the stored PDF downloaded.

Approve and the background render run in this process (as the view and the worker would);
downloads go to gunicorn (2 workers) over HTTP on loopback, against a trivial view of the same
middleware in the same run.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .harness import table

TITLE = "No clerk waits: approve, background PDF, download (gunicorn over HTTP)"
ROOT = Path(__file__).resolve().parent.parent
GOALS = {"approve50": 300.0, "render50": 2000.0, "download_ratio": 5.0}


def _timed(action) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, len(queries)


def _median(rounds: list, index: int) -> float:
    return statistics.median(r[index][0] for r in rounds)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=f"{ROOT}:{ROOT / 'src'}")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "benchmarks.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--chdir", str(ROOT), "--log-level", "warning"], env=env)
    for _ in range(200):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/__trivial__/")
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _get(port: int, path: str, cookie: str, repeat: int) -> tuple[list[float], int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    samples, size, status = [], 0, 0
    for _ in range(repeat):
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
        response = conn.getresponse()
        size, status = len(response.read()), response.status
        samples.append((time.perf_counter() - start) * 1000)
    conn.close()
    return samples, size, status


def _rss_mb(process: subprocess.Popen) -> float:
    pids = [process.pid]
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def run() -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from django.contrib.sessions.backends.db import SessionStore

    from portal.changes import services
    from portal.changes.models import RequestPrint
    from portal.changes.printing import request_print_render
    from portal.core.services.codelists import codelists_load
    from tests.factories.accounts import OfficeUserFactory
    from tests.factories.changes import ChangeRequestFactory
    from tests.factories.reference import reference_places

    codelists_load()
    reference_places()
    clerk = OfficeUserFactory(username="bench.printing.clerk")
    services.change_request_approve(  # the OM ID counter exists, as in a running register
        change_request=services.change_request_authenticate(
            verification_code=services.change_request_submit(
                change_request=ChangeRequestFactory()).verification_code, actor=clerk), actor=clerk)
    figures: dict[tuple[int, int], dict] = {}
    requests = {}
    for sites, tasks in [(1, 1), (50, 20), (100, 20)]:
        rounds = []
        for _ in range(3):
            request = ChangeRequestFactory(sites=sites, tasks_per_site=tasks)
            submit = _timed(lambda r=request: services.change_request_submit(change_request=r))
            request.refresh_from_db()
            services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)
            approve = _timed(lambda r=request: services.change_request_approve(change_request=r, actor=clerk))
            print_ = RequestPrint.objects.get(change_request=request)
            render = _timed(lambda p=print_: request_print_render(p.pk)) if (sites, tasks) != (100, 20) else (0, 0)
            rounds.append((submit, approve, render))
            requests[(sites, tasks)] = request
        stored = RequestPrint.objects.filter(change_request=requests[(sites, tasks)]).first()
        figures[(sites, tasks)] = {"submit": _median(rounds, 0), "approve": _median(rounds, 1),
                                   "render": _median(rounds, 2),
                                   "approve_sql": rounds[-1][1][1], "pages": stored.pages if stored else 0,
                                   "size": stored.size if stored else 0}

    session = SessionStore()
    session["change_requests"] = [r.pk for r in requests.values()]
    session.create()
    port = _free_port()
    server = _gunicorn(port)
    try:
        _get(port, "/__trivial__/", session.session_key, 20)  # warm both workers
        trivial, _, _ = _get(port, "/__trivial__/", session.session_key, 100)
        downloads = {}
        for size in [(1, 1), (50, 20)]:
            path = f"/kerelem/{requests[size].pk}/kerelem.pdf"
            _get(port, path, session.session_key, 5)
            downloads[size] = _get(port, path, session.session_key, 40)
        rss = _rss_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)

    t50 = statistics.median(trivial)
    small, large, huge = figures[(1, 1)], figures[(50, 20)], figures[(100, 20)]
    rows = [
        ["submit (lock, validate, save, audit, print scheduled)", small["submit"], large["submit"], "", ""],
        ["approve (diff of the register rows, version, audit)", small["approve"], large["approve"],
         f"≤ {GOALS['approve50']:.0f} ms (50×20, PostgreSQL)", huge["approve"]],
        ["PDF render in the worker (WeasyPrint, stored)", small["render"], large["render"],
         f"≤ {GOALS['render50']:.0f} ms (50×20)", ""],
    ]
    out = [
        "Median of 3 rounds per size; approve statements counted on the last round.\n",
        table(["action", "1 site, 1 task (ms)", "50 × 20 (ms)", "goal", "100 × 20 (ms)"], rows),
        "",
        table(["SQL statements of approve", "1 × 1", "50 × 20", "100 × 20"],
              [["count", small["approve_sql"], large["approve_sql"], huge["approve_sql"]]]),
        "",
        f"Stored PDF: 1 × 1 {small['pages']} pages, {small['size'] // 1024} KB; 50 × 20 {large['pages']} pages, "
        f"{large['size'] // 1024} KB ({large['render'] / max(1, large['pages']):.0f} ms per page).",
        "",
        "Downloads over HTTP (gunicorn, 2 workers, one keep-alive connection, 40 requests):",
        "",
    ]
    dl_rows = [["trivial view (same middleware)", t50, sorted(trivial)[94], 1.0, ""]]
    for size, (samples, length, status) in downloads.items():
        p50 = statistics.median(samples)
        dl_rows.append([f"stored PDF {size[0]} × {size[1]} ({length // 1024} KB, HTTP {status})", p50,
                        sorted(samples)[int(len(samples) * 0.95)], round(p50 / t50, 2),
                        f"≤ {GOALS['download_ratio']:.0f} × trivial"])
    out.append(table(["request", "p50 ms", "p95 ms", "ratio to trivial", "goal"], dl_rows))
    out.append(f"\ngunicorn master + 2 workers resident memory (RSS) at the end: {rss:.0f} MB.")
    return "\n".join(out)
