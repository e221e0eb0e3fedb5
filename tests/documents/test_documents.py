"""Documents: upload judged by content, removal, the Hiteles column, authentication, public download,
the office's registration of an authority's document with the deficiency notice."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.core.mail import outbox_deliver_due
from portal.documents import selectors, services
from portal.documents.models import DeficiencyNotice, Document
from tests.factories.changes import ChangeRequestFactory
from tests.factories.operating import institution_user, registered_institution

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32


def upload(client, content: bytes, filename: str = "alapito.pdf", **extra):
    data = {"file": SimpleUploadedFile(filename, content), "document_type": "alapito-okirat"} | extra
    return client.post(reverse("documents:institution_list"), data)


def test_it_uploads_a_pdf_and_a_jpg_with_generated_names(head_client, school):
    assert upload(head_client, PDF).status_code == 302
    assert upload(head_client, JPG, filename="../../etc/passwd.jpg").status_code == 302
    pdf, jpg = Document.objects.order_by("pk")
    assert (pdf.content_type, jpg.content_type) == ("application/pdf", "image/jpeg")
    assert jpg.original_name == "passwd.jpg" and "etc" not in jpg.file.name and "passwd" not in jpg.file.name
    assert not pdf.is_authenticated and pdf.institution == school


@pytest.mark.parametrize("content,name,message", [
    (EXE, "okirat.pdf", services.FILE_TYPE_INVALID),
    (b"hello", "okirat.jpg", services.FILE_TYPE_INVALID),
    (b"", "ures.pdf", services.FILE_EMPTY),
])
def test_it_refuses_what_is_not_a_pdf_or_jpg(head_client, content, name, message):
    response = upload(head_client, content, filename=name)
    assert response.status_code == 422
    assert str(message) in response.content.decode()
    assert not Document.objects.exists()


def test_it_refuses_an_oversized_file_and_keeps_what_was_typed(head_client, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = upload(head_client, PDF + b"0" * (1024 * 1024), filename="nagy.pdf",
                      **{"name": "Alapító okirat 2024"})
    body = response.content.decode()
    assert response.status_code == 422 and "legfeljebb 1 MB" in body and "Alapító okirat 2024" in body


def test_it_needs_the_document_type_and_dates_in_order(head_client):
    response = head_client.post(reverse("documents:institution_list"), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert str(services.TYPE_MISSING) in response.content.decode()
    response = upload(head_client, PDF, valid_from="2025-09-01", valid_to="2025-01-01")
    assert response.status_code == 422 and str(services.DATES_OUT_OF_ORDER) in response.content.decode()


def test_only_authenticated_documents_are_public(head_client, school, office_client, client_factory):
    client = client_factory()
    upload(head_client, PDF)
    document = Document.objects.get()
    public = reverse("documents:public_download", args=[document.pk])
    assert client.get(public).status_code == 404
    assert list(selectors.document_public_list(school)) == []
    assert office_client.post(reverse("documents:office_authenticate", args=[document.pk])).status_code == 302
    assert client.get(public).status_code == 200
    assert list(selectors.document_public_list(school)) == [document]
    # an authenticated document can no longer be removed by the institution
    head_client.post(reverse("documents:institution_remove", args=[document.pk]))
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_institution_removes_an_unauthenticated_document(head_client):
    upload(head_client, PDF)
    document = Document.objects.get()
    assert head_client.post(reverse("documents:institution_remove", args=[document.pk])).status_code == 302
    assert not Document.objects.exists()


def test_another_institution_cannot_download_or_remove(head_client, client):
    upload(head_client, PDF)
    document = Document.objects.get()
    other = registered_institution()
    client.force_login(institution_user(other))
    assert client.get(reverse("documents:institution_download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:institution_remove", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:office_list")).status_code == 403


def test_the_office_registers_an_authority_document_and_sends_a_deficiency_notice(
        clerk_client, school, django_capture_on_commit_callbacks):
    url = reverse("documents:office_register", args=[school.om_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url, {"file": SimpleUploadedFile("m.pdf", PDF), "document_type": "modosito-okirat",
                                           "authority": "Magyar Államkincstár"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.is_authenticated and document.source == Document.Source.AUTHORITY
    notice = DeficiencyNotice.objects.get()
    outbox_deliver_due()
    assert [m.to for m in mail.outbox] == [[school.head_email]]
    assert "Hiánypótlási felszólítás" in mail.outbox[0].subject
    assert list(selectors.deficiency_notices_outstanding()) == [notice]
    page = clerk_client.get(reverse("documents:office_list")).content.decode()
    assert school.name in page


def test_no_notice_when_a_request_is_pending(clerk_client, school):
    ChangeRequestFactory(institution=school, state="submitted", subject_key=f"institution:{school.pk}")
    clerk_client.post(reverse("documents:office_register", args=[school.om_id]), {
        "file": SimpleUploadedFile("m.pdf", PDF), "document_type": "modosito-okirat", "authority": "Kormányhivatal"})
    assert Document.objects.count() == 1 and not DeficiencyNotice.objects.exists()


def test_documents_can_be_uploaded_right_after_a_new_institution_request(client):
    change_request = ChangeRequestFactory(state="submitted")
    url = reverse("documents:request_documents", args=[change_request.pk])
    assert client.get(url).status_code == 404  # not this browser's request
    session = client.session
    session["change_requests"] = [change_request.pk]
    session.save()
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "document_type": "alapito-okirat"})
    assert response.status_code == 302
    assert Document.objects.get().change_request == change_request
