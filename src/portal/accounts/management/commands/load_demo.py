"""Demo data: two maintainers, two real institutions and an account of every kind.

Idempotent: a second run adds nothing (and leaves changed passwords alone).
Prints what to type in each login form.
"""

import csv
from base64 import b32encode
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.accounts.models import Kind, User
from portal.accounts.services import user_login_key
from portal.core.models import MaintainerType
from portal.registry.models import Institution, Maintainer

REFERENCE = Path(__file__).resolve().parents[3] / "core" / "data" / "reference" / "kir_mukodo_intezmenyek_2025-07.csv"

PASSWORD = "Hófehérke7törpe"  # the seed's own example; passes the password policy
MASTER_PASSWORD = "Mester7kulcs2025"

MAINTAINER_TYPES = {
    "tankeruleti-kozpont": {"name": "állami fenntartó (tankerületi központ)",
                            "is_school_district": True, "is_budgetary": True},
    "telepulesi-onkormanyzat": {"name": "települési önkormányzat"},
}
DISTRICT = {"maintainer_id": "18050016", "name": "Győri Tankerületi Központ", "type": "tankeruleti-kozpont",
            "representative_email": "titkarsag@gyor-tk.example"}
MUNICIPALITY = {"maintainer_id": "10700101", "name": "Győr Megyei Jogú Város Önkormányzata",
                "type": "telepulesi-onkormanyzat", "representative_email": "jegyzo@gyor.example"}
SCHOOL_OM_ID = "030521"  # Győri Gárdonyi Géza Általános Iskola (district)
KINDERGARTEN_OM_ID = "202641"  # GYŐRI MOSOLYVÁR ÓVODA (municipality)


def institution_names(om_ids: set[str]) -> dict[str, str]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        return {row[0]: row[1] for row in reader if row and row[0] in om_ids}


class Command(BaseCommand):
    help = "Demo maintainers, institutions and users of every kind (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created, logins, secret = self.load()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {created} new records."))
        call_command("load_training_demo", stdout=self.stdout)  # ASP oktatás: scopes and courses
        self.print_table(logins, secret)

    def load(self):
        created = 0
        types = {}
        for code, fields in MAINTAINER_TYPES.items():
            types[code], new = MaintainerType.objects.get_or_create(code=code, defaults=fields)
            created += new
        maintainers = {}
        for spec in (DISTRICT, MUNICIPALITY):
            maintainers[spec["type"]], new = Maintainer.objects.get_or_create(
                maintainer_id=spec["maintainer_id"],
                defaults={"name": spec["name"], "maintainer_type": types[spec["type"]],
                          "representative_email": spec["representative_email"]},
            )
            created += new
        names = institution_names({SCHOOL_OM_ID, KINDERGARTEN_OM_ID})
        school, new = Institution.objects.get_or_create(om_id=SCHOOL_OM_ID, defaults={
            "name": names[SCHOOL_OM_ID], "status": Institution.Status.ACTIVE,
            "maintainer": maintainers["tankeruleti-kozpont"], "head_email": "igazgato@gardonyi-gyor.example"})
        created += new
        kindergarten, new = Institution.objects.get_or_create(om_id=KINDERGARTEN_OM_ID, defaults={
            "name": names[KINDERGARTEN_OM_ID], "status": Institution.Status.ACTIVE,
            "maintainer": maintainers["telepulesi-onkormanyzat"], "head_email": "vezeto@mosolyvar.example"})
        created += new
        district, municipality = maintainers["tankeruleti-kozpont"], maintainers["telepulesi-onkormanyzat"]
        users = [
            dict(kind=Kind.INSTITUTION, username="igazgato", full_name="Kiss Katalin", institution=school),
            dict(kind=Kind.INSTITUTION, username="ovodavezeto", full_name="Szabó Éva", institution=kindergarten),
            dict(kind=Kind.MASTER, full_name="Kiss Katalin (mesterjelszó)", institution=school,
                 email="igazgato@gardonyi-gyor.example", password=MASTER_PASSWORD),
            dict(kind=Kind.DISTRICT, username="tankerulet", full_name="Nagy Péter", maintainer=district),
            dict(kind=Kind.MAINTAINER, username=municipality.maintainer_id, full_name="Győr MJV Önkormányzata",
                 maintainer=municipality, email=municipality.representative_email),
            dict(kind=Kind.OFFICE, username="ugyintezo", full_name="Tóth Anna", email="ugyintezo@oh.example"),
            dict(kind=Kind.NOTARY, full_name="Dr. Varga László", email="jegyzo@gyor.example"),
            dict(kind=Kind.TRAINING_OFFICE, full_name="Horváth Judit", email="aspoktatas@allamkincstar.example"),
            dict(kind=Kind.LEARNER, full_name="Molnár Gábor", email="tanulo@gyor.example"),
        ]
        for spec in users:
            created += self.user(**spec)
        self.module_rights(school, kindergarten)
        secret = self.office_device(User.objects.get(login_key=user_login_key(kind=Kind.OFFICE, username="ugyintezo")))
        logins = self.logins(school)
        return created, logins, secret

    def module_rights(self, *institutions) -> None:
        """The staff accounts hold every module, as a head who works in the modules would set it."""
        from portal.access.models import Module, ModulePermission
        from portal.access.services import module_catalogue_sync

        module_catalogue_sync()
        for user in User.objects.filter(kind=Kind.INSTITUTION, institution__in=institutions):
            for module in Module.objects.all():
                ModulePermission.objects.get_or_create(user=user, module=module)

    def user(self, *, kind, password=PASSWORD, username="", email="", institution=None, maintainer=None,
             full_name=""):
        login_key = user_login_key(kind=kind, username=username, email=email,
                                   institution=institution, maintainer=maintainer)
        user, new = User.objects.get_or_create(login_key=login_key, defaults={
            "kind": kind, "username": username, "email": email, "full_name": full_name,
            "institution": institution, "maintainer": maintainer,
        })
        if new:
            user.set_password(password)
            user.save(update_fields=["password"])
        return int(new)

    def office_device(self, user) -> str:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Demo hitelesítő", confirmed=True)
        return b32encode(device.bin_key).decode()

    def logins(self, school):
        return [
            ("Intézményi belépés", f"OM azonosító {school.om_id}, felhasználónév igazgato", PASSWORD),
            ("Intézményi belépés", f"OM azonosító {KINDERGARTEN_OM_ID}, felhasználónév ovodavezeto", PASSWORD),
            ("Tankerületi belépés", f"OM azonosító {school.om_id}, felhasználónév tankerulet, "
                                    "Tankerületi belépés bejelölve", PASSWORD),
            ("Mesterjelszó-kezelő", f"OM azonosító {school.om_id}", MASTER_PASSWORD),
            ("Fenntartói belépés", f"fenntartói azonosító {MUNICIPALITY['maintainer_id']}", PASSWORD),
            ("Oktatási Hivatal", "felhasználónév ugyintezo + hitelesítő kód (lásd lent)", PASSWORD),
            ("ASP oktatás (jegyző)", "e-mail jegyzo@gyor.example", PASSWORD),
            ("ASP oktatás (ügyintéző)", "e-mail aspoktatas@allamkincstar.example", PASSWORD),
            ("ASP oktatás (beiskolázott)", "e-mail tanulo@gyor.example", PASSWORD),
        ]

    def print_table(self, logins, secret: str) -> None:
        width = max(len(row[0]) for row in logins)
        what = max(len(row[1]) for row in logins)
        self.stdout.write(f"{'Belépési mód'.ljust(width)}  {'Mit írjon be'.ljust(what)}  Jelszó")
        self.stdout.write(f"{'-' * width}  {'-' * what}  {'-' * 16}")
        for mode, identifiers, password in logins:
            self.stdout.write(f"{mode.ljust(width)}  {identifiers.ljust(what)}  {password}")
        self.stdout.write("")
        self.stdout.write(f"Az ügyintéző TOTP titkos kulcsa (hitelesítő alkalmazásba): {secret}")
        self.stdout.write("(A demó jelszavak ismertek: éles rendszerben ne futtassa ezt a parancsot.)")
