"""The background worker: every pass runs the product's due background jobs, then sleeps.

Jobs: printable requests just submitted (PDF), big registration tables of ASP oktatás (dry run or commit), their invitation
mails, the mail outbox (with retries), and ID-card data whose delay has passed.
"""

import time

from django.core.management.base import BaseCommand

from portal.changes.printing import request_prints_render_due
from portal.core.mail import outbox_deliver_due
from portal.registry.services import id_card_changes_apply_due
from portal.training.services.enrolment import (
    training_intake_jobs_run,
    training_invitations_send_due,
)

# (label, job) in the order of one pass; a job returns how much it did (falsy: nothing).
JOBS = [
    ("beiskolázási tábla feldolgozva", training_intake_jobs_run),
    ("meghívó előkészítve", training_invitations_send_due),
    ("nyomtatható kérelem elkészült", request_prints_render_due),
    ("levél elküldve", outbox_deliver_due),
    ("oktatási igazolvány adat érvénybe lépett", id_card_changes_apply_due),
]


class Command(BaseCommand):
    help = "Háttérfolyamat: levelek kézbesítése és az esedékes háttérfeladatok."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass, then exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, once: bool, interval: float, **options):
        while True:
            for label, job in JOBS:
                done = job()
                if done:
                    self.stdout.write(f"{label}: {done}")
            if once:
                return
            time.sleep(interval)
