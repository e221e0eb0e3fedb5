"""Load the counts of active enrolment and employment relations per site from a CSV file.

Columns: ``om_id;site_number;enrolments;employments`` (header row; ``;`` or ``,``).
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.registry.services import relation_counts_import


class Command(BaseCommand):
    help = "Aktív jogviszonyok számának betöltése feladatellátási helyenként (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"Nincs ilyen fájl: {path}")
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
        updated, problems = relation_counts_import(rows=rows, actor=None)
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{updated} feladatellátási hely frissítve, {len(problems)} hibás sor.")
