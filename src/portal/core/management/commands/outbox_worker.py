"""The background worker: every pass runs the ready jobs, then the periodic sweeps, then sleeps.

Jobs (``portal.core.jobs``, Django's Tasks API on the database backend): mail delivery and
whatever the apps queue. Sweeps: printable requests just submitted (PDF), big registration tables of ASP oktatás (dry run or commit), their
invitation mails, undelivered mail whose job was lost or whose worker died, and ID-card data whose
delay has passed. More machines: run more of these, or ``python -m portal db_worker`` for jobs only.
"""

import os
import socket
import time

from django.core.management.base import BaseCommand

from portal.changes.printing import request_prints_render_due
from portal.core.jobs import jobs_run_ready
from portal.core.mail import outbox_deliver_due
from portal.registry.services import id_card_changes_apply_due
from portal.training.services.enrolment import (
    training_intake_jobs_run,
    training_invitations_send_due,
)

# (label, sweep) in the order of one pass; a sweep returns how much it did (falsy: nothing).
SWEEPS = [
    ("beiskolázási tábla feldolgozva", training_intake_jobs_run),
    ("meghívó előkészítve", training_invitations_send_due),
    ("nyomtatható kérelem elkészült", request_prints_render_due),
    ("levél elküldve", outbox_deliver_due),
    ("oktatási igazolvány adat érvénybe lépett", id_card_changes_apply_due),
]


class Command(BaseCommand):
    help = "Háttérfolyamat: háttérfeladatok, levelek kézbesítése és az esedékes ellenőrzések."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass, then exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, once: bool, interval: float, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"
        while True:
            jobs_run_ready(worker_id=worker_id)
            for label, sweep in SWEEPS:
                done = sweep()
                if done:
                    self.stdout.write(f"{label}: {done}")
            if once:
                return
            time.sleep(interval)
