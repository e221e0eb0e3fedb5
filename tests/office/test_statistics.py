"""The office's statistics page: charts that work without JavaScript, each with its table."""

import base64
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.changes.models import ChangeRequest, State
from tests.factories.accounts import InstitutionUserFactory
from tests.factories.changes import ChangeRequestFactory
from tests.factories.training import training_office_user

pytestmark = pytest.mark.django_db


def _request(state, *, submitted_days_ago=None, decided_days_ago=None):
    request = ChangeRequestFactory()
    now = timezone.now()
    ChangeRequest.objects.filter(pk=request.pk).update(
        state=state,
        submitted_at=now - timedelta(days=submitted_days_ago) if submitted_days_ago is not None else None,
        decided_at=now - timedelta(days=decided_days_ago) if decided_days_ago is not None else None,
    )


def _tables(page: str) -> dict[str, list[list[str]]]:
    """Each table's caption and its rows as the cells' text."""
    tables = {}
    for caption, body in re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        tables[caption] = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]
    return tables


def _svgs(page: str) -> list[str]:
    return [base64.b64decode(data).decode()
            for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]


def test_the_clerk_sees_the_queue_by_state_and_age_and_the_decisions_per_week(clerk_client):
    _request(State.SUBMITTED, submitted_days_ago=2)
    _request(State.SUBMITTED, submitted_days_ago=40)
    _request(State.AUTHENTICATED, submitted_days_ago=10)
    _request(State.REOPENED, submitted_days_ago=200)
    _request(State.DRAFT)  # not in the office's queue
    _request(State.APPROVED, submitted_days_ago=20, decided_days_ago=0)
    _request(State.REJECTED, submitted_days_ago=20, decided_days_ago=0)
    _request(State.APPROVED, submitted_days_ago=20, decided_days_ago=0)

    response = clerk_client.get("/hivatal/statisztika/")
    assert response.status_code == 200
    page = response.content.decode()
    tables = _tables(page)
    assert tables["Nyitott kérelmek állapot és kor szerint"] == [
        ["beküldött", "1", "0", "1", "0"],
        ["hitelesített", "0", "1", "0", "0"],
        ["visszanyitott", "0", "0", "0", "1"],
    ]
    weeks = tables["Döntések hetente (az utolsó 12 hét)"]
    assert len(weeks) == 12 and weeks[-1][1:] == ["2", "1"]
    assert all(row[1:] == ["0", "0"] for row in weeks[:-1])

    queue_svg, decisions_svg = _svgs(page)
    assert "Nyitott kérelmek állapot és kor szerint" in queue_svg and "3 hónapnál régebbi" in queue_svg
    assert "átvezetett" in decisions_svg
    assert 'alt="Nyitott kérelmek állapot és kor szerint (diagram; a számok a mellette álló táblázatban)"' in page
    # nothing is fetched from elsewhere; the SVG is an image, so its own script never runs
    assert not re.search(r'(src|href)="https?://', page)


def test_the_statistics_are_the_office_clerks_only(client):
    response = client.get("/hivatal/statisztika/")
    assert response.status_code == 302
    assert response["Location"] == "/belepes/hivatal/?next=/hivatal/statisztika/"
    client.force_login(InstitutionUserFactory())
    assert client.get("/hivatal/statisztika/").status_code == 403


def test_the_training_office_sees_learners_and_completion_per_subsystem_as_a_chart(client):
    from tests.factories.training import all_subsystems, learner

    all_subsystems()
    learner(email="kiss.anna@example.hu", name="Kiss Anna", subsystems=("gazdalkodas",))
    client.force_login(training_office_user())
    page = client.get(reverse("training:office_home")).content.decode()
    [svg] = _svgs(page)
    assert "Beiskolázottak és teljesítések szakrendszerenként" in svg and "Tananyagot teljesített" in svg
    rows = {row[0]: row[1:] for row in _tables(page)["Beiskolázottak és teljesítések szakrendszerenként"]}
    assert rows["gazdálkodás"][0] == "1"

