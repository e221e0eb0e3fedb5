"""ID-card data per site: no request, applied after a configurable delay, pending until then."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.registry.models import IdCardChange, IdCardData, Site
from portal.registry.services import id_card_changes_apply_due

pytestmark = pytest.mark.django_db


def form(**overrides):
    return {"short_name": "Győri Példa Ált. Isk.", "billing_name": "Győri Példa Általános Iskola",
            "bank_account": "11773016-11111018", "admin_name": "Kiss Anna", "admin_phone": "+36 96 123 456",
            "admin_email": "kiss.anna@iskola.hu", "billing_address-country": "Magyarország",
            "billing_address-postal_code": "9021", "billing_address-settlement": "Győr",
            "billing_address-street_name": "Kossuth Lajos", "billing_address-street_type": "utca",
            "billing_address-house_number": "1"} | overrides


def test_it_shows_the_change_pending_and_applies_it_after_the_delay(head_client, school, settings):
    settings.ID_CARD_APPLY_SECONDS = 300
    url = reverse("registry:id_card_edit", args=["001"])
    assert head_client.post(url, form()).status_code == 302
    page = head_client.get(reverse("registry:id_cards")).content.decode()
    assert "módosítás folyamatban" in page and not IdCardData.objects.exists()
    IdCardChange.objects.update(effective_at=timezone.now() - timedelta(seconds=1))
    page = head_client.get(reverse("registry:id_cards")).content.decode()  # applied lazily on read
    assert "módosítás folyamatban" not in page
    assert IdCardData.objects.get().data["short_name"] == "Győri Példa Ált. Isk."


def test_the_worker_applies_due_changes(head_client, settings):
    settings.ID_CARD_APPLY_SECONDS = 0
    head_client.post(reverse("registry:id_card_edit", args=["001"]), form())
    assert id_card_changes_apply_due() == 1
    assert id_card_changes_apply_due() == 0


@pytest.mark.parametrize("field,value,message", [
    ("short_name", "x" * 33, "A rövid név legfeljebb 32 karakter lehet."),
    ("short_name", "", "Kötelezően kitöltendő mező."),
    ("billing_name", "", "Kötelezően kitöltendő mező."),
])
def test_it_checks_the_fields(head_client, field, value, message):
    response = head_client.post(reverse("registry:id_card_edit", args=["001"]), form(**{field: value}))
    assert response.status_code == 422 and message in response.content.decode()
    assert not IdCardChange.objects.exists()


def test_it_validates_the_bank_account(head_client):
    response = head_client.post(reverse("registry:id_card_edit", args=["001"]), form(bank_account="11773016-11111019"))
    assert response.status_code == 422 and "11773016-11111019" in response.content.decode()


def test_a_site_without_own_administration_gives_short_name_and_administrator_only(head_client, school):
    site = Site.objects.get(institution=school, kind=Site.Kind.NO_ADMINISTRATION)
    url = reverse("registry:id_card_edit", args=[site.number])
    page = head_client.get(url).content.decode()
    assert "billing_name" not in page and "ügyvivő feladatellátási hely" in page
    assert head_client.post(url, {"short_name": "Telephely", "admin_name": "Kiss Anna"}).status_code == 302
    assert IdCardChange.objects.get().data["billing_name"] == ""
