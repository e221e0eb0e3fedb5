"""The search page and the API find what was meant, on the database (SQLite by default; the same
tests on PostgreSQL with DATABASE_URL). Names are real ones from the KIR list (2025-07)."""

import pytest

from tests.factories.registry import MaintainerFactory, registered_institution

pytestmark = pytest.mark.django_db
URL = "/kereses/"


@pytest.fixture
def real(places):
    town = MaintainerFactory(name="Harkány Város Önkormányzata")
    return {
        "baptist": registered_institution(name="Budapest Baptista Gimnázium, Technikum és Sportiskola",
                                          om_id="035255"),
        "harkany": registered_institution(name="Harkányi Óvoda, Mini Bölcsőde és Konyha", om_id="027391",
                                          maintainer=town, institution_type="ovoda", base_task="ovodai-neveles"),
        "kazinczy": registered_institution(name="Győri Kazinczy Ferenc Gimnázium és Kollégium", om_id="030000",
                                           institution_type="gimnazium", base_task="gimnaziumi-4-evfolyamos"),
        "szent": registered_institution(name="Szent István Katolikus Általános Iskola", om_id="036123",
                                        settlement="Gyula", postal_code="5700"),
    }


def names(response) -> list[str]:
    results = response.context["results"]
    return [i.name for i in results.items] if results else []


@pytest.mark.parametrize("typed, meant", [
    ("sportiskloa baptista", "baptist"),      # two neighbouring letters swapped
    ("Harkányi óvda", "harkany"),             # a letter missing
    ("kazinczy gimnazzium", "kazinczy"),      # a letter extra
    ("kazinczy gimnazium gyori", "kazinczy"),  # any word order
    ("GIMI KAZINCZY", "kazinczy"),            # an abbreviation, capitals
    ("szt. istvan alt. isk.", "szent"),       # abbreviations with dots
    ("kat isk gyula", "szent"),               # prefixes and the settlement
    ("harkany varos onkormanyzata", "harkany"),  # the maintainer's name
])
def test_the_page_puts_the_institution_meant_first_and_marks_the_matched_words(client, real, typed, meant):
    response = client.get(URL, {"q": typed})
    assert names(response)[0] == real[meant].name
    assert "<mark>" in response.content.decode()


def test_matched_words_of_the_name_are_marked_as_typed_without_accents(client, real):
    page = client.get(URL, {"q": "harkanyi ovda"}).content.decode()
    assert "<mark>Harkányi</mark> <mark>Óvoda</mark>, Mini Bölcsőde és Konyha" in page


def test_filters_combine_with_a_typo(client, real):
    assert names(client.get(URL, {"q": "gimnazim", "tipus": "gimnazium"})) == [real["kazinczy"].name]
    assert names(client.get(URL, {"q": "gimnazim", "megye": "04"})) == []


def test_nothing_found_offers_erre_gondolt_with_the_corrected_query_and_the_nearest_names(client, real):
    response = client.get(URL, {"q": "kazincy gimnazum xqzw"})
    page = response.content.decode()
    assert "0 találat" in page and "Erre gondolt?" in page
    assert 'href="?q=kazinczy+gimnazium"' in page
    assert response.context["results"].suggestions[0].name == real["kazinczy"].name
    assert f'href="/kereses/intezmeny/{real["kazinczy"].om_id}/"' in page


def test_the_corrected_query_link_keeps_the_filters(client, real):
    page = client.get(URL, {"q": "kazincy gimnazum xqzw", "tipus": "gimnazium"}).content.decode()
    assert 'href="?q=kazinczy+gimnazium&amp;tipus=gimnazium"' in page


def test_the_api_returns_the_score_best_first_and_suggestions_when_nothing_matches(client, real):
    body = client.get("/api/institutions", {"q": "harkanyi ovda"}).json()
    assert body["items"][0]["om_id"] == "027391" and body["items"][0]["score"] > 0
    scores = [i["score"] for i in client.get("/api/institutions", {"q": "gimnazium"}).json()["items"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 2
    assert body["did_you_mean"] is None and body["suggestions"] == []
    empty = client.get("/api/institutions", {"q": "kazincy gimnazum xqzw"}).json()
    assert empty["count"] == 0 and empty["items"] == []
    assert empty["did_you_mean"] == "kazinczy gimnazium"
    assert empty["suggestions"][0]["om_id"] == "030000"


def test_the_api_gives_no_score_to_a_filter_only_list(client, real):
    body = client.get("/api/institutions", {"institution_type": "gimnazium"}).json()
    assert [(i["om_id"], i["score"]) for i in body["items"]] == [("030000", None)]


def test_an_approval_is_found_at_once(client, real):
    assert names(client.get(URL, {"q": "pitypang"})) == []
    registered_institution(name="Győri Pitypang Óvoda", om_id="030002")
    assert names(client.get(URL, {"q": "pitypnag"})) == ["Győri Pitypang Óvoda"]


def test_a_new_query_reuses_the_rendered_form_with_its_own_text_inserted(client, real):
    first = client.get(URL, {"q": "kazinczy"}).content.decode()
    second = client.get(URL, {"q": 'gimi "<b>"'}).content.decode()
    assert 'name="q" value="kazinczy"' in first.replace('type="search" ', "")
    assert 'value="gimi &quot;&lt;b&gt;&quot;"' in second and "qqtypedtextqq" not in second
    chosen = client.get(URL, {"q": "ovoda", "megye": "08"}).content.decode()
    assert '<option value="08" selected>' in chosen and 'value="ovoda"' in chosen
