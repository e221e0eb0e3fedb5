"""Factories of change requests and of complete institution records (the request payload)."""

import factory

from portal.changes.models import ChangeRequest, Kind, State
from portal.registry.schema import (
    CAPACITY_FIELDS,
    FACILITY_FIELDS,
    NO_ADMINISTRATION,
    OWN_ADMINISTRATION,
    SEAT,
    Administration,
    Contact,
    InstitutionRecord,
    Licence,
    SiteRecord,
    Supplement,
    TaskRecord,
)
from tests.factories.registry import MaintainerFactory

__all__ = ["ChangeRequestFactory", "MaintainerFactory", "complete_record"]

VALID_TAX_NUMBER = "15300014-2-41"
VALID_BANK_ACCOUNT = "11773016-11111018"


def address(**overrides) -> dict:
    return {
        "country": "Magyarország", "postal_code": "9021", "settlement": "Győr", "street_name": "Kossuth Lajos",
        "street_type": "utca", "house_number": "1", "details": "", "lot_number": "",
    } | overrides


def task(**overrides) -> TaskRecord:
    values = {"base_task": "altalanos-iskolai-also-tagozat", "special_characteristic": "altalanos-feltetelek-szerinti",
              "schedule": "nappali", "grade_count": 4}
    return TaskRecord(**(values | overrides))


def site(*, kind: str = OWN_ADMINISTRATION, name: str = "Tagintézmény", tasks: int = 1, **overrides) -> SiteRecord:
    values = dict(
        kind=kind, name=name, address=address(),
        contact=Contact("Kiss Anna", "+36 96 123 456", "kiss.anna@iskola.hu"),
        administration=Administration(
            name=name, administration_type="member" if kind == OWN_ADMINISTRATION else "",
            short_name="Tagiskola", bank_account=VALID_BANK_ACCOUNT,
            head=Contact("Nagy Béla", "+36 96 654 321", "nagy.bela@iskola.hu"),
            billing_address=address(),
        ),
        capacities={k: 10 for k in CAPACITY_FIELDS},
        facilities={k: (i % 2 == 0) for i, k in enumerate(FACILITY_FIELDS)},
        tasks=[
            task(supplements=[Supplement("egyeb", "gyakorlo-intezmenyi-feladat")]) if i == 0
            else task(base_task="altalanos-iskolai-felso-tagozat" if i % 2 else "altalanos-iskolai-also-tagozat",
                      special_characteristic=["altalanos-feltetelek-szerinti", "sajatos-nevelesi-igenyu", "emelt-szintu-oktatas", "ket-tanitasi-nyelvu"][i % 4],
                      grade_count=4)
            for i in range(tasks)
        ],
    )
    return SiteRecord(**(values | overrides))


def complete_record(*, sites: int = 1, tasks_per_site: int = 1, maintainer_id: str = "", pir: str = "") -> InstitutionRecord:
    """A record that passes validation: a seat and ``sites - 1`` further sites, half without administration."""
    seat = site(kind=SEAT, name="", tasks=tasks_per_site)
    record = InstitutionRecord(
        pir=pir, maintainer_id=maintainer_id, tax_number=VALID_TAX_NUMBER,
        name="Győri Példa Általános Iskola", character="koznevelesi-intezmeny",
        institution_type="altalanos-iskola", website="www.peldaiskola.hu",
        head=Contact("Szabó Éva", "+36 96 111 222", "igazgato@peldaiskola.hu"),
        founder_type="telepulesi-onkormanyzat", founder_name="Győr Megyei Jogú Város Önkormányzata",
        founder_seat=address(street_name="Városház", street_type="tér"),
        founding_place="Győr", founding_date="2024-05-02", predecessors=["031234"],
        licences=[Licence(issuer="Győr-Moson-Sopron Vármegyei Kormányhivatal", place="Győr",
                          issued_on="2024-06-01", decision_number="GY/01/123-4/2024",
                          operation_start="2024-09-01", issuer_address=address())],
        sites=[seat],
    )
    for index in range(1, sites):
        if index % 2:
            record.sites.append(site(name=f"{index}. sz. Tagiskola", tasks=tasks_per_site))
        else:
            record.sites.append(site(kind=NO_ADMINISTRATION, name=f"{index}. sz. Telephely",
                                     tasks=tasks_per_site, administered_by=seat.key))
    record.normalise()
    return record


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    """A new-institution request; ``payload`` is a complete record of its maintainer."""

    class Meta:
        model = ChangeRequest

    class Params:
        sites = 1
        tasks_per_site = 1

    kind = Kind.NEW_INSTITUTION
    state = State.DRAFT
    maintainer = factory.SubFactory(MaintainerFactory)
    subject_key = factory.Sequence(lambda n: f"new:test{n}")
    applicant_email = "bejelento@peldaiskola.hu"
    payload = factory.LazyAttribute(
        lambda o: complete_record(sites=o.sites, tasks_per_site=o.tasks_per_site,
                                  maintainer_id=o.maintainer.maintainer_id).to_dict()
    )
