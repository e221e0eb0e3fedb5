import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import OfficeUserFactory


@pytest.fixture
def clerk(db):
    return OfficeUserFactory(username="ugyintezo.ildiko", full_name="Ügyintéző Ildikó")


@pytest.fixture
def second_clerk(db):
    return OfficeUserFactory(username="masodik.marton", full_name="Második Márton")


def verified_login(client, user) -> None:
    """Log in an office clerk with a confirmed second factor, as the TOTP step would."""
    device = TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@pytest.fixture
def office_client(client, clerk):
    verified_login(client, clerk)
    return client


@pytest.fixture(autouse=True)
def _places(db):
    """The places the records' addresses use (Győr 9021...), for the shared address rules."""
    from tests.factories.reference import reference_places

    reference_places()
