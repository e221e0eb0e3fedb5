from django.core.management.base import BaseCommand

from portal.training.reference import training_reference_load


class Command(BaseCommand):
    help = "Load the ASP subsystems and the municipalities with their notaries' offices."

    def handle(self, *args, **options):
        counts = training_reference_load()
        self.stdout.write(
            f"{counts['subsystems']} szakrendszer, {counts['municipalities']} önkormányzat, "
            f"{counts['offices']} jegyzői hivatal"
        )
