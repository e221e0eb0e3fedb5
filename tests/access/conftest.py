"""People around one school: its head (master identity), staff, a district, outsiders."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import (
    DistrictUserFactory,
    InstitutionUserFactory,
    MasterFactory,
    OfficeUserFactory,
)
from tests.factories.registry import InstitutionFactory, SchoolDistrictFactory

ACTING = "acting_institution_id"


@pytest.fixture(autouse=True)
def modules(db):
    """The seeded modules (a transactional test elsewhere may have flushed the migration's rows)."""
    from portal.access.services import module_catalogue_sync

    module_catalogue_sync()


@pytest.fixture
def district(db):
    return SchoolDistrictFactory()


@pytest.fixture
def school(district):
    return InstitutionFactory(maintainer=district, name="Példafalvi Általános Iskola")


@pytest.fixture
def head(school):
    """The head, logged in with the OM ID and the master password."""
    return MasterFactory(institution=school)


@pytest.fixture
def teacher(school):
    return InstitutionUserFactory(institution=school, username="tanar")


@pytest.fixture
def secretary(school):
    return InstitutionUserFactory(institution=school, username="titkar")


@pytest.fixture
def outsider(db):
    """A user of another school, maintained by another district."""
    return InstitutionUserFactory(institution=InstitutionFactory(maintainer=SchoolDistrictFactory()))


@pytest.fixture
def district_clerk(district):
    return DistrictUserFactory(maintainer=district)


@pytest.fixture
def other_district_clerk(db):
    return DistrictUserFactory(maintainer=SchoolDistrictFactory())


@pytest.fixture
def clerk(db):
    return OfficeUserFactory()


def login(client, user, *, acting=None):
    """Log ``user`` in; districts act for ``acting`` (the OM ID typed at login)."""
    client.force_login(user)
    session = client.session
    if acting is not None:
        session[ACTING] = acting.pk
    elif user.institution_id:
        session[ACTING] = user.institution_id
    session.save()
    return client


def login_office(client, clerk):
    """An office clerk who passed the second factor (TOTP device marked verified in the session)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=clerk, name="telefon", confirmed=True)
    client.force_login(clerk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
