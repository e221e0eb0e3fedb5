"""Report what share of the Treasury's seat addresses the address parser splits into parts."""

from django.core.management.base import BaseCommand, CommandError

from portal.core.address_report import treasury_parse_report
from portal.core.models import StreetType


class Command(BaseCommand):
    help = "Parses the 20,548 Treasury seat addresses and prints the shares (needs load_reference)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-validate", action="store_true", help="skip checking against the reference tables")

    def handle(self, *args, **options) -> None:
        if not StreetType.objects.exists():
            raise CommandError("The reference tables are empty: run manage.py load_reference first.")
        report = treasury_parse_report(validate=not options["no_validate"])
        line = "{label}: {count} / {total} ({share:.2%})"
        for label, count in [
            ("fully parsed into parts", report.fully_parsed),
            ("fully parsed and equal to the source columns", report.matches_columns),
            ("valid against the reference tables", report.valid),
            ("rows whose street type code is unmapped", report.unmapped_type),
        ]:
            self.stdout.write(line.format(label=label, count=count, total=report.total, share=report.share(count)))
        for reason, count in report.failures.most_common():
            self.stdout.write(f"  {reason}: {count}")
        for example in report.examples:
            self.stdout.write(f"  e.g. {example}")
