"""Background jobs on Django's Tasks API (the django-tasks backport, database backend).

The interface every app uses:

- ``@job`` (Django's ``task`` decorator) on a module-level function whose arguments are JSON values
  (ids, not model instances);
- ``job_enqueue(some_job, *args, run_after=None, **kwargs)`` queues it when the current transaction
  commits (at once outside one), so a job never sees data that was rolled back, and a delayed job
  (``run_after``) waits in the table until then;
- ``job_result(result_id)`` reads a job's state for the page that waits for it.

Jobs live in the database (``django_tasks_db``): SQLite in the embedded default, PostgreSQL in
production, where any number of ``python -m portal db_worker`` processes on any number of machines
take them with ``SELECT … FOR UPDATE SKIP LOCKED``. ``python -m portal outbox_worker`` runs them too,
between its periodic sweeps. When Django 6 is adopted, ``django_tasks`` becomes ``django.tasks``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django_tasks import TaskResult, default_task_backend, task

job = task

__all__ = ["job", "job_enqueue", "job_result", "jobs_run_ready"]


def job_enqueue(job_task: Any, *args: Any, run_after: datetime | None = None, **kwargs: Any) -> None:
    """Queue ``job_task`` once the surrounding transaction commits."""

    def enqueue() -> None:
        queued = job_task.using(run_after=run_after) if run_after is not None else job_task
        queued.enqueue(*args, **kwargs)

    transaction.on_commit(enqueue)


def job_result(result_id: str) -> TaskResult:
    """The state of a queued job (status, errors, return value) by the id ``enqueue`` returned."""
    return default_task_backend.get_result(result_id)


def jobs_run_ready(*, worker_id: str = "portal-worker") -> None:
    """Run, in this process, every job that is ready now; return when none is left."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"], excluded_queue_names=[], interval=0, batch=True,
        backend_name="default", startup_delay=False, max_tasks=None, worker_id=worker_id,
    ).run()
