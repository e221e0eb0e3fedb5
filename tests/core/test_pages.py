import pytest


@pytest.mark.django_db
def test_it_shows_every_entry_on_the_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    for entry in [
        "Intézményi belépés", "Tankerületi belépés", "Fenntartói belépés",
        "Mesterjelszó-kezelő", "Oktatási Hivatal", "ASP oktatás", "Intézménykereső",
    ]:
        assert entry in text
    assert 'lang="hu"' in text
    assert 'href="#tartalom"' in text


@pytest.mark.django_db
def test_it_answers_an_unknown_address_with_a_hungarian_404(client):
    response = client.get("/nincs-ilyen-oldal/")
    assert response.status_code == 404
    assert "Az oldal nem található" in response.content.decode()


def test_it_answers_a_server_error_with_a_hungarian_page_that_leaks_nothing(rf):
    from portal.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Sajnáljuk, hiba történt" in text
    assert "Traceback" not in text


@pytest.mark.django_db
def test_it_explains_a_refusal_in_hungarian(rf, django_user_model):
    from django.core.exceptions import PermissionDenied

    from portal.core.views import permission_denied

    request = rf.get("/")
    request.user = django_user_model(kind="institution")
    response = permission_denied(request, PermissionDenied("A modult a Központ lezárta."))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Nincs jogosultsága ehhez az oldalhoz" in text
    assert "A modult a Központ lezárta." in text


def test_it_serves_its_own_stylesheet_and_script(client):
    # No CDN: every asset the layout links comes from the app itself.
    for path in ["/static/portal/css/portal.css", "/static/portal/css/print.css", "/static/portal/js/portal.js"]:
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.django_db
def test_it_explains_an_expired_form_in_hungarian(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/belepes/intezmeny/", {"om_id": "030521"})
    assert response.status_code == 403
    assert "Az űrlapot nem sikerült elküldeni" in response.content.decode()
