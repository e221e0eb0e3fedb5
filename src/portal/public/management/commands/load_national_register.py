"""Build the register at national size from the reference files (see portal.public.national)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.core.models import Settlement, TaskCombination
from portal.public.national import national_register_load


class Command(BaseCommand):
    help = "Loads the 5,685 operating institutions of the KIR list with maintainers, sites, tasks, versions."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="only the first N institutions (by OM ID)")
        parser.add_argument("--no-validate", action="store_true", help="skip the record validation")

    def handle(self, *args, limit=None, no_validate=False, **options) -> None:
        if not Settlement.objects.exists() or not TaskCombination.objects.exists():
            call_command("load_reference", stdout=self.stdout)
        start = time.perf_counter()
        try:
            summary = national_register_load(limit=limit, validate=not no_validate)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{summary['institutions']} institutions, {summary['sites']} sites, {summary['maintainers']} "
            f"maintainers written ({summary['skipped']} already present) in {time.perf_counter() - start:.1f} s"
        )
