"""Two windows of the same learner commit to the same attempt at once: nothing is lost."""

import threading

import pytest
from django.db import connection, connections

from portal.training.models import Attempt, Sco
from portal.training.services.scorm import CommitError, attempt_commit, attempt_launch
from tests.factories.training import course_with_package, learner

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"),
]


ELEMENTS = {
    "cmi.core.lesson_location": lambda i: f"page{i}", "cmi.suspend_data": lambda i: f"state{i}",
    "cmi.comments": lambda i: f"note{i}", "cmi.student_preference.audio": lambda i: str(i),
    "cmi.student_preference.language": lambda i: f"hu{i}", "cmi.student_preference.speed": lambda i: str(-i),
}


def test_concurrent_commits_of_one_attempt_lose_no_value():
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna")
    course, _ = course_with_package("singlescobasic.zip")
    sco = Sco.objects.filter(package__course=course).exclude(href="").first()
    attempt, _ = attempt_launch(user=anna.user, sco=sco)
    barrier = threading.Barrier(len(ELEMENTS))
    last: dict[str, str] = {}
    errors: list[Exception] = []

    def commit(element: str, value) -> None:
        try:
            barrier.wait()
            for i in range(5):
                try:
                    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={element: value(i)})
                    last[element] = value(i)
                except CommitError as error:  # refused as a conflict: the window would retry
                    errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=commit, args=item) for item in ELEMENTS.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = Attempt.objects.get(pk=attempt.pk)
    assert {element: stored.cmi.get(element) for element in ELEMENTS} == last
    assert stored.revision - attempt.revision == len(ELEMENTS) * 5 - len(errors)
    assert all(error.code == "101" for error in errors)
