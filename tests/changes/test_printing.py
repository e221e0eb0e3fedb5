"""The printable request: rendered once by the worker after submit, stored, served as stored."""

import hashlib
import shutil
import subprocess

import pytest
from django.core.management import call_command

from portal.changes import services
from portal.changes.models import RequestPrint, State
from portal.changes.printing import payload_checksum, request_prints_render_due
from tests.changes.conftest import verified_login
from tests.factories.changes import ChangeRequestFactory

from .test_views import own

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "kerelem.pdf"
    path.write_bytes(content)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())


# The worker's pass runs outside any request's transaction (its job runner checks its connection),
# so this test commits for real, as the worker would see it.
@pytest.mark.django_db(transaction=True)
def test_the_request_page_says_the_print_is_being_made_and_refreshes_itself(client):
    change_request = own(client, services.change_request_submit(change_request=ChangeRequestFactory()))
    page = client.get(f"/kerelem/{change_request.pk}/").content.decode()
    assert "A nyomtatható kérelem készül, az oldal magától frissül." in page
    assert 'data-print-pending="2"' in page and "changes/print_wait.js" in page
    assert f'href="/kerelem/{change_request.pk}/kerelem.pdf">Kérelem letöltése' not in page
    waiting = client.get(f"/kerelem/{change_request.pk}/kerelem.pdf")
    assert waiting.status_code == 202 and waiting["Content-Type"].startswith("text/html")
    assert "A nyomtatható kérelem készül" in waiting.content.decode()

    call_command("outbox_worker", "--once")  # the background worker's pass

    page = client.get(f"/kerelem/{change_request.pk}/").content.decode()
    assert f'href="/kerelem/{change_request.pk}/kerelem.pdf">Kérelem letöltése' in page
    assert "data-print-pending" not in page


@needs_pdftotext
def test_the_stored_pdf_is_byte_identical_across_downloads_and_is_what_was_submitted(client, clerk, tmp_path):
    change_request = own(client, services.change_request_submit(change_request=ChangeRequestFactory(sites=3)))
    submitted_payload = change_request.payload
    assert request_prints_render_due() == 1
    stored = RequestPrint.objects.get(change_request=change_request)
    assert stored.payload_sha256 == payload_checksum(submitted_payload)

    first = client.get(f"/kerelem/{change_request.pk}/kerelem.pdf")
    content = b"".join(first.streaming_content)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == f'attachment; filename="kerelem-{change_request.pk}.pdf"'
    assert first["ETag"] == f'"{stored.sha256}"' == f'"{hashlib.sha256(content).hexdigest()}"'
    text = _text(content, tmp_path)
    assert change_request.verification_code in text and "Győri Példa Általános Iskola" in text
    for site in submitted_payload["sites"][1:]:
        assert site["name"] in text
    assert "PISZKOZAT" not in text

    # The clerk authenticates and approves: the request's payload gains the OM ID, the print does not.
    services.change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    approved = services.change_request_approve(change_request=change_request, actor=clerk)
    assert approved.payload != submitted_payload and approved.state == State.APPROVED
    again = b"".join(client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").streaming_content)
    client.logout()
    verified_login(client, clerk)
    office = b"".join(client.get(f"/hivatal/kerelmek/{change_request.pk}/kerelem.pdf").streaming_content)
    assert again == office == content
    assert request_prints_render_due() == 0  # rendered once


@needs_pdftotext
def test_a_resubmission_gets_a_new_print_with_its_new_code(client, clerk, tmp_path):
    change_request = own(client, services.change_request_submit(change_request=ChangeRequestFactory()))
    request_prints_render_due()
    first_code = change_request.verification_code
    services.change_request_reopen(change_request=change_request, actor=clerk, reason="Hiányzik a telephely.")
    draft = _text(client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").content, tmp_path)
    assert "PISZKOZAT" in draft  # a reopened request prints on demand, not valid for posting
    resubmitted = services.change_request_submit(change_request=change_request)
    assert client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").status_code == 202
    assert request_prints_render_due() == 1
    text = _text(b"".join(client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").streaming_content), tmp_path)
    assert resubmitted.verification_code in text and first_code not in text
    assert list(RequestPrint.objects.filter(change_request=change_request).values_list("submission", flat=True)) \
        == [2, 1]


def test_a_request_submitted_before_prints_were_stored_gets_one_on_first_download(client):
    change_request = own(client, services.change_request_submit(change_request=ChangeRequestFactory()))
    RequestPrint.objects.all().delete()  # as for requests submitted before this release
    assert client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").status_code == 202
    assert request_prints_render_due() == 1
    assert client.get(f"/kerelem/{change_request.pk}/kerelem.pdf")["Content-Type"] == "application/pdf"


def test_an_outsider_gets_no_print(client):
    change_request = services.change_request_submit(change_request=ChangeRequestFactory())
    request_prints_render_due()
    assert client.get(f"/kerelem/{change_request.pk}/kerelem.pdf").status_code == 404
