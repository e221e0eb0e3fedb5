import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.accounts.management.commands.load_demo import MASTER_PASSWORD, PASSWORD
from portal.accounts.models import Kind, User
from portal.registry.models import Institution, Maintainer

pytestmark = pytest.mark.django_db


def test_it_loads_demo_logins_of_every_kind_once(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Institution.objects.count(), Maintainer.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Institution.objects.count(), Maintainer.objects.count()) == counts
    assert set(User.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert "Tankerületi belépés" in first and "030521" in first and "TOTP" in first
    school = Institution.objects.get(om_id="030521")
    assert school.name == "Győri Gárdonyi Géza Általános Iskola"
    assert school.maintainer.maintainer_type.is_school_district


def test_it_makes_demo_logins_that_work(client):
    call_command("load_demo")
    response = client.post(reverse("accounts:login_district"), {
        "om_id": "030521", "username": "tankerulet", "password": PASSWORD, "district": "on"})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("accounts:login_master"), {"om_id": "030521", "password": MASTER_PASSWORD})
    assert response.status_code == 302
