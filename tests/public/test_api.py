import types
import uuid

import pytest

from portal.changes import services
from portal.public import selectors
from tests.factories.accounts import OfficeUserFactory
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def test_it_searches_institutions_accent_free_with_filters(client, register):
    body = client.get("/api/institutions", {"q": "BALCESCU"}).json()
    assert body["count"] == 1 and body["items"][0]["om_id"] == "028387"
    assert body["items"][0]["settlement"] == "Gyula" and body["items"][0]["county"] == "04"
    body = client.get("/api/institutions", {"county": "08", "institution_type": "ovoda"}).json()
    assert [i["om_id"] for i in body["items"]] == ["030002"]


def test_it_pages_with_an_opaque_cursor(client, register):
    first = client.get("/api/institutions", {"q": "gyor", "limit": "1"}).json()
    second = client.get("/api/institutions", {"q": "gyor", "limit": "1", "cursor": first["next_cursor"]}).json()
    assert first["count"] == 2 and second["next_cursor"] is None
    assert first["items"][0]["om_id"] != second["items"][0]["om_id"]


def test_it_serves_detail_sites_tasks_and_versions_as_of(client, register):
    detail = client.get("/api/institutions/028387").json()
    assert detail["name"].startswith("NICOLAE") and detail["maintainer"]["maintainer_type"] == "tankeruleti-kozpont"
    assert client.get("/api/institutions/028387/sites").json()["items"][0]["number"] == "001"
    assert client.get("/api/institutions/028387/tasks").json()["items"][0]["base_task"] == "gimnaziumi-4-evfolyamos"
    assert client.get("/api/institutions/028387/versions").json()["items"][0]["number"] == 1
    as_of = client.get("/api/institutions/028387/versions", {"as_of": "2025-01-01"}).json()
    assert as_of["record"]["om_id"] == "028387" and as_of["number"] == 1
    assert client.get("/api/institutions/028387/versions", {"as_of": "2000-01-01"}).status_code == 404


def test_it_lists_maintainers_and_code_lists(client, register):
    items = client.get("/api/maintainers", {"maintainer_type": "tankeruleti-kozpont"}).json()["items"]
    assert [m["name"] for m in items] == ["Gyulai Tankerületi Központ"]
    detail = client.get(f"/api/maintainers/{items[0]['maintainer_id']}").json()
    assert detail["institutions"] == ["028387", "030001"]
    assert "alapfeladat" in client.get("/api/codelists").json()["items"]
    assert client.get("/api/codelists/alapfeladat").json()["items"][0]["code"] == "ovodai-neveles"


@pytest.mark.parametrize("url, params, field", [
    ("/api/institutions", {"cursor": "nem-cursor!"}, "cursor"),
    ("/api/institutions", {"cursor": "djI6MQ"}, "cursor"),
    ("/api/institutions", {"szin": "kek"}, "szin"),
    ("/api/institutions", {"limit": "100000"}, "limit"),
    ("/api/institutions", {"q": "x" * 1000}, "q"),
    ("/api/institutions", {"county": "'; DROP TABLE x; --"}, "county"),
    ("/api/institutions", {"task": "<script>"}, "task"),
    ("/api/institutions/028387/versions", {"as_of": "2025-02-30"}, "as_of"),
    ("/api/changes", {"since": "%%%"}, "since"),
])
def test_it_answers_bad_input_with_400_and_a_hungarian_json_error(client, register, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["error"]
    assert "Traceback" not in response.content.decode()


def test_it_answers_unknown_things_with_404_json(client, register):
    for url in ["/api/institutions/999999", "/api/maintainers/1", "/api/codelists/nincs"]:
        response = client.get(url)
        assert response.status_code == 404 and response.json() == {"error": "Nincs ilyen adat a nyilvántartásban."}


def test_it_limits_requests_per_address_with_429(client, register, settings):
    settings.PUBLIC_API_RATE = 3
    codes = [client.get("/api/codelists").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/codelists").json()["error"] == "Túl sok kérés érkezett erről a címről. Próbálja újra egy perc múlva."


def test_it_serves_the_openapi_document_and_local_docs(client):
    assert client.get("/api/openapi.json").json()["info"]["title"].startswith("KIR Intézménytörzs")
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_it_refuses_writes(client, register):
    assert client.post("/api/institutions", {}).status_code == 405


def _walk(client, since: str) -> tuple[list[dict], str]:
    items = []
    while True:
        body = client.get("/api/changes", {"since": since, "limit": "2"}).json()
        if not body["items"]:
            return items, body["next_cursor"]
        items += body["items"]
        since = body["next_cursor"]


def test_it_walks_the_change_feed_across_an_approval_made_meanwhile(client, register):
    items, cursor = _walk(client, "")
    assert [i["om_id"] for i in items] == ["028387", "030001", "030002"]
    clerk = OfficeUserFactory(username="feed.clerk")
    from tests.factories.reference import reference_places

    reference_places()  # the request's addresses are checked against the address reference
    request = ChangeRequestFactory()
    services.change_request_submit(change_request=request)
    request.refresh_from_db()
    services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)
    approved = services.change_request_approve(change_request=request, actor=clerk)
    new, _ = _walk(client, cursor)
    assert [(i["om_id"], i["version"], i["change_request_kind"]) for i in new] == [
        (approved.institution.om_id, 1, "new_institution")]
    assert selectors.cursor_decode(cursor) is not None
    # The approval wrote the search columns: the new institution is found at once.
    found = client.get("/api/institutions", {"q": "gyori pelda"}).json()["items"]
    assert approved.institution.om_id in [i["om_id"] for i in found]


@pytest.fixture
def shared_cache(settings):
    """The production set-up of several processes: Django's Redis cache on the local Redis."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}"}}
    return settings.CACHES["default"]


def test_processes_sharing_a_redis_cache_share_one_limit(client, register, settings, shared_cache, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from portal.public import api

    settings.PUBLIC_API_RATE = 3
    # the limit counts per clock minute: the API's clock stands still, so the test never straddles two
    now = 1_800_000_000.0
    monkeypatch.setattr(api, "time", types.SimpleNamespace(time=lambda: now))
    assert [client.get("/api/codelists").status_code for _ in range(2)] == [200, 200]
    # another process: its own cache client on the same Redis counts on from there
    other = RedisCache(shared_cache["LOCATION"], {"KEY_PREFIX": shared_cache["KEY_PREFIX"]})
    key = f"public-api:127.0.0.1:{int(now // 60)}"
    other.incr(key)
    assert client.get("/api/codelists").status_code == 429
