import pytest

from tests.conftest import office_login
from tests.factories.accounts import OfficeUserFactory
from tests.factories.operating import institution_user, registered_institution


@pytest.fixture
def school(db):
    return registered_institution()


@pytest.fixture
def head(school):
    return institution_user(school, full_name="Szabó Éva")


@pytest.fixture
def head_client(client, head):
    client.force_login(head)
    return client


@pytest.fixture
def clerk(db):
    return OfficeUserFactory(username="ugyintezo.ildiko")


@pytest.fixture
def office_client(client_factory, clerk):
    c = client_factory()
    office_login(c, clerk)
    return c


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture(autouse=True)
def _places(db):
    """The places the records' addresses use (Győr 9021...), for the shared address rules."""
    from tests.factories.reference import reference_places

    reference_places()
