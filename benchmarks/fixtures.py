"""Data the benchmarks need, created with the product's own models."""

from portal.accounts.models import Kind, User, login_key_for
from portal.core.models import MaintainerType
from portal.registry.models import Institution, Maintainer

PASSWORD = "Hofeherke7torpe"


def demo_institution_user() -> tuple[str, str, str]:
    kind, _ = MaintainerType.objects.get_or_create(
        code="telepulesi-onkormanyzat", defaults={"name": "települési önkormányzat"}
    )
    maintainer, _ = Maintainer.objects.get_or_create(
        maintainer_id="10000001", defaults={"name": "Bench Község Önkormányzata", "maintainer_type": kind}
    )
    institution, _ = Institution.objects.get_or_create(
        om_id="026991", defaults={"name": "Városközponti Óvoda", "maintainer": maintainer, "status": "active"}
    )
    key = login_key_for(kind=Kind.INSTITUTION, scope=institution.om_id, username="bench")
    if not User.objects.filter(login_key=key).exists():
        User.objects.create_user(
            kind=Kind.INSTITUTION, login_key=key, username="bench", institution=institution, password=PASSWORD
        )
    return institution.om_id, "bench", PASSWORD
