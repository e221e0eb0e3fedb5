"""The office's read-only code-list pages (/hivatal/kodtablak/)."""

import pytest

from portal.accounts.decorators import OFFICE_ONLY
from portal.accounts.models import User
from portal.core.services.codelists import codelists_load

pytestmark = pytest.mark.django_db

PAGES = [
    "/hivatal/kodtablak/",
    "/hivatal/kodtablak/feladatkombinaciok/",
    "/hivatal/kodtablak/intezmenytipus/",
    "/hivatal/kodtablak/feladatkiegeszites/sni-tipus/",
]


@pytest.fixture(autouse=True)
def _codelists():
    codelists_load()


@pytest.fixture
def clerk(clerk_client):
    return clerk_client


@pytest.fixture
def head_of_school(client):
    user = User.objects.create_user(kind="institution", username="igazgato", scope="123456", password="Titok-2025")
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_it_shows_the_pages_to_a_clerk(clerk, url):
    assert clerk.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_it_refuses_the_pages_to_a_head_of_school(head_of_school, url):
    response = head_of_school.get(url)
    assert response.status_code == 403
    assert str(OFFICE_ONLY) in response.content.decode()


@pytest.mark.parametrize("kind", ["maintainer", "district", "master", "notary", "learner"])
def test_it_refuses_the_index_to_every_other_role(client, kind):
    client.force_login(User.objects.create_user(kind=kind, username=f"u-{kind}", scope="12345678", password="x"))
    assert client.get("/hivatal/kodtablak/").status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get("/hivatal/kodtablak/")
    assert response.status_code == 302
    assert "next=/hivatal/kodtablak/" in response["Location"]


def test_it_lists_every_code_list_with_its_size(clerk):
    text = clerk.get("/hivatal/kodtablak/").content.decode()
    for title in ["Az ellátott feladatok lehetséges kombinációi", "Intézmény jellege", "Intézmény típusok",
                  "Fenntartó típusok", "Megszűnés okai", "Alapfeladatok", "Speciális jellemzők",
                  "Képzési rendszerek", "Feladatkiegészítések"]:
        assert title in text
    assert "<td>64</td>" in text  # base tasks


def test_it_shows_the_entries_and_flags_of_a_list(clerk):
    text = clerk.get("/hivatal/kodtablak/intezmenytipus/").content.decode()
    assert "általános művelődési központ" in text
    assert "többcélú intézmény" in text


def test_it_shows_the_values_of_a_supplement_kind(clerk):
    text = clerk.get("/hivatal/kodtablak/feladatkiegeszites/sni-tipus/").content.decode()
    assert "értelmi fogyatékos (középsúlyos)" in text
    assert "autizmus spektrum zavarral küzd" in text


def test_it_filters_the_annex_ii_table_by_base_task(clerk):
    text = clerk.get("/hivatal/kodtablak/feladatkombinaciok/", {"alapfeladat": "ovodai-neveles"}).content.decode()
    assert "7 feladatkombináció" in text
    assert "általános iskolai (alsó tagozat)</th>" not in text
    assert "sajátos nevelési igényű gyermekek nevelése-oktatása" in text


def test_it_shows_the_whole_annex_ii_table_without_a_filter(clerk):
    text = clerk.get("/hivatal/kodtablak/feladatkombinaciok/").content.decode()
    assert "460 feladatkombináció" in text
    assert "felnőttoktatás - levelező" in text


def test_it_explains_an_unknown_base_task_in_the_filter_instead_of_failing(clerk):
    response = clerk.get("/hivatal/kodtablak/feladatkombinaciok/", {"alapfeladat": "nincs-ilyen"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_it_answers_an_unknown_list_with_404(clerk):
    assert clerk.get("/hivatal/kodtablak/nincs-ilyen/").status_code == 404
    assert clerk.get("/hivatal/kodtablak/feladatkiegeszites/nincs-ilyen/").status_code == 404
