"""Pages of the maintainer module: who may open what (both ways) and bad input on the forms."""

import pytest
from django.urls import reverse

from portal.changes import maintainer_services as services
from portal.changes.models import ChangeRequest, Kind, State
from portal.registry import maintainer_schema as ms
from tests.conftest import office_login
from tests.factories.accounts import InstitutionUserFactory, OfficeUserFactory
from tests.factories.maintainers import (
    OTHER_STEM_STATISTICAL_NUMBER,
    MaintainerRequestFactory,
    association_record,
    maintainer_record,
)
from tests.factories.registry import InstitutionFactory


def data_post(record=None, **overrides) -> dict:
    record = record or maintainer_record()
    post = {
        "name": record.name, "maintainer_type": record.maintainer_type, "tax_number": record.tax_number,
        "statistical_number": record.statistical_number, "pir": record.pir, "phone": record.phone,
        "fax": record.fax, "email": record.email, "website": record.website, "status": "active",
        "rep_name": record.representative.name, "rep_position": record.representative.position,
        "rep_phone": record.representative.phone, "rep_email": record.representative.email,
        "rep_mobile": record.representative.mobile, "rep_fax": "",
    }
    for key, value in record.seat.items():
        post[f"seat-{key}"] = value
    for key, value in record.representative.address.items():
        post[f"rep_address-{key}"] = value
    return post | overrides


# --- announcement ----------------------------------------------------------------------------

def test_anyone_may_announce_a_new_maintainer_and_save_a_draft(client, places):
    response = client.get("/uj-fenntarto/")
    assert response.status_code == 200 and "Új fenntartó bejelentése" in response.content.decode()
    response = client.post("/uj-fenntarto/", data_post() | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    assert response.url == reverse("maintainers:request_edit", args=[change_request.pk])
    assert change_request.kind == Kind.NEW_MAINTAINER and change_request.payload["tax_number"] == "15300014241"
    assert client.get(response.url).status_code == 200


def test_a_mismatching_statistical_number_is_shown_on_the_field_and_nothing_is_lost(client, places):
    response = client.post("/uj-fenntarto/", data_post(statistical_number=OTHER_STEM_STATISTICAL_NUMBER) | {"save": "1"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "A statisztikai számjel első nyolc számjegye nem egyezik az adószám első nyolc számjegyével." in body
    assert 'value="Példaváros Önkormányzata"' in body
    assert not ChangeRequest.objects.exists()


def test_submit_lists_every_problem_with_a_link(client, places):
    client.post("/uj-fenntarto/", data_post(tax_number="", statistical_number="") | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    response = client.post(reverse("maintainers:request_edit", args=[change_request.pk]),
                           data_post(tax_number="", statistical_number="") | {"submit": "1"})
    assert response.status_code == 422
    assert str(ms.TAX_NUMBER_REQUIRED) in response.content.decode()
    assert 'href="#id_tax_number"' in response.content.decode()


def test_the_members_table_appears_only_for_an_association(client, places):
    client.post("/uj-fenntarto/", data_post() | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    url = reverse("maintainers:request_edit", args=[change_request.pk])
    assert "Hozzáadás" not in client.get(url).content.decode()
    client.post(url, data_post(association_record()) | {"save": "1"})
    assert "Hozzáadás" in client.get(url).content.decode()


def test_members_are_added_edited_and_removed(client, places):
    client.post("/uj-fenntarto/", data_post(association_record()) | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    member_post = {"pir": "300014", "name": "Első Község", "is_lead": "on", "rep_name": "Kis Péter",
                   "address-country": "Magyarország", "address-postal_code": "4024", "address-settlement": "Debrecen",
                   "address-street_name": "Piac", "address-street_type": "utca", "address-house_number": "2"}
    client.post(reverse("maintainers:member_new", args=[change_request.pk]), member_post)
    client.post(reverse("maintainers:member_new", args=[change_request.pk]), member_post | {"name": "Második Község"})
    change_request.refresh_from_db()
    assert [m["name"] for m in change_request.payload["members"]] == ["Első Község", "Második Község"]
    response = client.post(reverse("maintainers:request_edit", args=[change_request.pk]),
                           data_post(association_record()) | {"submit": "1"})
    assert str(ms.TWO_LEAD_MEMBERS) in response.content.decode()
    key = change_request.payload["members"][1]["key"]
    client.post(reverse("maintainers:member_edit", args=[change_request.pk, key]),
                member_post | {"name": "Második Község", "is_lead": ""})
    client.post(reverse("maintainers:member_delete", args=[change_request.pk, key]))
    change_request.refresh_from_db()
    assert [m["name"] for m in change_request.payload["members"]] == ["Első Község"]


def test_another_browser_cannot_open_an_announcement(client, places, django_user_model):
    change_request = MaintainerRequestFactory()
    for name in ("request_edit", "request_detail", "request_pdf"):
        assert client.get(reverse(f"maintainers:{name}", args=[change_request.pk])).status_code == 404


# --- the maintainer's own pages ------------------------------------------------------------------

MAINTAINER_PAGES = ["maintainers:home", "maintainers:change", "maintainers:request_list", "maintainers:termination"]


# What each page shows its owner: its own name where the page is about the record, else its heading.
OWNER_SEES = {
    "maintainers:home": "Példaváros Önkormányzata",
    "maintainers:change": "Példaváros Önkormányzata",
    "maintainers:request_list": "Kérelmek listája",
    "maintainers:termination": "Fenntartó megszüntetése",
}


@pytest.mark.parametrize("name", MAINTAINER_PAGES)
def test_the_maintainer_opens_its_pages(client, owner, name):
    client.force_login(owner)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert OWNER_SEES[name] in response.content.decode()


@pytest.mark.parametrize("name", MAINTAINER_PAGES)
def test_other_roles_cannot_open_the_maintainer_pages(client, places, name):
    assert client.get(reverse(name)).status_code == 302  # anonymous: to the login
    client.force_login(InstitutionUserFactory())
    assert client.get(reverse(name)).status_code == 403


def test_home_shows_current_data_institutions_and_modules(client, owner):
    InstitutionFactory(maintainer=owner.maintainer, name="Példavárosi Óvoda")
    client.force_login(owner)
    body = client.get(reverse("maintainers:home")).content.decode()
    for expected in ["30000101", "+36 1 234 5678", "Példavárosi Óvoda", "Fenntartói adatmódosító", "<details"]:
        assert expected in body


def test_the_draft_of_a_change_is_reloaded_at_the_next_visit(client, owner):
    client.force_login(owner)
    record = maintainer_record()
    response = client.post(reverse("maintainers:change"), data_post(record, phone="+36 1 987 6543") | {"save": "1"})
    change_request = ChangeRequest.objects.get(kind=Kind.MAINTAINER_CHANGE)
    assert response.url == reverse("maintainers:request_edit", args=[change_request.pk])
    client.logout()
    client.force_login(owner)
    response = client.get(reverse("maintainers:change"))
    assert response.url == reverse("maintainers:request_edit", args=[change_request.pk])
    assert "+36 1 987 6543" in client.get(response.url).content.decode()


def test_another_maintainer_cannot_open_or_cancel_the_request(client, owner, outsider):
    change_request = services.maintainer_change_save(
        maintainer=owner.maintainer, record=ms.from_register(owner.maintainer), actor=owner)
    client.force_login(outsider)
    for name in ("request_edit", "request_detail", "request_pdf"):
        assert client.get(reverse(f"maintainers:{name}", args=[change_request.pk])).status_code == 404
    assert client.post(reverse("maintainers:request_cancel", args=[change_request.pk]),
                       {"megerosites": "1"}).status_code == 404
    client.force_login(owner)
    asked = client.post(reverse("maintainers:request_cancel", args=[change_request.pk]))
    assert asked.status_code == 200 and "Igen, sztornózom" in asked.content.decode()
    change_request.refresh_from_db()
    assert change_request.state != State.CANCELLED
    done = client.post(reverse("maintainers:request_cancel", args=[change_request.pk]), {"megerosites": "1"})
    assert done.status_code == 302 and done.url == reverse("maintainers:request_list")
    change_request.refresh_from_db()
    assert change_request.state == State.CANCELLED


def test_the_request_list_offers_modify_storno_and_pdf(client, owner):
    change_request = services.maintainer_change_save(
        maintainer=owner.maintainer, record=ms.from_register(owner.maintainer), actor=owner)
    client.force_login(owner)
    body = client.get(reverse("maintainers:request_list")).content.decode()
    for text in ["Kérelem módosítása", "Kérelem sztornózása", "Kérelem megtekintése"]:
        assert text in body
    response = client.get(reverse("maintainers:request_pdf", args=[change_request.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_termination_while_institutions_remain_is_refused_on_the_page(client, owner):
    InstitutionFactory(maintainer=owner.maintainer)
    client.force_login(owner)
    response = client.post(reverse("maintainers:termination"), {"termination_date": "2025-12-31", "submit": "1"})
    assert response.status_code == 422
    assert ("A fenntartó csak akkor szüntethető meg, ha fenntartásában már nincs köznevelési intézmény. "
            "Jelenleg fenntartott intézmények száma: 1.") in response.content.decode()
    assert not ChangeRequest.objects.filter(kind=Kind.MAINTAINER_TERMINATION).exists()


def test_termination_without_institutions_is_submitted(client, owner):
    client.force_login(owner)
    response = client.post(reverse("maintainers:termination"), {"termination_date": "2025-12-31", "submit": "1"})
    change_request = ChangeRequest.objects.get(kind=Kind.MAINTAINER_TERMINATION)
    assert response.url == reverse("maintainers:request_detail", args=[change_request.pk])
    assert change_request.state == State.SUBMITTED


def test_the_maintainer_cannot_change_its_password(client, owner):
    client.force_login(owner)
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 403
    assert "A fenntartói jelszó a rendszerben nem módosítható." in response.content.decode()
    assert "Jelszóváltoztatás" not in client.get(reverse("accounts:profile")).content.decode()


def test_other_roles_still_change_their_password(client, places):
    client.force_login(InstitutionUserFactory())
    assert client.get(reverse("accounts:password_change")).status_code == 200


# --- the office ------------------------------------------------------------------------------

OFFICE_PAGES = [("maintainers:office_list", False), ("maintainers:office_detail", True)]


@pytest.mark.parametrize("name,with_pk", OFFICE_PAGES)
def test_only_clerks_open_the_office_maintainer_pages(client, owner, name, with_pk):
    url = reverse(name, args=[owner.maintainer.pk] if with_pk else [])
    client.force_login(owner)
    assert client.get(url).status_code == 403
    client.force_login(InstitutionUserFactory())
    assert client.get(url).status_code == 403
    office_login(client, OfficeUserFactory())
    assert client.get(url).status_code == 200


def test_only_clerks_link_institutions_and_produce_letters(client, owner):
    institution = InstitutionFactory(om_id="031555")
    link = reverse("maintainers:office_link", args=[owner.maintainer.pk])
    letter = reverse("maintainers:office_password_letter", args=[owner.maintainer.pk])
    client.force_login(owner)
    assert client.post(link, {"om_id": "031555"}).status_code == 403
    assert client.post(letter, {"received_on": "2025-03-01"}).status_code == 403
    office_login(client, OfficeUserFactory())
    assert client.post(link, {"om_id": "031555"}).status_code == 302
    institution.refresh_from_db()
    assert institution.maintainer == owner.maintainer
    response = client.post(letter, {"received_on": "2025-03-01", "reference": "OH/1/2025"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.post(letter, {"received_on": ""}).status_code == 422


def test_the_office_sees_a_maintainer_request_with_its_changes(client, owner):
    record = ms.from_register(owner.maintainer)
    record.phone = "+3619876543"
    from portal.changes.services import change_request_submit

    change_request = change_request_submit(change_request=services.maintainer_change_save(
        maintainer=owner.maintainer, record=record, actor=owner))
    office_login(client, OfficeUserFactory())
    body = client.get(reverse("changes:office_detail", args=[change_request.pk])).content.decode()
    assert "Fenntartói adatmódosítás" in body and "+36 1 987 6543" in body
    waiting = client.get(reverse("changes:office_pdf", args=[change_request.pk]))
    assert waiting.status_code == 202 and "A nyomtatható kérelem készül" in waiting.content.decode()
    from portal.changes.printing import request_prints_render_due

    assert request_prints_render_due() == 1  # the worker's pass
    assert client.get(reverse("changes:office_pdf", args=[change_request.pk]))["Content-Type"] == "application/pdf"


# --- continuing an announcement from another browser -------------------------------------------------

def _code_from_mail(change_request) -> str:
    import re

    from portal.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(template="change_request_continuation").latest("pk")
    assert "új fenntartó bejelentésének" in message.body_text
    return re.search(r"^\s+(\d{6})\s*$", message.body_text, re.M).group(1)


def test_an_announcement_is_continued_from_another_browser_with_a_mailed_code(
        client, places, django_capture_on_commit_callbacks):
    from django.test import Client

    client.post("/uj-fenntarto/", data_post() | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    other = Client()
    edit = reverse("maintainers:request_edit", args=[change_request.pk])
    assert other.get(edit).status_code == 404
    url = reverse("maintainers:announce_continue")
    assert other.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(url, {"request_number": change_request.pk, "email": "KEPVISELO@fenntarto.example"})
    assert response.status_code == 200 and "A kapott kód" in response.content.decode()
    code = _code_from_mail(change_request)
    wrong = other.post(url, {"request_number": change_request.pk, "email": "kepviselo@fenntarto.example",
                             "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 422 and "A kód hibás vagy lejárt. Kérjen új kódot." in wrong.content.decode()
    response = other.post(url, {"request_number": change_request.pk, "email": "kepviselo@fenntarto.example",
                                "code": code})
    assert response.url == edit
    assert other.get(edit).status_code == 200
    # the code works once
    third = Client()
    response = third.post(url, {"request_number": change_request.pk, "email": "kepviselo@fenntarto.example",
                                "code": code})
    assert response.status_code == 422 and third.get(edit).status_code == 404


def test_no_code_for_a_wrong_email_a_submitted_announcement_or_a_change(client, places, owner,
                                                                        django_capture_on_commit_callbacks):
    from portal.core.models import OutboxMessage

    client.post("/uj-fenntarto/", data_post() | {"save": "1"})
    announcement = ChangeRequest.objects.get()
    change = services.maintainer_change_save(maintainer=owner.maintainer, record=ms.from_register(owner.maintainer),
                                             actor=owner)
    url = reverse("maintainers:announce_continue")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"request_number": announcement.pk, "email": "mas@example.hu"})
        client.post(url, {"request_number": change.pk, "email": change.applicant_email})
    assert response.status_code == 200  # the same answer: nothing is revealed
    from portal.changes.services import change_request_submit

    change_request_submit(change_request=announcement)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"request_number": announcement.pk, "email": announcement.applicant_email})
    assert not OutboxMessage.objects.filter(template="change_request_continuation").exists()
    response = client.post(url, {"request_number": "", "email": "nem-email"})
    body = response.content.decode()
    assert response.status_code == 422 and "Adja meg a kérelem számát." in body
    assert "Adjon meg érvényes e-mail címet." in body


def test_the_office_queue_shows_a_maintainer_request_under_fenntarto_not_intezmeny(clerk_client, places):
    import re

    from portal.changes.services import change_request_submit
    from tests.factories.maintainers import maintainer_record

    change_request = change_request_submit(change_request=services.maintainer_request_start_new(
        record=maintainer_record(name="Újfalu Község Önkormányzata")))
    queue = clerk_client.get("/hivatal/kerelmek/").content.decode()
    row = re.search(rf'<tr>\s*<td><a href="[^"]*{change_request.pk}/">.*?</tr>', queue, re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[2] == "–"  # Intézmény
    assert cells[3] == "Újfalu Község Önkormányzata"  # Fenntartó
