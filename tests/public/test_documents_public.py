"""Authenticated documents on the public institution and maintainer pages; others stay hidden."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.documents.services import document_authenticate, document_upload
from tests.factories.accounts import OfficeUserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_lists_the_authenticated_documents_of_an_institution_with_download_links(client, register):
    school, clerk = register["school"], OfficeUserFactory(username="hivatali.hanna")
    deed = document_upload(upload=_pdf("alapito.pdf"), document_type="alapito-okirat", actor=None,
                           institution=school, name="Alapító okirat 2024", deed_date=date(2024, 6, 1))
    draft = document_upload(upload=_pdf("tervezet.pdf"), document_type="egyeb", actor=None,
                            institution=school, name="Tervezet, még nem hiteles")
    document_authenticate(document=deed, actor=clerk)

    page = client.get(f"/kereses/intezmeny/{school.om_id}/").content.decode()
    assert f'<a href="{deed.public_url}">Alapító okirat 2024</a> (alapító okirat, kelte: 2024-06-01)' in page
    assert "Tervezet" not in page
    assert _download(client, deed.public_url) == PDF
    assert client.get(draft.public_url).status_code == 404  # not authenticated: nobody downloads it
    other = client.get(f"/kereses/intezmeny/{register['kindergarten'].om_id}/").content.decode()
    assert "Alapító okirat 2024" not in other and "nincs nyilvános, hitelesített dokumentuma" in other


def test_it_lists_the_authenticated_documents_of_a_maintainer(client, register):
    district, clerk = register["school"].maintainer, OfficeUserFactory(username="hivatali.hanna")
    decision = document_upload(upload=_pdf("hatarozat.pdf"), document_type="fenntartoi-hatarozat", actor=None,
                               maintainer=district, name="Fenntartói határozat 12/2025")
    pending = document_upload(upload=_pdf("masik.pdf"), document_type="egyeb", actor=None,
                              maintainer=district, name="Hitelesítésre vár")
    document_authenticate(document=decision, actor=clerk)
    page = client.get(f"/kereses/fenntarto/{district.maintainer_id}/").content.decode()
    assert f'<a href="{decision.public_url}">Fenntartói határozat 12/2025</a>' in page
    assert "Hitelesítésre vár" not in page and pending.public_url not in page
    assert _download(client, decision.public_url) == PDF
