"""Package content is served from its own origin, under a signed launch token, and nowhere else."""

import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.training.models import Sco
from portal.training.scorm import isolation
from portal.training.services.enrolment import learner_withdraw
from portal.training.views.content import launch_url
from tests.factories.training import course_with_package, learner, training_office_user

PORTAL = "testserver"
CONTENT = "tartalom.testserver"


@pytest.fixture(autouse=True)
def content_origin(settings):
    settings.TRAINING_CONTENT_ORIGIN = f"http://{CONTENT}"
    settings.ALLOWED_HOSTS = [PORTAL, CONTENT]


@pytest.fixture
def anna(db):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna", subsystems=("gazdalkodas",))


@pytest.fixture
def course(db):
    course, _ = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    return course


def _sco(course) -> Sco:
    return Sco.objects.filter(package__course=course).exclude(href="").first()


def _frame_url(client, course) -> str:
    page = client.get(reverse("training:player", args=[course.pk, _sco(course).pk])).content.decode()
    return re.search(r'id="scorm-frame"[^>]* data-src="([^"]+)"', page).group(1)


def _content_get(path: str):
    """A request on the content origin, from a browser holding no portal cookie (none crosses)."""
    return Client().get(path, headers={"host": CONTENT})


def test_the_player_frames_the_content_origin_in_a_sandbox_that_cannot_navigate_the_portal(client, anna, course):
    client.force_login(anna.user)
    page = client.get(reverse("training:player", args=[course.pk, _sco(course).pk])).content.decode()
    frame = re.search(r'<iframe id="scorm-frame"[^>]*>', page).group(0)
    assert f'data-src="http://{CONTENT}/asp/tartalom/' in frame
    assert f'data-origin="http://{CONTENT}"' in frame
    sandbox = re.search(r'sandbox="([^"]+)"', frame).group(1).split()
    assert "allow-scripts" in sandbox and "allow-top-navigation" not in sandbox
    assert "scorm-bridge-player.js" in page and "scorm-api.js" not in page


def test_the_launch_frame_runs_the_runtime_beside_the_content_and_only_inside_the_player(client, anna, course):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    response = _content_get(url)
    assert response.status_code == 200
    text = response.content.decode()
    sco = _sco(course)
    assert f'id="scorm-content" title="{sco.title}" src="about:blank" data-src="{launch_url(sco)}"' in text
    assert '"parentOrigin": "http://testserver"' in text and "csrf" not in text.lower()
    assert response["Content-Security-Policy"].endswith("frame-ancestors http://testserver")
    assert "X-Frame-Options" not in response


def test_a_package_file_comes_with_a_policy_that_keeps_its_script_on_the_content_origin(client, anna, course):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    response = _content_get(url + "shared/launchpage.html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    policy = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert policy["connect-src"] == "'self'" and policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'self' http://testserver"
    assert policy["form-action"] == "'self'" and policy["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "X-Frame-Options" not in response


def test_the_portal_never_serves_package_content_on_its_own_origin(client, anna, course):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    for path in (url, url + "shared/launchpage.html"):
        response = client.get(path)  # the portal's host, with the learner's session
        assert response.status_code == 404
        assert "nem található" in response.content.decode()


def test_the_content_origin_answers_nothing_of_the_portal(client, anna, course):
    client.force_login(anna.user)
    session = client.cookies["sessionid"].value
    for path in ("/belepes/sajat-adatok/", "/asp/", "/asp/iroda/beiskolazottak/", "/"):
        response = client.get(path, headers={"host": CONTENT}, HTTP_COOKIE=f"sessionid={session}")
        assert response.status_code == 404, path
        assert "Set-Cookie" not in response and b"Kiss Anna" not in response.content


def test_old_package_links_send_the_learner_to_the_content_origin_and_refuse_outsiders(client, anna, course):
    sco = _sco(course)
    url = reverse("training:package_file", args=[sco.package_id, "shared/launchpage.html"])
    assert client.get(url).status_code == 302 and "/belepes/" in client.get(url)["Location"]
    client.force_login(anna.user)
    response = client.get(url + "?a=1")
    assert response.status_code == 302
    assert re.fullmatch(rf"http://{CONTENT}/asp/tartalom/[^/]+/shared/launchpage.html\?a=1", response["Location"])
    assert _content_get(response["Location"].removeprefix(f"http://{CONTENT}")).status_code == 200
    bela = learner(email="toth.bela@example.hu", name="Tóth Béla", subsystems=("ado",))
    client.force_login(bela.user)
    assert client.get(url).status_code == 403


def test_a_token_opens_only_its_own_package(client, anna, course):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    other, package = course_with_package("RuntimeMinimumCalls_SCORM12.zip", subsystem_code="gazdalkodas")
    default_storage.save(f"{package.root}/only-here.txt", ContentFile(b"other package"))
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    token = url.split("/")[3]
    other_url = _frame_url(client, other).removeprefix(f"http://{CONTENT}")
    assert _content_get(other_url + "only-here.txt").status_code == 200
    assert _content_get(url + "only-here.txt").status_code == 404
    assert _content_get(url + "../../../etc/passwd").status_code == 404
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = _content_get(url.replace(token, forged) + "shared/launchpage.html")
    assert response.status_code == 404 and "nem található" in response.content.decode()


def test_an_old_token_asks_the_learner_to_open_the_course_again(client, anna, course, settings):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    settings.TRAINING_CONTENT_TOKEN_SECONDS = -1
    response = _content_get(url + "shared/launchpage.html")
    assert response.status_code == 403
    assert "nyissa meg újra a tananyagot" in response.content.decode()


def test_a_withdrawn_learner_loses_the_files_at_once(client, anna, course):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    assert _content_get(url + "shared/launchpage.html").status_code == 200
    learner_withdraw(learner_id=anna.pk, actor=training_office_user())
    for path in (url, url + "shared/launchpage.html"):
        response = _content_get(path)
        assert response.status_code == 403
        assert "már nem érhető el" in response.content.decode()


def test_the_training_office_plays_under_the_same_isolation(client, course):
    office = training_office_user()
    client.force_login(office)
    url = _frame_url(client, course)
    assert url.startswith(f"http://{CONTENT}/asp/tartalom/")
    assert _content_get(url.removeprefix(f"http://{CONTENT}") + "shared/launchpage.html").status_code == 200


def test_content_refuses_writes(client, anna, course):
    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    assert Client().post(url + "shared/launchpage.html", {}, headers={"host": CONTENT}).status_code == 405


@given(st.text(max_size=200))
def test_any_token_text_is_read_as_nothing_or_a_grant(text):
    assert isolation.grant_read(text) is None


def test_a_signed_payload_of_the_wrong_shape_is_no_grant():
    for payload in ([1, 2, 3], {"p": 1}, [1, 2, True, "x"], [1, 2, 3, 4], "x"):
        assert isolation.grant_read(signing.dumps(payload, salt=isolation.SALT)) is None
    grant = isolation.grant_read(isolation.grant_token(package_id=1, sco_id=2, user_id=3, parent_origin="http://a"))
    assert grant == isolation.ContentGrant(1, 2, 3, "http://a")


@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_no_content_url_answers_with_a_server_error(anna, course, path):
    sco = _sco(course)
    token = isolation.grant_token(package_id=sco.package_id, sco_id=sco.pk, user_id=anna.user.pk,
                                  parent_origin="http://testserver")
    response = Client(raise_request_exception=False).get(f"/asp/tartalom/{token}/{path}", headers={"host": CONTENT})
    assert response.status_code < 500


def test_the_deploy_check_warns_while_content_shares_the_portals_origin(settings):
    from portal.training.checks import content_origin_check

    assert content_origin_check(None) == []
    settings.TRAINING_CONTENT_ORIGIN = ""
    assert [w.id for w in content_origin_check(None)] == ["training.W001"]
    settings.TRAINING_CONTENT_ORIGIN = settings.SITE_URL
    assert [w.id for w in content_origin_check(None)] == ["training.W002"]
    settings.SITE_URL_EXPLICIT, settings.SITE_URL = True, "http://testserver"
    call_command("check")  # not a deploy check: the ordinary check stays quiet


def test_a_package_file_costs_the_same_few_queries_for_a_learner_and_reads_no_session(client, anna, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(anna.user)
    url = _frame_url(client, course).removeprefix(f"http://{CONTENT}")
    with CaptureQueriesContext(connection) as captured:
        assert _content_get(url + "shared/launchpage.html").status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in captured.captured_queries]
    assert len(tables) == 4 and "django_session" not in tables
