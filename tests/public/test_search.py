import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.changes.models import ChangeRequest
from portal.public import selectors
from portal.registry.models import Institution
from tests.factories.registry import InstitutionFactory, registered_institution

pytestmark = pytest.mark.django_db
URL = "/kereses/"


def names(response) -> list[str]:
    results = response.context["results"]
    return [i.name for i in results.items] if results else []


def test_it_is_the_url_the_landing_page_links_to():
    assert reverse("public:search") == URL


def test_it_finds_a_name_without_accents_or_capitals(client, register):
    response = client.get(URL, {"q": "balcescu"})
    assert names(response) == ["NICOLAE BĂLCESCU ROMÁN GIMNÁZIUM, ÁLTALÁNOS ISKOLA ÉS KOLLÉGIUM"]
    assert "1 találat" in response.content.decode()


def test_it_finds_by_om_id_settlement_and_part_of_words(client, register):
    assert names(client.get(URL, {"q": "028387"})) == [register["balcescu"].name]
    assert set(names(client.get(URL, {"q": "gyor"}))) == {register["school"].name, register["kindergarten"].name}
    assert names(client.get(URL, {"q": "PITYP"})) == ["Győri Pitypang Óvoda"]


def test_it_filters_by_county_type_task_and_maintainer(client, register):
    assert names(client.get(URL, {"megye": "08", "tipus": "ovoda"})) == ["Győri Pitypang Óvoda"]
    assert names(client.get(URL, {"feladat": "gimnaziumi-4-evfolyamos"})) == [register["balcescu"].name]
    district = register["school"].maintainer.maintainer_id
    assert len(names(client.get(URL, {"fenntarto": district}))) == 2
    assert names(client.get(URL, {"telepules": "GYULA"})) == [register["balcescu"].name]
    assert len(names(client.get(URL, {"fenntarto_tipus": "tankeruleti-kozpont"}))) == 2


def test_it_puts_names_starting_with_the_query_first(client, places):
    registered_institution(name="Általános Iskola Pitypang utca", om_id="030010")
    registered_institution(name="Pitypang Általános Iskola", om_id="030011")
    assert names(client.get(URL, {"q": "pitypang"}))[0] == "Pitypang Általános Iskola"


def test_it_never_shows_pending_institutions_or_draft_requests(client, register):
    InstitutionFactory(name="Bejelentés Alatti Balcescu Iskola", om_id=None, status=Institution.Status.PENDING)
    assert names(client.get(URL, {"q": "balcescu"})) == [register["balcescu"].name]


def test_it_pages_the_results(client, places):
    for n in range(23):
        registered_institution(name=f"Lapozó {n:02d} Óvoda", om_id=f"04{n:04d}")
    first = client.get(URL, {"q": "lapozo"})
    assert first.context["results"].total == 23 and len(names(first)) == 20
    assert names(client.get(URL, {"q": "lapozo", "oldal": "2"})) == ["Lapozó 20 Óvoda", "Lapozó 21 Óvoda", "Lapozó 22 Óvoda"]


@pytest.mark.parametrize("params, message", [
    ({"q": "x" * 5000}, selectors.QUERY_TOO_LONG),
    ({"q": "a"}, selectors.QUERY_TOO_SHORT),
    ({"megye": "99"}, selectors.CHOICE_UNKNOWN),
    ({"fenntarto": "12ab"}, selectors.MAINTAINER_ID_INVALID),
    ({"oldal": "-3"}, selectors.PAGE_INVALID),
    ({"oldal": "9" * 40}, selectors.PAGE_INVALID),
])
def test_it_answers_bad_input_with_a_hungarian_message_and_keeps_the_text(client, register, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert str(message) in response.content.decode()
    if "q" in params and len(params["q"]) < 300:
        assert f'value="{params["q"]}"' in response.content.decode()


@pytest.mark.parametrize("text", ["' OR 1=1; DROP TABLE registry_institution; --", "<script>alert(1)</script>",
                                  "%_%", "\\", "ő" * 150, "\x00"])
def test_it_treats_sql_and_script_as_plain_text(client, register, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Institution.objects.count() == 3


def test_it_says_so_when_the_page_is_past_the_last_and_shows_the_last(client, register):
    response = client.get(URL, {"q": "gyor", "oldal": "999"})
    assert response.context["results"].out_of_range and len(names(response)) == 2
    assert "Nincs ennyi találati oldal" in response.content.decode()


def test_it_ignores_unknown_filters_and_says_so(client, register):
    response = client.get(URL, {"q": "balcescu", "szin": "kek"})
    assert names(response) == [register["balcescu"].name]
    assert "Ezeket a szűrőket nem ismerjük" in response.content.decode()


def test_it_does_not_list_the_whole_register_for_an_empty_search(client, register):
    response = client.get(URL, {"q": ""})
    assert response.context["results"] is None
    assert "Adjon meg keresett szöveget" in response.content.decode()


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


def test_it_runs_the_same_number_of_queries_whatever_the_number_of_institutions(client, places):
    registered_institution(name="Számláló Iskola 1", om_id="050001")
    small = _queries(client, {"q": "szamlalo", "megye": "08"})
    # the filters' code lists; the search index (institutions, seats, tasks); the data stamp, the rows
    assert small == 4 + 3 + 2
    for n in range(2, 30):
        registered_institution(name=f"Számláló Iskola {n}", om_id=f"05{n:04d}", sites=2)
    cache.clear()
    assert _queries(client, {"q": "szamlalo", "megye": "08"}) == small
    assert _queries(client, {"q": "szamlalo", "megye": "08", "oldal": "2"}) == 2  # code lists, index kept


def test_it_answers_a_repeated_search_from_the_cache_until_an_approval_changes_the_register(client, places):
    registered_institution(name="Gyorsítótár Iskola", om_id="050001")
    assert names(client.get(URL, {"q": "gyorsitotar"})) == ["Gyorsítótár Iskola"]
    assert _queries(client, {"q": "gyorsitotar"}) == 1  # only the data stamp
    Institution.objects.filter(om_id="050001").update(name="Kézzel Átírt Iskola")  # not a register write
    page = client.get(URL, {"q": "gyorsitotar"}).content.decode()  # the rendered results, from the cache
    assert "<mark>Gyorsítótár</mark> Iskola" in page and "Kézzel Átírt Iskola" not in page
    registered_institution(name="Gyorsítótár Óvoda", om_id="050002")  # a new version: the stamp changes
    assert names(client.get(URL, {"q": "gyorsitotar"})) == ["Gyorsítótár Óvoda"]
    assert names(client.get(URL, {"q": "kezzel atirt"})) == ["Kézzel Átírt Iskola"]


def test_it_counts_every_result_and_shows_the_last_page_for_a_page_beyond_it(client, places):
    for n in range(1, 26):
        registered_institution(name=f"Lapozó Iskola {n:02d}", om_id=f"06{n:04d}")
    response = client.get(URL, {"q": "lapozo"})
    results = response.context["results"]
    assert (results.total, results.pages, len(results.items)) == (25, 2, 20)
    assert "25 találat" in response.content.decode()
    results = client.get(URL, {"q": "lapozo", "oldal": "9"}).context["results"]
    assert (results.total, results.page, results.out_of_range, len(results.items)) == (25, 2, True, 5)
    assert names(client.get(URL, {"q": "lapozo", "oldal": "2"}))[0] == "Lapozó Iskola 21"


def test_it_keeps_drafts_out_even_when_a_request_changes_a_registered_name(client, register):
    from tests.factories.changes import ChangeRequestFactory

    request = ChangeRequestFactory()
    request.payload = {**request.payload, "name": "Titkos Tervezet Iskola"}
    request.save()
    assert ChangeRequest.objects.count() == 1
    assert names(client.get(URL, {"q": "titkos"})) == []


def test_it_links_the_open_data_and_the_api_from_the_search_page_and_the_api_docs(client, places):
    page = client.get(URL).content.decode()
    assert '<a href="/kereses/nyilt-adatok/">Nyílt adatok</a>' in page and '<a href="/api/docs">API leírása</a>' in page
    assert "[Nyílt adatok](/kereses/nyilt-adatok/)" in client.get("/api/openapi.json").json()["info"]["description"]
    landing = client.get("/").content.decode()
    assert f'href="{URL}"' in landing  # the main navigation reaches the search


def test_a_result_row_shows_the_seat_and_the_maintainer_and_follows_an_approved_move(client, places):
    from datetime import date

    from portal.registry.models import InstitutionVersion
    from portal.registry.schema import InstitutionRecord, apply_to_register
    from tests.factories.changes import address

    institution = registered_institution(name="Költöző Általános Iskola", om_id="050100")
    row = client.get(URL, {"q": "koltozo"}).context["results"].items[0]
    assert (row.postal_code, row.settlement, row.maintainer_id) == ("9021", "Győr", institution.maintainer.maintainer_id)

    record = InstitutionRecord.from_dict(InstitutionVersion.objects.get(institution=institution).data)
    record.seat.address = address(settlement="Gyula", postal_code="5700")
    apply_to_register(record, institution=institution)
    InstitutionVersion.objects.create(institution=institution, number=2, valid_from=date(2025, 9, 1),
                                      data=record.to_dict())
    page = client.get(URL, {"q": "koltozo"})
    assert (page.context["results"].items[0].postal_code, page.context["results"].items[0].settlement) == ("5700", "Gyula")
    assert "5700 Gyula" in page.content.decode()


def test_the_reused_form_shows_what_each_search_asked_for_and_never_an_old_error(client, register):
    def selected_county(response) -> str:
        import re

        select = re.search(r'<select[^>]*name="megye".*?</select>', response.content.decode(), re.S).group(0)
        return re.search(r'<option value="(\d*)" selected>', select).group(1)

    for county in ("08", "04", "08"):
        assert selected_county(client.get(URL, {"q": "iskola", "megye": county})) == county
    assert 'value="Balcescu"' in client.get(URL, {"q": "Balcescu"}).content.decode()
    assert str(selectors.QUERY_TOO_SHORT) in client.get(URL, {"q": "x"}).content.decode()
    again = client.get(URL, {"q": "balcescu"}).content.decode()
    assert str(selectors.QUERY_TOO_SHORT) not in again and 'value="balcescu"' in again
