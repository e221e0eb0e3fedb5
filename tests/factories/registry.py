"""Register records for tests: maintainer types, maintainers, institutions (the register
engineer may extend these)."""

import factory

from portal.core.models import MaintainerType
from portal.registry.models import Institution, Maintainer


class MaintainerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintainerType
        django_get_or_create = ("code",)

    code = "telepulesi-onkormanyzat"
    name = "települési önkormányzat"


class SchoolDistrictTypeFactory(MaintainerTypeFactory):
    code = "tankeruleti-kozpont"
    name = "állami fenntartó (tankerületi központ)"
    is_school_district = True
    is_budgetary = True


class MaintainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maintainer

    maintainer_id = factory.Sequence(lambda n: f"{10700000 + n:08d}")
    name = factory.Sequence(lambda n: f"Példafalva {n} Község Önkormányzata")
    maintainer_type = factory.SubFactory(MaintainerTypeFactory)
    representative_email = factory.Sequence(lambda n: f"jegyzo{n}@peldafalva.example")


class SchoolDistrictFactory(MaintainerFactory):
    maintainer_id = factory.Sequence(lambda n: f"{18050000 + n:08d}")
    name = factory.Sequence(lambda n: f"{n}. Tankerületi Központ")
    maintainer_type = factory.SubFactory(SchoolDistrictTypeFactory)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    om_id = factory.Sequence(lambda n: f"{200000 + n:06d}")
    name = factory.Sequence(lambda n: f"Példafalvi {n}. Általános Iskola")
    status = Institution.Status.ACTIVE
    maintainer = factory.SubFactory(MaintainerFactory)
    head_email = factory.Sequence(lambda n: f"igazgato{n}@iskola.example")


def registered_institution(*, name: str = "Győri Példa Általános Iskola", maintainer=None, om_id: str = "",
                           settlement: str = "Győr", postal_code: str = "9021", sites: int = 1,
                           base_task: str = "altalanos-iskolai-also-tagozat",
                           institution_type: str = "altalanos-iskola", valid_from=None):
    """An institution in the register as approval leaves it: tables written by ``apply_to_register``
    (so the search columns are filled) and version 1 holding the record."""
    from datetime import date

    from portal.registry.models import InstitutionVersion
    from portal.registry.schema import apply_to_register
    from tests.factories.changes import address, complete_record

    maintainer = maintainer or MaintainerFactory()
    institution = InstitutionFactory(name=name, maintainer=maintainer, **({"om_id": om_id} if om_id else {}))
    record = complete_record(sites=sites, maintainer_id=maintainer.maintainer_id)
    record.name, record.om_id, record.institution_type = name, institution.om_id, institution_type
    for site in record.sites:
        site.address = address(settlement=settlement, postal_code=postal_code)
        for task in site.tasks:
            task.base_task, task.supplements = base_task, []
    record.normalise()
    apply_to_register(record, institution=institution)
    InstitutionVersion.objects.create(institution=institution, number=1,
                                      valid_from=valid_from or date(2024, 9, 1), data=record.to_dict())
    return institution
