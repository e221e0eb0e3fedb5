"""The product's modules: stable codes other apps use with ``module_required``."""

INSTITUTION_DATA = "institution_data"
ID_CARDS = "id_cards"
DOCUMENTS = "documents"

ALL = (INSTITUTION_DATA, ID_CARDS, DOCUMENTS)

# The product's modules as migration 0002 seeds them (see ``services.module_catalogue_sync``).
CATALOGUE = [
    {
        "code": INSTITUTION_DATA, "order": 10, "name": "Intézményi adatok aktualizálása",
        "description": "Az intézmény KIR Intézménytörzsben nyilvántartott adatainak módosítása: "
        "adatmódosítási kérelem előállítása, beküldése és nyomon követése.",
        "is_periodic": False, "eligibility_rule": "any_institution",
    },
    {
        "code": ID_CARDS, "order": 20, "name": "Oktatási igazolvány adatok",
        "description": "A feladatellátási helyek oktatási igazolványokkal (diákigazolvány, "
        "pedagógusigazolvány) kapcsolatos adatai: rövidített név, bankszámlaszám.",
        "is_periodic": True, "eligibility_rule": "pupils_or_teachers",
    },
    {
        "code": DOCUMENTS, "order": 30, "name": "Dokumentumok",
        "description": "Az intézmény okiratainak (alapító okirat, működési engedély…) feltöltése "
        "és megtekintése.",
        "is_periodic": False, "eligibility_rule": "any_institution",
    },
]

HOME_URL_NAMES = {
    INSTITUTION_DATA: "access:institution_data_home",
    ID_CARDS: "access:id_cards_home",
    DOCUMENTS: "access:documents_home",
}


def home_url(code: str, om_id: str | None = None) -> str | None:
    """The entry page of a module (for one institution when ``om_id`` is given)."""
    from django.urls import reverse

    name = HOME_URL_NAMES.get(code)
    if name is None:
        return None
    return reverse(name, kwargs={"om_id": om_id}) if om_id else reverse(name)
