# Stored files belong to operating institutions and training: the same people and places as there.
from tests.operating.conftest import (  # noqa: F401
    _places,
    clerk,
    client_factory,
    head,
    head_client,
    office_client,
    school,
)
