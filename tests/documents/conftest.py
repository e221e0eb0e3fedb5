# Documents belong to operating institutions: the same people, clients and places as there.
from tests.operating.conftest import (  # noqa: F401
    _places,
    clerk,
    client_factory,
    head,
    head_client,
    office_client,
    school,
)
