from django.core.management.base import BaseCommand

from portal.training.demo import training_demo_load


class Command(BaseCommand):
    help = "ASP oktatás demo: the Győr notary and learner, two playable SCORM courses (idempotent)."

    def handle(self, *args, **options):
        created = training_demo_load()
        self.stdout.write(f"ASP oktatás demó: {created} új rekord.")
