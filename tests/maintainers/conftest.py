import pytest

from tests.factories.accounts import MaintainerUserFactory
from tests.factories.maintainers import maintainer_record, maintainer_types
from tests.factories.reference import reference_places
from tests.factories.registry import MaintainerFactory


@pytest.fixture
def places(db):
    """Reference geography and the maintainer types."""
    reference_places()
    maintainer_types()


@pytest.fixture
def owner(places):
    """A maintainer in the register with its login."""
    maintainer = MaintainerFactory(maintainer_id="30000101", name="Példaváros Önkormányzata")
    from django.db import transaction

    with transaction.atomic():
        from portal.registry.maintainer_schema import apply_to_register

        apply_to_register(maintainer_record(maintainer_id="30000101"), maintainer=maintainer)
    return MaintainerUserFactory(maintainer=maintainer)


@pytest.fixture
def outsider(places):
    return MaintainerUserFactory(maintainer=MaintainerFactory(maintainer_id="30000202"))
