"""Operating institutions in the register (built through the schema, as an approval would)."""

from portal.changes.permissions import DOCUMENTS, ID_CARDS, INSTITUTION_DATA
from portal.registry.models import InstitutionVersion
from portal.registry.schema import apply_to_register

from .accounts import DistrictUserFactory, InstitutionUserFactory
from .changes import complete_record
from .registry import InstitutionFactory, SchoolDistrictFactory


def registered_institution(*, sites: int = 3, maintainer=None, **kwargs):
    """An active institution whose register rows hold a complete record (seat, own-admin site, site without)."""
    institution = InstitutionFactory(**({"maintainer": maintainer} if maintainer else {}), **kwargs)
    record = complete_record(sites=sites, maintainer_id=institution.maintainer.maintainer_id)
    record.name = institution.name
    record.om_id = institution.om_id
    record.head.email = institution.head_email
    record.normalise()
    apply_to_register(record, institution=institution)
    InstitutionVersion.objects.create(institution=institution, number=1, valid_from="2024-09-01",
                                      data=record.to_dict())
    return institution


def grant_modules(user, *codes: str) -> None:
    """Grant module rights when the access manager ([A]) is installed; a no-op before."""
    try:
        from tests.factories.access import grant
    except ImportError:
        return
    grant(user, *(codes or (INSTITUTION_DATA, ID_CARDS, DOCUMENTS)))


def institution_user(institution, **kwargs):
    user = InstitutionUserFactory(institution=institution, **kwargs)
    grant_modules(user)
    return user


def district_login(client, *, district_user, institution) -> None:
    client.force_login(district_user)
    session = client.session
    session["acting_institution_id"] = institution.pk
    session.save()


def district_with_institution():
    district = SchoolDistrictFactory()
    institution = registered_institution(maintainer=district)
    return district, institution, DistrictUserFactory(maintainer=district)
