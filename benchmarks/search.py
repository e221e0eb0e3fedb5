"""Public search as citizens use it: gunicorn (2 sync workers) over HTTP on 127.0.0.1, hundreds of
distinct queries typed from real names (typos, no accents, abbreviations, parts of names, other word
order, settlements), each sent once (first-time: no result cache can help) and then all again
(repeated), against a trivial view served by the same gunicorn in the same run.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from .harness import table

TITLE = "Public search under gunicorn: first-time and repeated queries"
WORKERS, CLIENTS = 2, 8
QUERIES_PER_ROUND, ROUNDS = 300, 2
GOAL_P95_MS, GOAL_RATIO = 50, 0.40


def _names() -> list[str]:
    import portal.core

    path = Path(portal.core.__file__).parent / "data" / "reference" / "kir_mukodo_intezmenyek_2025-07.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["Intézmény megnevezése"] for row in csv.DictReader(handle, delimiter=";")]


def _swap(word: str) -> str:
    p = len(word) // 2
    return word[:p - 1] + word[p] + word[p - 1] + word[p + 1:] if len(word) >= 5 else word


ABBREVIATE = [(r"\bÁltalános Iskola\b", "ált. isk."), (r"\bGimnázium\b", "gimi"), (r"\bÓvoda\b", "ovi"),
              (r"\bSzent\b", "Szt."), (r"\bAlapfokú Művészeti Iskola\b", "AMI")]


def typed_queries(count: int, offset: int) -> list[str]:
    """``count`` distinct queries as people type them, from real names (deterministic)."""
    from portal.registry.search import fold

    names = _names()
    queries: list[str] = []
    seen: set[str] = set()
    n = offset
    while len(queries) < count:
        name = names[(n * 7919) % len(names)]
        words = re.findall(r"[^\W\d_]+", name)
        kind = n % 6
        n += 1
        if kind == 0:    # one typo in the longest word
            j = max(range(len(words)), key=lambda k: len(words[k]))
            words[j] = _swap(words[j])
            text = " ".join(words[:4])
        elif kind == 1:  # no accents, lower case, the first three words
            text = fold(" ".join(words[:3]))
        elif kind == 2:  # an abbreviation
            text = name
            for pattern, short in ABBREVIATE:
                text = re.sub(pattern, short, text, flags=re.IGNORECASE)
            text = " ".join(text.split()[:4])
        elif kind == 3:  # the telling words in another order
            text = " ".join(reversed(words[:3]))
        elif kind == 4:  # parts of words
            text = " ".join(w[:5] for w in words[:3])
        else:            # the whole name, as copied
            text = name
        if text and fold(text) not in seen:
            seen.add(fold(text))
            queries.append(text)
    return queries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "benchmarks.wsgi:application", "-w", str(WORKERS), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__trivial__/", timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start: " + (process.stderr.read().decode() if process.stderr else ""))


def _run_clients(base: str, paths: list[str]) -> tuple[float, list[float]]:
    """(requests per second, latency of each request) with CLIENTS threads sharing ``paths`` once."""
    latencies: list[float] = []
    lock = threading.Lock()
    position = [0]

    def client() -> None:
        while True:
            with lock:
                if position[0] >= len(paths):
                    return
                path = paths[position[0]]
                position[0] += 1
            start = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
                assert response.status == 200
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(paths) / (time.perf_counter() - start), latencies


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn master and workers), from /proc."""
    total = 0
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def run() -> str:
    from django.core.management import call_command
    from django.db import connection

    from portal.public import matching
    from portal.public.selectors import register_stamp
    from portal.registry.models import Institution

    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    if not Institution.objects.filter(om_id="028387").exists():
        call_command("load_national_register", verbosity=0)
    count = Institution.objects.count()
    start = time.perf_counter()
    index = matching.index_build()
    build_s = time.perf_counter() - start
    register_stamp()
    connection.close()  # gunicorn's workers open their own

    port = _free_port()
    server = _gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    try:
        warm = ["/kereses/?" + urllib.parse.urlencode({"q": f"bemelegites {n}"}) for n in range(4 * WORKERS)]
        _run_clients(base, warm + ["/__trivial__/"] * 40)  # every worker builds its index once
        rounds: list[tuple[tuple[float, float, float], tuple[list[float], list[float], list[float]]]] = []
        for r in range(ROUNDS):
            texts = typed_queries(QUERIES_PER_ROUND, offset=1 + r * QUERIES_PER_ROUND)
            paths = ["/kereses/?" + urllib.parse.urlencode({"q": t}) for t in texts]
            trivial, trivial_lat = _run_clients(base, ["/__trivial__/"] * QUERIES_PER_ROUND)
            first, first_lat = _run_clients(base, paths)
            repeated, repeated_lat = _run_clients(base, paths)
            rounds.append(((trivial, first, repeated), (trivial_lat, first_lat, repeated_lat)))
        rss = _rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def med(i: int) -> float:
        return statistics.median(r[0][i] for r in rounds)

    def lat(i: int) -> list[float]:
        return [x for r in rounds for x in r[1][i - 3]]

    first_ratio = statistics.median(r[0][1] / r[0][0] for r in rounds)
    repeated_ratio = statistics.median(r[0][2] / r[0][0] for r in rounds)
    sample = ", ".join(f"`{t}`" for t in typed_queries(8, offset=1))
    return "\n\n".join([
        f"Database: **{connection.vendor}**; {count} institutions; gunicorn {WORKERS} sync workers on "
        f"127.0.0.1, {CLIENTS} concurrent HTTP clients; {ROUNDS} rounds of {QUERIES_PER_ROUND} distinct "
        f"queries each (every query sent once, then the same {QUERIES_PER_ROUND} again), alternating with "
        f"the trivial view; medians of the rounds. Queries look like: {sample} …",
        f"Search index (built once per worker and data state): {len(index)} institutions, "
        f"{len(index.vocabulary)} words, built in {build_s * 1000:.0f} ms. Resident memory of gunicorn "
        f"(master and {WORKERS} workers) at the end: {rss:.0f} MB.",
        table(["traffic", "requests/s", "ratio to trivial", "goal", "p50 ms", "p95 ms", "goal p95"], [
            ["trivial view", med(0), 1.0, "", _p(lat(3), 0.5), _p(lat(3), 0.95), ""],
            ["search, first-time queries", med(1), first_ratio, f"≥ {GOAL_RATIO:.2f}", _p(lat(4), 0.5),
             _p(lat(4), 0.95), f"≤ {GOAL_P95_MS} ms"],
            ["search, the same queries repeated", med(2), repeated_ratio, "", _p(lat(5), 0.5),
             _p(lat(5), 0.95), ""],
        ]),
    ])
