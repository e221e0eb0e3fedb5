import pytest
from django.urls import reverse

from portal.changes import services
from portal.changes.models import ChangeRequest, State
from portal.changes.printing import request_prints_render_due
from portal.registry import schema
from portal.registry.schema import InstitutionRecord
from tests.factories.changes import ChangeRequestFactory, MaintainerFactory

pytestmark = pytest.mark.django_db


def start(client, maintainer, *, pir="300014", email="bejelento@iskola.hu"):
    return client.post("/uj-intezmeny/", {
        "mode": "pir" if pir else "maintainer", "pir": pir,
        "maintainer_id": maintainer.maintainer_id, "applicant_email": email})


def own(client, change_request):
    session = client.session
    session["change_requests"] = [change_request.pk]
    session.save()
    return change_request


def test_it_starts_a_request_and_opens_the_basic_tab(client):
    response = start(client, MaintainerFactory())
    change_request = ChangeRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/kerelem/{change_request.pk}/alapadatok/"
    page = client.get(response.url).content.decode()
    assert "Intézményi alapadatok" in page and "Adószám" in page


def test_it_keeps_what_was_typed_when_the_start_form_is_wrong(client):
    response = client.post("/uj-intezmeny/", {"mode": "maintainer", "maintainer_id": "12",
                                              "applicant_email": "rossz-cim"})
    page = response.content.decode()
    assert response.status_code == 200
    assert str(schema.EMAIL_INVALID) in page and 'value="rossz-cim"' in page


def test_it_tells_that_the_maintainer_is_not_in_the_register(client):
    response = client.post("/uj-intezmeny/", {"mode": "maintainer", "maintainer_id": "99999999",
                                              "applicant_email": "a@iskola.hu"})
    assert str(services.MAINTAINER_NOT_FOUND) in response.content.decode()


def test_it_does_not_open_someone_elses_draft_by_knowing_the_pir(client, django_user_model):
    owner_request = ChangeRequestFactory(subject_key="pir:300014")
    response = start(client, MaintainerFactory(), pir="300014")
    assert str(services.PIR_HAS_OPEN_REQUEST) in response.content.decode()
    assert client.get(f"/kerelem/{owner_request.pk}/").status_code == 404
    assert client.get(f"/kerelem/{owner_request.pk}/alapadatok/").status_code == 404
    assert client.get(f"/kerelem/{owner_request.pk}/kerelem.pdf").status_code == 404


def test_it_saves_the_basic_tab_and_shows_a_format_error_without_losing_input(client):
    change_request = own(client, ChangeRequestFactory())
    url = f"/kerelem/{change_request.pk}/alapadatok/"
    data = {"tax_number": "12345678-1-12", "name": "Új Iskola", "head_email": "igazgato@ujiskola.hu",
            "founder_seat-country": "Magyarország"}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(schema.TAX_NUMBER_INVALID) in page and 'value="Új Iskola"' in page
    data["tax_number"] = "15300014-2-41"
    assert client.post(url, data).status_code == 302
    change_request.refresh_from_db()
    assert change_request.payload["name"] == "Új Iskola"
    assert change_request.payload["sites"][0]["name"] == "Új Iskola"  # the seat follows


def test_it_lists_every_problem_on_submit_with_links_to_the_fields(client):
    change_request = own(client, ChangeRequestFactory(sites=2))
    payload = change_request.payload
    payload["tax_number"] = ""
    payload["sites"][1]["facilities"]["pool"] = None
    payload["sites"][1]["tasks"] = []
    change_request.save()
    response = client.post(f"/kerelem/{change_request.pk}/bekuldes/")
    page = response.content.decode()
    site_key = payload["sites"][1]["key"]
    assert response.status_code == 422
    assert f'href="/kerelem/{change_request.pk}/alapadatok/#id_tax_number"' in page
    assert f'href="/kerelem/{change_request.pk}/feladatellatasi-helyek/{site_key}/#id_pool"' in page
    assert f'href="/kerelem/{change_request.pk}/ellatott-feladatok/{site_key}/#add-task"' in page
    assert str(schema.FACILITY_UNSET) in page and str(schema.SITE_WITHOUT_TASKS) in page


def test_it_submits_once_on_a_double_click(client):
    change_request = own(client, ChangeRequestFactory())
    first = client.post(f"/kerelem/{change_request.pk}/bekuldes/")
    second = client.post(f"/kerelem/{change_request.pk}/bekuldes/")
    assert first.status_code == second.status_code == 302
    change_request.refresh_from_db()
    assert (change_request.state, change_request.submission_count) == (State.SUBMITTED, 1)
    assert "A nyomtatható kérelem készül" in client.get(f"/kerelem/{change_request.pk}/").content.decode()
    assert request_prints_render_due() == 1  # one print for the one submission
    assert "Kérelem letöltése" in client.get(f"/kerelem/{change_request.pk}/").content.decode()


def test_it_adds_a_site_and_a_task_and_copies_a_combination_without_supplements(client):
    change_request = own(client, ChangeRequestFactory())
    data = {"kind": "none", "name": "Kert utcai telephely", "address-country": "Magyarország",
            "administered_by": change_request.payload["sites"][0]["key"]}
    assert client.post(f"/kerelem/{change_request.pk}/feladatellatasi-helyek/uj/", data).status_code == 302
    change_request.refresh_from_db()
    new_site = change_request.payload["sites"][-1]
    assert new_site["name"] == "Kert utcai telephely" and new_site["administered_by"]
    url = f"/kerelem/{change_request.pk}/ellatott-feladatok/{new_site['key']}/"
    response = client.post(url, {"base_task": "ovodai-neveles", "special_characteristic": "altalanos-feltetelek-szerinti",
                                 "schedule": "felnottoktatas-esti"})
    assert str(schema.TASK_COMBINATION_NOT_ALLOWED) in response.content.decode()
    response = client.post(url, {"copy": "1", "combination": "altalanos-iskolai-also-tagozat|altalanos-feltetelek-szerinti|nappali|4"})
    change_request.refresh_from_db()
    copied = change_request.payload["sites"][-1]["tasks"]
    # the new task's supplements open at once (seed p. 12)
    assert response.status_code == 302 and response.url == f"{url}{copied[0]['key']}/"
    assert 'id="kiegeszitesek"' in client.get(response.url).content.decode()
    assert [(t["base_task"], t["grade_count"], t["supplements"]) for t in copied] == [
        ("altalanos-iskolai-also-tagozat", 4, [])]


def test_it_copies_the_contact_to_the_head(client):
    change_request = own(client, ChangeRequestFactory())
    seat = change_request.payload["sites"][0]
    data = {"kind": "seat", "address-country": "Magyarország", "contact_name": "Kovács Péter",
            "contact_phone": "+36 1 234 5678", "contact_email": "kovacs@iskola.hu", "copy_contact": "1"}
    client.post(f"/kerelem/{change_request.pk}/feladatellatasi-helyek/{seat['key']}/", data)
    change_request.refresh_from_db()
    assert change_request.payload["sites"][0]["administration"]["head"] == {
        "name": "Kovács Péter", "phone": "+36 1 234 5678", "email": "kovacs@iskola.hu"}


def test_it_serves_a_pdf_of_the_request(client):
    change_request = own(client, ChangeRequestFactory())
    response = client.get(f"/kerelem/{change_request.pk}/kerelem.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_it_keeps_the_office_pages_from_applicants(client):
    change_request = own(client, ChangeRequestFactory(state=State.SUBMITTED, verification_code="ABCDEFGHJK"))
    office_login = reverse("accounts:login_office")
    for response in (client.get("/hivatal/kerelmek/"), client.get(f"/hivatal/kerelmek/{change_request.pk}/"),
                     client.post(f"/hivatal/kerelmek/{change_request.pk}/approve/")):
        assert response.status_code == 302 and response["Location"].startswith(f"{office_login}?next=")
    change_request.refresh_from_db()
    assert change_request.state == State.SUBMITTED


def test_it_lets_a_clerk_authenticate_by_code_and_approve(office_client):
    client = office_client
    change_request = services.change_request_submit(change_request=ChangeRequestFactory())
    queue = client.get("/hivatal/kerelmek/").content.decode()
    assert f"/hivatal/kerelmek/{change_request.pk}/" in queue
    page = client.get(f"/hivatal/kerelmek/hitelesites/?kod={change_request.verification_code}").content.decode()
    assert f'value="{change_request.verification_code}"' in page
    response = client.post("/hivatal/kerelmek/hitelesites/", {"verification_code": change_request.verification_code})
    assert response.status_code == 302
    response = client.post(f"/hivatal/kerelmek/{change_request.pk}/approve/")
    change_request.refresh_from_db()
    assert change_request.state == State.APPROVED and change_request.institution.om_id
    again = client.post(f"/hivatal/kerelmek/{change_request.pk}/approve/", follow=True)
    assert "időközben más döntött" in again.content.decode()


def test_it_asks_for_a_reason_to_reopen_and_shows_it_to_the_applicant(office_client):
    client = office_client
    change_request = services.change_request_submit(change_request=ChangeRequestFactory())
    response = client.post(f"/hivatal/kerelmek/{change_request.pk}/reopen/", {"reason": ""})
    assert response.status_code == 422 and str(services.REASON_REQUIRED) in response.content.decode()
    client.post(f"/hivatal/kerelmek/{change_request.pk}/reopen/", {"reason": "Hiányzik a telephely."})
    client.logout()
    own(client, change_request)
    page = client.get(f"/kerelem/{change_request.pk}/").content.decode()
    assert "Hiányzik a telephely." in page and "visszanyitotta" in page


def test_it_filters_the_queue_by_kind_and_state_oldest_first(office_client):
    client = office_client
    older = services.change_request_submit(change_request=ChangeRequestFactory())
    newer = services.change_request_submit(change_request=ChangeRequestFactory())
    ChangeRequestFactory()  # a draft is not the office's business
    page = client.get("/hivatal/kerelmek/?kind=new_institution&state=submitted").content.decode()
    assert page.index(f"/hivatal/kerelmek/{older.pk}/") < page.index(f"/hivatal/kerelmek/{newer.pk}/")
    assert "Nincs a szűrésnek" in client.get("/hivatal/kerelmek/?state=approved").content.decode()


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_it_prints_every_part_of_the_request_in_hungarian(client, tmp_path):
    import subprocess

    change_request = own(client, services.change_request_submit(change_request=ChangeRequestFactory(sites=3)))
    request_prints_render_due()
    path = tmp_path / "kerelem.pdf"
    path.write_bytes(client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").getvalue())
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    for expected in ["Új intézmény bejelentése", "Győri Példa Általános Iskola", "15300014-2-41",
                     change_request.verification_code, "9001 Győr, Pf. 646", "az intézmény pecsétje",
                     "intézményvezető aláírása", "1. sz. Tagiskola", "2. sz. Telephely",
                     "általános iskolai (alsó tagozat)", "Fenntartói adatok"]:
        assert expected in text, expected
    assert "PISZKOZAT" not in text


def test_it_marks_a_drafts_print_as_not_valid_for_posting(client, tmp_path):
    import shutil
    import subprocess

    change_request = own(client, ChangeRequestFactory())
    content = client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").content
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "piszkozat.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "PISZKOZAT – postai beküldésre nem érvényes" in text


def test_the_print_of_a_large_request_lists_every_site_and_every_task(client, tmp_path):
    import subprocess

    change_request = own(client, services.change_request_submit(
        change_request=ChangeRequestFactory(sites=6, tasks_per_site=7)))
    request_prints_render_due()
    path = tmp_path / "kerelem.pdf"
    path.write_bytes(client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").getvalue())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    record = InstitutionRecord.from_dict(change_request.payload)
    for number, site in enumerate(record.sites, start=1):
        assert f"{number}. {site.name}" in text
    assert text.count("Ellátott feladatok:") == 6
    assert " 7. általános iskolai" in text and "Fenntartói adatok" in text


def test_cancelling_a_request_asks_first_and_then_cancels(client):
    change_request = own(client, ChangeRequestFactory())
    overview = client.get(f"/kerelem/{change_request.pk}/").content.decode()
    assert 'class="button-secondary danger">Kérelem sztornózása' in overview
    asked = client.post(f"/kerelem/{change_request.pk}/sztorno/")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert f"Biztosan sztornózza a(z) {change_request.pk}. számú kérelmet?" in html
    assert f'href="/kerelem/{change_request.pk}/"' in html  # Mégsem goes back
    change_request.refresh_from_db()
    assert change_request.state == State.DRAFT
    done = client.post(f"/kerelem/{change_request.pk}/sztorno/", {"megerosites": "1"})
    assert done.status_code == 302 and done.url == f"/kerelem/{change_request.pk}/"
    change_request.refresh_from_db()
    assert change_request.state == State.CANCELLED


def test_deleting_a_site_asks_first_and_keeps_the_site_until_confirmed(client):
    change_request = own(client, ChangeRequestFactory(sites=2))
    site = InstitutionRecord.from_dict(change_request.payload).sites[1]
    url = f"/kerelem/{change_request.pk}/feladatellatasi-helyek/{site.key}/torles/"
    asked = client.post(url, {"revision": "x"})
    html = asked.content.decode()
    assert asked.status_code == 200 and f"Biztosan törli a(z) {site.name} feladatellátási helyet" in html
    assert 'name="revision" value="x"' in html  # what was posted is posted again
    assert len(ChangeRequest.objects.get(pk=change_request.pk).payload["sites"]) == 2
    done = client.post(url, {"megerosites": "1"})
    assert done.status_code == 302 and done.url == f"/kerelem/{change_request.pk}/feladatellatasi-helyek/"
    assert [s["key"] for s in ChangeRequest.objects.get(pk=change_request.pk).payload["sites"]] != \
        [s["key"] for s in change_request.payload["sites"]]
