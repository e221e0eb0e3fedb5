import pytest
from django.core.cache import cache

from tests.factories.reference import CountyFactory, PostalCodeFactory, SettlementFactory
from tests.factories.registry import (
    MaintainerFactory,
    SchoolDistrictFactory,
    registered_institution,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from portal.public.matching import index_reset

    cache.clear()
    index_reset()  # the search index of an earlier test's data


@pytest.fixture
def places(db):
    """Győr (Győr-Moson-Sopron, 08) and Gyula (Békés, 04) with a postal code each; the code lists."""
    from portal.core.services.codelists import codelists_load

    codelists_load()
    gyor = SettlementFactory(ksh_code="25584", name="Győr", county=CountyFactory(code="08", name="Győr-Moson-Sopron"))
    gyula = SettlementFactory(ksh_code="08518", name="Gyula", county=CountyFactory(code="04", name="Békés"))
    PostalCodeFactory(code="9021", settlement=gyor)
    PostalCodeFactory(code="5700", settlement=gyula)
    return {"gyor": gyor, "gyula": gyula}


@pytest.fixture
def register(places):
    """Three approved institutions: a Romanian gymnasium in Gyula, a school and a kindergarten in Győr."""
    district = SchoolDistrictFactory(name="Gyulai Tankerületi Központ")
    town = MaintainerFactory(name="Győr Megyei Jogú Város Önkormányzata")
    return {
        "balcescu": registered_institution(
            name="NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM, ÁLTALÁNOS ISKOLA ÉS KOLLÉGIUM", om_id="028387",
            maintainer=district, settlement="Gyula", postal_code="5700",
            base_task="gimnaziumi-4-evfolyamos", institution_type="gimnazium"),
        "school": registered_institution(name="Győri Kazinczy Ferenc Általános Iskola", om_id="030001",
                                         maintainer=district),
        "kindergarten": registered_institution(name="Győri Pitypang Óvoda", om_id="030002", maintainer=town,
                                               base_task="ovodai-neveles", institution_type="ovoda"),
    }
