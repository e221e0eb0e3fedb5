"""Two clerks decide the same request at the same moment: exactly one decision wins."""

import threading

import pytest
from django.db import connection, connections

from portal.changes import services
from portal.changes.models import State
from portal.changes.transitions import TransitionNotAllowed
from portal.registry.models import Institution
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - the loser's error is the outcome
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def authenticated_request(clerk):
    request = services.change_request_submit(change_request=ChangeRequestFactory(sites=3))
    return services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="real concurrency needs PostgreSQL row locks; SQLite serialises writers")
def test_it_lets_exactly_one_of_two_clerks_approve(authenticated_request, clerk, second_clerk):
    outcomes = _race(
        lambda: services.change_request_approve(change_request=authenticated_request, actor=clerk),
        lambda: services.change_request_approve(change_request=authenticated_request, actor=second_clerk),
    )
    winners = [o for o in outcomes if not isinstance(o, Exception)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], TransitionNotAllowed) and losers[0].state == State.APPROVED
    assert Institution.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="real concurrency needs PostgreSQL row locks; SQLite serialises writers")
def test_it_lets_only_one_of_approve_and_reject_happen(authenticated_request, clerk, second_clerk):
    outcomes = _race(
        lambda: services.change_request_approve(change_request=authenticated_request, actor=clerk),
        lambda: services.change_request_reject(change_request=authenticated_request, actor=second_clerk,
                                               reason="Hiányos."),
    )
    assert sum(isinstance(o, TransitionNotAllowed) for o in outcomes) == 1
    authenticated_request.refresh_from_db()
    assert authenticated_request.state in (State.APPROVED, State.REJECTED)
    assert Institution.objects.count() == (1 if authenticated_request.state == State.APPROVED else 0)
