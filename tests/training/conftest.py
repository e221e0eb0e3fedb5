import pytest


@pytest.fixture
def subsystems(db):
    from tests.factories.training import all_subsystems

    return all_subsystems()
