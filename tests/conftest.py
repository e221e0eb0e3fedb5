import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# One hypothesis profile for every run: no deadlines (CI is a busy 2-core machine, and timing
# belongs to the benchmarks), a fixed number of examples unless a test asks for more, and no
# example database in the repository. HYPOTHESIS_PROFILE=thorough runs ten times as many.
hypothesis_settings.register_profile(
    "ci", deadline=None, max_examples=100, database=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "thorough", parent=hypothesis_settings.get_profile("ci"), max_examples=1000,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Tests use a fast hasher, their own media folder and an empty cache (cached code lists, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def office_login(client, user) -> None:
    """Log an office clerk in with a confirmed second factor, as the TOTP step would."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="telefon", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def clerk_user(db):
    from tests.factories.accounts import OfficeUserFactory

    return OfficeUserFactory(username="kovacs.clerk", full_name="Kovács Klára")


@pytest.fixture
def clerk_client(client, clerk_user):
    """A client logged in as a verified Education Office clerk."""
    office_login(client, clerk_user)
    return client


from tests.servers import s3_server, s3_storage, silent_server, smtp_server  # noqa: E402,F401 - fixtures
