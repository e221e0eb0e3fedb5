"""Every status a person reads is Hungarian, the same words for the learner, the notary and the
training office."""

import re

import pytest
from django.urls import reverse

from portal.training import status
from portal.training.models import Sco
from portal.training.services.scorm import attempt_commit, attempt_launch
from tests.factories.training import (
    MunicipalityFactory,
    course_with_package,
    learner,
    notary,
    training_office_user,
)

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r">\s*(completed|incomplete|not attempted|unknown|passed|failed|browsed)\s*<")


def test_every_status_the_run_time_reports_has_a_hungarian_word():
    for code in ("completed", "incomplete", "not attempted", "unknown", "browsed"):
        assert status.completion_label(code) and status.completion_label(code) != code
    assert (status.success_label("passed"), status.success_label("failed")) == ("sikeres", "sikertelen")
    assert status.completion_label("completed") == "befejezett"
    assert status.completion_label("something new") == "nem kezdte el"  # never an English code on screen


def test_learner_notary_and_office_read_the_same_words(client):
    town = MunicipalityFactory(name="Orfű")
    jegyzo = notary(office=town.notary_office)
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna", municipality=town)
    course, _ = course_with_package("RuntimeMinimumCalls_SCORM20043rdEdition.zip")
    first, second = Sco.objects.filter(package__course=course).exclude(href="").order_by("order")[:2]
    attempt, _ = attempt_launch(user=anna.user, sco=first)
    attempt_commit(user=anna.user, attempt_id=attempt.pk, changes={}, finish=True)  # completed, passed
    opened, _ = attempt_launch(user=anna.user, sco=second)
    attempt_commit(user=anna.user, attempt_id=opened.pk, changes={"cmi.location": "2"})  # unknown

    client.force_login(anna.user)
    page = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert not ENGLISH.search(page), ENGLISH.search(page)
    assert f'data-completion="completed">{status.completion_label("completed")}' in page
    assert 'data-success="passed">sikeres' in page
    assert 'data-completion="unknown">folyamatban' in page
    assert 'data-course-status="incomplete">folyamatban' in page

    for person, url in ((jegyzo.user, "training:notary_home"), (training_office_user(), "training:learner_list")):
        client.force_login(person)
        page = client.get(reverse(url)).content.decode()
        assert f"{course.title} – folyamatban" in page, url
        assert not ENGLISH.search(page), url
