"""Load the reference tables from the data files shipped in ``core/data``; safe to re-run."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.core.services.reference import (
    counties_load,
    countries_load,
    postal_codes_load,
    settlements_load,
    street_types_load,
)


class Command(BaseCommand):
    help = "Loads geography, countries and the register's code lists (idempotent)."

    # Commands of other areas that load their own reference tables, in order.
    FOLLOW_UPS = ["load_codelists", "load_training_reference"]

    def handle(self, *args, **options) -> None:
        self._run("counties", counties_load)
        self._run("settlements", settlements_load)
        self._run("postal codes", postal_codes_load)
        self._run("street types", street_types_load)
        self._run("countries", countries_load)
        for command in self.FOLLOW_UPS:
            call_command(command, stdout=self.stdout)

    def _run(self, label: str, loader) -> None:
        result = loader()
        self.stdout.write(f"{label}: {result.created} created, {result.updated} updated")
