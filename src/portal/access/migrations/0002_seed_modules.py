from django.db import migrations

MODULES = [
    {
        "code": "institution_data", "order": 10, "name": "Intézményi adatok aktualizálása",
        "description": "Az intézmény KIR Intézménytörzsben nyilvántartott adatainak módosítása: "
        "adatmódosítási kérelem előállítása, beküldése és nyomon követése.",
        "is_periodic": False, "eligibility_rule": "any_institution",
    },
    {
        "code": "id_cards", "order": 20, "name": "Oktatási igazolvány adatok",
        "description": "A feladatellátási helyek oktatási igazolványokkal (diákigazolvány, "
        "pedagógusigazolvány) kapcsolatos adatai: rövidített név, bankszámlaszám.",
        "is_periodic": True, "eligibility_rule": "pupils_or_teachers",
    },
    {
        "code": "documents", "order": 30, "name": "Dokumentumok",
        "description": "Az intézmény okiratainak (alapító okirat, működési engedély…) feltöltése és megtekintése.",
        "is_periodic": False, "eligibility_rule": "any_institution",
    },
]


def seed(apps, schema_editor):
    Module = apps.get_model("access", "Module")
    for fields in MODULES:
        Module.objects.update_or_create(code=fields["code"], defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("access", "Module").objects.filter(code__in=[m["code"] for m in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0001_modules")]
    operations = [migrations.RunPython(seed, unseed)]
