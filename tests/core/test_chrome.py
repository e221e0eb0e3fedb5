"""What every page around the content looks like: the services' own chrome, messages, the icon (issue 18)."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string

from tests.factories.training import learner, notary


def page_with_messages(rf, template: str, *sent: tuple[int, str]) -> str:
    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    for level, text in sent:
        messages.add_message(request, level, text)
    return render_to_string(template, request=request)


@pytest.mark.parametrize("template", ["base.html", "training/base_training.html"])
def test_messages_are_the_first_thing_inside_main_and_announced(rf, template):
    html = page_with_messages(
        rf, template,
        (messages.ERROR, "Az intézménynek már van folyamatban lévő kérelme."),
        (messages.SUCCESS, "A kérelmet sztornózta."),
    )
    main = html[html.index('<main id="tartalom"'):html.index("</main>")]
    assert main.index("Az intézménynek már van folyamatban lévő kérelme.") < main.index("</div>")
    assert re.search(r'role="alert">Az intézménynek már van folyamatban lévő kérelme\.<', main)
    assert re.search(r'role="status">A kérelmet sztornózta\.<', main)
    assert "folyamatban" not in html[:html.index('<main id="tartalom"')]


@pytest.mark.django_db
def test_the_notarys_pages_carry_the_treasurys_chrome_not_the_offices(client):
    jegyzo = notary()
    client.force_login(jegyzo.user)
    response = client.get("/asp/jegyzo/")
    assert response.status_code == 200
    html = response.content.decode()
    header = html[html.index('<header'):html.index('</header>')]
    footer = html[html.index('<footer'):html.index('</footer>')]
    assert "ASP oktatás" in header and "Magyar Államkincstár" in header
    assert "Intézménykereső" not in header
    assert "aspoktatas@allamkincstar.gov.hu" in footer
    assert "9001 Győr" not in html


@pytest.mark.django_db
def test_the_learners_courses_carry_the_treasurys_chrome(client):
    anna = learner()
    client.force_login(anna.user)
    response = client.get("/asp/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intézménykereső" not in html
    assert "9001 Győr" not in html
    assert "aspoktatas@allamkincstar.gov.hu" in html


@pytest.mark.django_db
def test_kir_pages_keep_the_offices_chrome(client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer'):html.index('</footer>')]
    assert "Oktatási Hivatal · 9001 Győr, Pf. 646" in footer
    assert "aspoktatas@" not in footer
    assert "Intézménykereső" in html[html.index('<header'):html.index('</header>')]


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/portal/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
