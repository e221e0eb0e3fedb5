"""ASP oktatás benchmarks: a 30,000-row registration table, and SCORM commits of 8 learners at once.

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


def bench_scorm_commit(learners: int = 8, commits: int = 50) -> list[tuple[str, str, str]]:
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from portal.accounts.models import Kind, User, login_key_for
    from portal.training.models import Course, Enrolment, Learner, Municipality, Sco, Subsystem
    from portal.training.services.scorm import attempt_launch, package_upload

    here = os.path.dirname(os.path.abspath(__file__))
    package_path = os.path.join(here, "..", "tests", "data", "scorm", "singlescobasic.zip")
    subsystem = Subsystem.objects.get(code="gazdalkodas")
    course = Course.objects.create(subsystem=subsystem, title="Benchmark")
    with open(package_path, "rb") as handle:
        package_upload(course=course, upload=SimpleUploadedFile("p.zip", handle.read()), actor=None)
    sco = Sco.objects.filter(package__course=course).exclude(href="").first()
    municipality = Municipality.objects.first()
    clients = []
    for n in range(learners):
        email = f"bench.learner.{n}.{time.time_ns()}@example.hu"
        user = User.objects.create_user(kind=Kind.LEARNER, username=email, email=email,
                                        login_key=login_key_for(kind=Kind.LEARNER, username=email))
        profile = Learner.objects.create(user=user, municipality=municipality)
        Enrolment.objects.create(learner=profile, subsystem=subsystem)
        attempt, _ = attempt_launch(user=user, sco=sco)
        client = Client()
        client.force_login(user)
        clients.append((client, attempt.pk))
    latencies: list[float] = []
    lock = threading.Lock()
    errors = []

    def worker(client, attempt_id):
        url = f"/asp/kiserlet/{attempt_id}/mentes/"
        try:
            for i in range(commits):
                body = json.dumps({"values": {"cmi.core.lesson_location": str(i),
                                              "cmi.suspend_data": "x" * 2000}})
                started = time.perf_counter()
                response = client.post(url, body, content_type="application/json")
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(response.status_code)
                with lock:
                    latencies.append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=c) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    return [
        (f"SCORM commit, {learners} learners × {commits}", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms",
         f"{len(latencies) / wall:.0f} commits/s, {len(errors)} errors"),
    ]


TITLE = "ASP oktatás"


def run() -> str:
    """For ``python -m benchmarks``: Django is set up and migrated by the harness."""
    from django.core.management import call_command

    call_command("load_training_reference", verbosity=0)
    rows = int(os.getenv("BENCH_INTAKE_ROWS", "30000"))
    results = bench_intake(rows) + bench_invitations() + bench_scorm_commit()
    lines = ["| ASP oktatás benchmark | time | memory / throughput |", "|---|---|---|"]
    lines += [f"| {name} | {first} | {second} |" for name, first, second in results]
    return "\n".join(lines)


def main() -> None:
    _setup()
    print(run())


if __name__ == "__main__":
    main()
