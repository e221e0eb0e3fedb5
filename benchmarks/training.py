"""ASP oktatás benchmarks: a 30,000-row registration table, and SCORM commits of 8 learners at once
over HTTP to gunicorn (PostgreSQL in ``make bench``'s second run), beside a trivial view.

Run: ``PYTHONPATH=src:. python -m benchmarks.training`` (uses a throw-away SQLite database, or
DATABASE_URL when set). Prints a small Markdown table.
"""

import io
import os
import statistics
import tempfile
import threading
import time
import tracemalloc


def _setup() -> None:
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
        os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="bench-training-"))
        os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _table(rows: int, prefix: str = "proba") -> bytes:
    from openpyxl import Workbook

    from portal.training.intake.table import BASE_HEADERS, SUBSYSTEM_HEADERS
    from portal.training.models import Municipality

    names = list(Municipality.objects.values_list("name", flat=True)[:500])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(BASE_HEADERS + SUBSYSTEM_HEADERS)
    for n in range(rows):
        marks = ["x" if (n + i) % 3 == 0 else "" for i in range(len(SUBSYSTEM_HEADERS))]
        sheet.append([f"Próba Személy {n}", f"{prefix}.szemely.{n}@example.hu", "ügyintéző",
                      names[n % len(names)], *marks])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _measure(func, traced=None):
    """Wall time of ``func()``; peak Python memory of ``traced()`` (a second, traced run),
    because tracing slows the code down about threefold."""
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    if traced is None:
        return result, elapsed, float("nan")
    tracemalloc.start()
    traced()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak / (1024 * 1024)


def bench_intake(rows: int = 30_000) -> list[tuple[str, str, str]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.accounts.models import Kind, User, login_key_for
    from portal.training.services.enrolment import intake_commit, intake_dry_run

    staff, _ = User.objects.get_or_create(
        login_key=login_key_for(kind=Kind.TRAINING_OFFICE, username="bench@example.hu"),
        defaults={"kind": Kind.TRAINING_OFFICE, "email": "bench@example.hu"},
    )

    def upload(prefix):
        return SimpleUploadedFile("bench.xlsx", _table(rows, prefix))

    # Wall time untraced (tracemalloc slows Python down about threefold), then the same work on a
    # second table of other people, traced, for the peak memory.
    first = upload("ido")
    intake, dry_s, _ = _measure(lambda: intake_dry_run(actor=staff, upload=first, year=2025))
    _, commit_s, _ = _measure(lambda: intake_commit(intake_id=intake.pk, actor=staff))
    second = upload("memoria")
    tracemalloc.start()
    traced = intake_dry_run(actor=staff, upload=second, year=2025)
    _, dry_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    intake_commit(intake_id=traced.pk, actor=staff)
    _, commit_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    label = f"{rows:,}".replace(",", " ")
    return [
        (f"dry run, {label} rows", f"{dry_s:.1f} s", f"peak {dry_peak / 2**20:.0f} MiB (Python heap)"),
        (f"commit, {label} rows (invitations queued)", f"{commit_s:.1f} s",
         f"peak {commit_peak / 2**20:.0f} MiB (Python heap)"),
    ]


def bench_invitations(batch: int = 200) -> list[tuple[str, str, str]]:
    """The worker step that sends the queued invitations: one batch."""
    from portal.training.services.enrolment import training_invitations_send_due

    sent, elapsed, _ = _measure(lambda: training_invitations_send_due(limit=batch))
    return [(f"worker: invitations, one batch of {sent}", f"{elapsed:.1f} s",
             f"{sent / elapsed:.0f} invitations/s")]


GUNICORN_WORKERS, GUNICORN_THREADS = 2, 4


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def _gunicorn(port: int):
    """gunicorn serving benchmarks.wsgi on loopback with the same settings as this process."""
    import subprocess
    import sys
    import urllib.request

    here = os.path.dirname(os.path.abspath(__file__))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.path.join(here, "..", "src"), os.path.join(here, "..")])}
    process = subprocess.Popen([
        sys.executable, "-m", "gunicorn", "benchmarks.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(GUNICORN_WORKERS), "--worker-class", "gthread", "--threads", str(GUNICORN_THREADS),
        "--log-level", "warning", "--keep-alive", "30",
    ], env=env)
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__trivial__/", timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            return [int(p) for p in children.read().split()]
    except OSError:
        return []


def _learners(count: int, package_name: str):
    """``count`` learners enrolled, each with an open attempt and a logged-in session cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.accounts.models import Kind, User, login_key_for
    from portal.training.models import Course, Enrolment, Learner, Municipality, Sco, Subsystem
    from portal.training.services.scorm import attempt_launch, package_upload

    here = os.path.dirname(os.path.abspath(__file__))
    subsystem = Subsystem.objects.get(code="gazdalkodas")
    course = Course.objects.create(subsystem=subsystem, title=f"Benchmark {time.time_ns()}")
    with open(os.path.join(here, "..", "tests", "data", "scorm", package_name), "rb") as handle:
        package_upload(course=course, upload=SimpleUploadedFile("p.zip", handle.read()), actor=None)
    sco = Sco.objects.filter(package__course=course).exclude(href="").first()
    municipality = Municipality.objects.first()
    people = []
    for n in range(count):
        email = f"bench.learner.{n}.{time.time_ns()}@example.hu"
        user = User.objects.create_user(kind=Kind.LEARNER, username=email, email=email,
                                        login_key=login_key_for(kind=Kind.LEARNER, username=email))
        profile = Learner.objects.create(user=user, municipality=municipality)
        Enrolment.objects.create(learner=profile, subsystem=subsystem)
        attempt, _ = attempt_launch(user=user, sco=sco)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "portal.accounts.backends.LoginKeyBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((session.session_key, attempt.pk))
    return people


def _commit_body(i: int, learner: int) -> bytes:
    """What the RunTimeAdvancedCalls SCO sends as it goes: bookmark, progress, one answered
    question (interaction with its objective), and its state; different for every call."""
    import json

    return json.dumps({"values": {
        "cmi.location": str(i % 15), "cmi.progress_measure": f"{min(1, (i + 1) / 60):.2f}",
        f"cmi.interactions.{i}.id": f"q{learner}_{i}", f"cmi.interactions.{i}.type": "choice",
        f"cmi.interactions.{i}.objectives.0.id": "obj_playing",
        f"cmi.interactions.{i}.learner_response": f"answer_{(i * 7 + learner) % 4}",
        f"cmi.interactions.{i}.result": "correct" if (i + learner) % 3 else "incorrect",
        "cmi.suspend_data": ",".join(str((i * 31 + learner * 17 + k) % 997) for k in range(300)),
    }}).encode()


def _load(port: int, people, requests: int, request_for):
    """Each learner on its own keep-alive connection; returns (latencies, wall seconds, errors)."""
    import http.client

    from django.conf import settings

    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(people))
    token = "b" * 32

    def worker(index: int, session_key: str, attempt_id: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={token}"
        mine = []
        barrier.wait()
        for i in range(requests):
            method, path, body = request_for(index, attempt_id, i)
            headers = {"Cookie": cookie, "X-CSRFToken": token, "Content-Type": "application/json"}
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                with lock:
                    errors.append(response.status)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n, *p)) for n, p in enumerate(people)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), time.perf_counter() - started, errors


def _statuses(rounds) -> str:
    seen = sorted({status for _, _, errors in rounds for status in errors})
    return f" (HTTP {', '.join(map(str, seen))})" if seen else ""


def bench_scorm_commit_http(learners: int = 8, commits: int = 60) -> list[tuple[str, str, str]]:
    """SCORM commits of ``learners`` learners at once over HTTP to gunicorn, and a trivial view
    (same middleware, same logged-in sessions) in the same run, alternating rounds."""
    import socket

    from django.db import connection

    people = _learners(learners, "RunTimeAdvancedCalls_SCORM20043rdEdition.zip")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connection.close()
    server = _gunicorn(port)
    try:
        def trivial(index, attempt_id, i):
            return "GET", "/__trivial__/", None

        def commit(index, attempt_id, i):
            return "POST", f"/asp/kiserlet/{attempt_id}/mentes/", _commit_body(i, index)

        _load(port, people, 10, trivial)  # warm up both paths
        rounds: dict[str, list] = {"trivial": [], "commit": []}
        done = 0
        for _round in range(3):
            for name, request_for in (("trivial", trivial), ("commit", commit)):
                offset = done if name == "commit" else 0
                latencies, wall, errors = _load(
                    port, people, commits // 3,
                    (lambda f, o: (lambda n, a, i: f(n, a, i + o)))(request_for, offset),
                )
                rounds[name].append((latencies, wall, errors))
            done += commits // 3
        rss = _rss_mb([server.pid, *_children(server.pid)])
    finally:
        server.terminate()
        server.wait(timeout=30)

    def summary(name):
        latencies = sorted(x for r in rounds[name] for x in r[0])
        wall = sum(r[1] for r in rounds[name])
        errors = sum(len(r[2]) for r in rounds[name])
        p50 = statistics.median(latencies) * 1000
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000
        return p50, p95, len(latencies) / wall, errors, len(latencies)

    t50, t95, trps, terr, _ = summary("trivial")
    c50, c95, crps, cerr, count = summary("commit")
    setup = f"gunicorn {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads, {connection.vendor}"
    return [
        (f"trivial view, {learners} logged-in learners at once ({setup})",
         f"p50 {t50:.1f} ms, p95 {t95:.1f} ms", f"{trps:.0f} requests/s, {terr} errors"),
        (f"SCORM commit, {learners} learners at once × {count // learners} commits ({setup})",
         f"p50 {c50:.1f} ms, p95 {c95:.1f} ms",
         f"{crps:.0f} commits/s, {cerr} errors{_statuses(rounds['commit'])}; ratio to trivial: p50 {c50 / t50:.2f}×, "
         f"p95 {c95 / t95:.2f}×, throughput {crps / trps:.2f}×; server RSS {rss:.0f} MB"),
    ]


TITLE = "ASP oktatás"


def run() -> str:
    """For ``python -m benchmarks``: Django is set up and migrated by the harness."""
    from django.core.management import call_command

    call_command("load_training_reference", verbosity=0)
    rows = int(os.getenv("BENCH_INTAKE_ROWS", "30000"))
    only = os.getenv("BENCH_TRAINING", "")  # e.g. BENCH_TRAINING=scorm: the SCORM figures alone
    results = [] if only == "scorm" else bench_intake(rows) + bench_invitations()
    results += bench_scorm_commit_http()
    lines = ["| ASP oktatás benchmark | time | memory / throughput |", "|---|---|---|"]
    lines += [f"| {name} | {first} | {second} |" for name, first, second in results]
    return "\n".join(lines)


def main() -> None:
    _setup()
    print(run())


if __name__ == "__main__":
    main()
