"""Load (or refresh) the register's code lists from core/data/codelists."""

from django.core.management.base import BaseCommand

from portal.core.services.codelists import codelists_load


class Command(BaseCommand):
    help = "A kódtáblák betöltése, frissítése a core/data/codelists fájlokból."

    def handle(self, *args, **options):
        result = codelists_load()
        if not result.changed:
            self.stdout.write(f"Kódtáblák ({result.version}): nincs változás.")
            return
        for label, counts in (("új", result.created), ("módosított", result.updated),
                              ("inaktivált", result.deactivated)):
            done = {name: n for name, n in counts.items() if n}
            if done:
                self.stdout.write(f"{label}: " + ", ".join(f"{name} {n}" for name, n in done.items()))
        self.stdout.write(self.style.SUCCESS(f"Kódtáblák betöltve ({result.version})."))
