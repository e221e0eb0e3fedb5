"""Public search, open data and API on the national data set (5,685 institutions).

Search latency through the Django test client (the whole view, template included); throughput of
8 concurrent clients against a threaded WSGI server on 127.0.0.1, search page versus a trivial
view served the same way in the same run; full export time and peak traced memory.
"""

import io
import statistics
import threading
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .harness import measure, peak_memory_mb, table

TITLE = "Public search, open data and API (national data set)"
QUERIES = [
    {"q": "balcescu"}, {"q": "altalanos iskola"}, {"q": "gyor"}, {"q": "ovoda"}, {"q": "028387"},
    {"q": "petofi sandor"}, {"q": "iskola", "megye": "13"}, {"feladat": "gimnaziumi-8-evfolyamos"},
    {"megye": "01", "tipus": "ovoda"}, {"q": "szent", "fenntarto_tipus": "egyhazi-jogi-szemely"},
]
CLIENTS, REQUESTS_PER_CLIENT = 8, 25
SEARCH_PATHS = ["/kereses/?" + urllib.parse.urlencode(params) for params in QUERIES]
TRIVIAL = ["/__trivial__/"]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _throughput(base: str, paths: list[str]) -> float:
    """Requests per second of 8 clients, each going round ``paths`` from its own starting point."""
    def client(first: int) -> None:
        for n in range(REQUESTS_PER_CLIENT):
            with urllib.request.urlopen(base + paths[(first + n) % len(paths)], timeout=30) as response:
                response.read()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return CLIENTS * REQUESTS_PER_CLIENT / (time.perf_counter() - start)


def _total(params: dict) -> int:
    from portal.public.forms import SearchForm
    from portal.public.selectors import institution_search

    form = SearchForm(params)
    form.is_valid()
    return institution_search(query=form.search_query()).total


@contextmanager
def _result_cache(seconds: int):
    from portal.public import selectors

    before, selectors.RESULT_CACHE_SECONDS = selectors.RESULT_CACHE_SECONDS, seconds
    try:
        yield
    finally:
        selectors.RESULT_CACHE_SECONDS = before


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _serve():
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "benchmarks.urls"
    clear_url_caches()
    server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=_ThreadingServer, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def run() -> str:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from portal.public.opendata import export_stream
    from portal.registry.models import Institution

    start = time.perf_counter()
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    reference_s = time.perf_counter() - start
    start = time.perf_counter()
    if not Institution.objects.filter(om_id="028387").exists():
        call_command("load_national_register", verbosity=0)
    load_s = time.perf_counter() - start
    count = Institution.objects.count()

    client = Client()
    rows = []
    for params in QUERIES:
        response = client.get("/kereses/", params)
        assert response.status_code == 200
        total = _total(params)
        with _result_cache(0):
            timing = measure(lambda p=params: client.get("/kereses/", p), repeat=30, warmup=2)
        cached = measure(lambda p=params: client.get("/kereses/", p), repeat=30, warmup=2)
        rows.append([" ".join(f"{k}={v}" for k, v in params.items()), total, timing.p50_ms, timing.p95_ms,
                     cached.p50_ms, cached.p95_ms])
    api_timing = measure(lambda: client.get("/api/institutions", {"q": "altalanos iskola"}), repeat=30)

    server, base = _serve()
    try:
        _throughput(base, TRIVIAL)  # warm up
        _throughput(base, SEARCH_PATHS)  # and fill the result cache: the steady state of a fixed set
        # three alternating rounds on a shared machine; the median of each and of the ratios
        rounds = []
        for _ in range(3):
            trivial_round = _throughput(base, TRIVIAL)
            with _result_cache(0):
                uncached_round = _throughput(base, SEARCH_PATHS)
            rounds.append((trivial_round, uncached_round, _throughput(base, SEARCH_PATHS)))
        trivial = statistics.median(r[0] for r in rounds)
        uncached, cached = (statistics.median(r[i] for r in rounds) for i in (1, 2))
        uncached_ratio, cached_ratio = (statistics.median(r[i] / r[0] for r in rounds) for i in (1, 2))
    finally:
        server.shutdown()

    exports = []
    for fmt in ("csv", "json", "xlsx"):
        size = [0]

        def consume(f=fmt, size=size):
            size[0] = 0
            for block in export_stream(fmt=f):
                size[0] += len(block)

        # Time and memory in separate runs: tracemalloc records every allocation and slows
        # allocation-heavy code (openpyxl's XML writer) 4-5 times, so a traced run's time is not
        # the export's time (measured: XLSX 4.0 s untraced, 18.4 s traced).
        start = time.perf_counter()
        consume()
        seconds = time.perf_counter() - start
        _, peak = peak_memory_mb(consume)
        exports.append([fmt, seconds, peak, size[0] / 1024 / 1024])

    return "\n\n".join([
        f"Database: **{connection.vendor}**; {count} institutions; load_reference {reference_s:.1f} s, "
        f"load_national_register {load_s:.1f} s.",
        "Search page (`/kereses/`, test client, 30 runs each; the database path with the search caches "
        "off, then the same query repeated with them on):\n\n" + table(
            ["query", "results", "p50 ms", "p95 ms", "cached p50 ms", "cached p95 ms"], rows),
        f"API `/api/institutions?q=altalanos iskola`: p50 {api_timing.p50_ms:.1f} ms, p95 {api_timing.p95_ms:.1f} ms.",
        f"Throughput, {CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} requests, threaded WSGI server on "
        "127.0.0.1 (one process), median of 3 alternating rounds:\n\n" + table(
            ["view", "requests/s", "ratio to trivial"],
            [["trivial view", trivial, 1.0],
             [f"search, the {len(QUERIES)} queries above in turn, caches off (every search reads the "
              "database and renders the form)", uncached, uncached_ratio],
             ["the same, steady state: results and rendered form from the cache", cached, cached_ratio]]),
        "Full export (whole register, streamed; seconds from an untraced run, peak = traced Python memory "
        f"in a second run; process max RSS {_max_rss_mb():.0f} MB at the end):\n\n" + table(
            ["format", "seconds", "peak MB", "size MB"], exports),
    ])
