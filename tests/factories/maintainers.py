"""Maintainer records (the payload of maintainer requests) and maintainer requests for tests.

Addresses use the places of ``tests.factories.reference.reference_places`` (Budapest 1055,
Debrecen 4024), which the tests load with the ``places`` fixture.
"""

import factory

from portal.changes.models import ChangeRequest, Kind, State
from portal.core.models import MaintainerType
from portal.registry import maintainer_schema as ms
from portal.registry.maintainer_schema import MaintainerRecord, MemberRecord, Person

TAX_NUMBER = "15300014241"           # 15300014-2-41 (Országgyűlés Hivatala: a real, valid number)
STATISTICAL_NUMBER = "15300014841132101"  # the same stem, TEÁOR 8411, GFO 321, county 01
OTHER_STEM_STATISTICAL_NUMBER = "15300021841132101"
PIR = "300014"


def address(**overrides) -> dict:
    return {"country": "Magyarország", "postal_code": "1055", "settlement": "Budapest",
            "street_name": "Kossuth Lajos", "street_type": "tér", "house_number": "1",
            "details": "", "lot_number": ""} | overrides


def person(**overrides) -> Person:
    values = dict(name="Dr. Kovács Anna", position="polgármester", phone="+3612345678",
                  email="kepviselo@fenntarto.example", mobile="+36301234567", fax="",
                  address=address())
    return Person(**(values | overrides))


def member(*, name: str = "Példafalva Község Önkormányzata", is_lead: bool = False, **overrides) -> MemberRecord:
    values = dict(pir=PIR, name=name, is_lead=is_lead, address=address(postal_code="4024", settlement="Debrecen",
                                                                     street_name="Piac", street_type="utca"),
                  representative=person(name=f"{name} polgármestere", email=""))
    return MemberRecord(**(values | overrides))


def maintainer_record(**overrides) -> MaintainerRecord:
    """A complete record of a municipality that passes validation."""
    values = dict(
        name="Példaváros Önkormányzata", maintainer_type="telepulesi-onkormanyzat", tax_number=TAX_NUMBER,
        statistical_number=STATISTICAL_NUMBER, pir=PIR, phone="+3612345678", email="hivatal@fenntarto.example",
        website="www.fenntarto.example", status=ms.ACTIVE, seat=address(), representative=person(),
    )
    return MaintainerRecord(**(values | overrides))


def association_record(*, members: int = 2, **overrides) -> MaintainerRecord:
    """An association (társulás) without a tax number, the first member its lead."""
    values = dict(name="Példavölgyi Önkormányzati Társulás", maintainer_type="onkormanyzati-tarsulas",
                  tax_number="", statistical_number="")
    record = maintainer_record(**(values | overrides))
    record.members = [member(name=f"{i + 1}. Község Önkormányzata", is_lead=i == 0) for i in range(members)]
    return record


def maintainer_types() -> None:
    """The maintainer types of the code list (the tests' database starts empty)."""
    from portal.core.services.codelists import codelist_rows

    for order, row in enumerate(codelist_rows("maintainer_types.csv"), start=1):
        MaintainerType.objects.update_or_create(code=row["code"], defaults={
            "name": row["name"], "order": order, "is_association": row["is_association"] == "igen",
            "is_school_district": row["is_school_district"] == "igen", "is_budgetary": row["is_budgetary"] == "igen",
        })


class MaintainerRequestFactory(factory.django.DjangoModelFactory):
    """A new-maintainer announcement (draft) with a complete record."""

    class Meta:
        model = ChangeRequest

    kind = Kind.NEW_MAINTAINER
    state = State.DRAFT
    maintainer = None
    subject_key = factory.Sequence(lambda n: f"new:maintainer{n}")
    applicant_email = "kepviselo@fenntarto.example"
    payload = factory.LazyFunction(lambda: maintainer_record().to_dict())
