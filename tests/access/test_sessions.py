"""Disabling or deleting a user ends their sessions at once."""

import pytest
from django.urls import reverse

from portal.access.models import ModulePermission
from tests.factories.access import grant

from .conftest import login

MODULE_URL = "/mesterjelszo/modulok/intezmenyi-adatok/"


@pytest.fixture
def teachers_browser(client, teacher, django_user_model):
    from django.test import Client

    grant(teacher, "institution_data")
    browser = login(Client(), teacher)
    assert browser.get(MODULE_URL).status_code == 200
    return browser


@pytest.mark.django_db
def test_it_ends_a_disabled_users_session(client, head, teacher, teachers_browser):
    response = login(client, head).post(reverse("access:user_deactivate", kwargs={"pk": teacher.pk}), follow=True)
    assert "Figyelem" in response.content.decode()  # the only holder of the module is gone
    assert teachers_browser.get(MODULE_URL).status_code == 302  # back to the login page
    teacher.refresh_from_db()
    assert not teacher.is_active


@pytest.mark.django_db
def test_it_lets_a_re_enabled_user_in_again(client, head, teacher, teachers_browser):
    login(client, head).post(reverse("access:user_deactivate", kwargs={"pk": teacher.pk}))
    client.post(reverse("access:user_activate", kwargs={"pk": teacher.pk}))
    assert login(teachers_browser, teacher).get(MODULE_URL).status_code == 200


@pytest.mark.django_db
def test_it_ends_a_deleted_users_session_and_rights(client, head, teacher, teachers_browser, django_user_model):
    confirm = login(client, head).get(reverse("access:user_delete", kwargs={"pk": teacher.pk}))
    assert "Végleges törlés" in confirm.content.decode()
    client.post(reverse("access:user_delete", kwargs={"pk": teacher.pk}))
    assert not django_user_model.objects.filter(pk=teacher.pk).exists()
    assert not ModulePermission.objects.exists()
    assert teachers_browser.get(MODULE_URL).status_code == 302


@pytest.mark.django_db
def test_it_refuses_disabling_from_a_get(client, head, teacher):
    assert login(client, head).get(reverse("access:user_deactivate", kwargs={"pk": teacher.pk})).status_code == 405
