"""Documents of a maintainer (part 7): upload with type, the "Hiteles" column, authorities' documents,
only authenticated ones public; attachments of maintainer requests are documents of the documents app."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal.changes import maintainer_services as services
from portal.changes.models import ChangeRequest, Kind, State
from portal.changes.services import (
    change_request_approve,
    change_request_authenticate,
    change_request_submit,
)
from portal.core.models import OutboxMessage
from portal.documents import selectors
from portal.documents import services as document_services
from portal.documents.models import DeficiencyNotice, Document
from portal.registry import maintainer_schema as ms
from tests.conftest import office_login
from tests.factories.accounts import InstitutionUserFactory, OfficeUserFactory
from tests.factories.maintainers import maintainer_record
from tests.factories.registry import InstitutionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def pdf(name="alapito.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def upload(client, content=PDF, filename="alapito.pdf", **extra):
    data = {"file": pdf(filename, content), "document_type": "tarsulasi-megallapodas"} | extra
    return client.post(reverse("documents:maintainer_list"), data)


@pytest.fixture
def clerk(db):
    return OfficeUserFactory(username="hivatali.hanna")


@pytest.fixture
def office_client(client_factory, clerk):
    c = client_factory()
    office_login(c, clerk)
    return c


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


# --- the maintainer's "Dokumentumok" ------------------------------------------------------------

def test_it_lets_the_maintainer_upload_a_pdf_and_a_jpg_listed_with_hiteles(client, owner):
    client.force_login(owner)
    assert upload(client, filename="Társulási megállapodás.pdf", name="Társulási megállapodás").status_code == 302
    assert upload(client, JPG, filename="hatarozat.jpg", document_type="nyilvantartasba-veteli-hatarozat").status_code == 302
    first, second = Document.objects.order_by("pk")
    assert (first.maintainer, first.institution, first.source) == (owner.maintainer, None, "maintainer")
    assert second.content_type == "image/jpeg" and not second.is_authenticated
    body = client.get(reverse("documents:maintainer_list")).content.decode()
    assert "Hiteles" in body and "Társulási megállapodás" in body and "nyilvántartásba vételi határozat" in body
    assert 'aria-current="page">Dokumentumok' in body
    response = client.get(reverse("documents:maintainer_download", args=[first.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_it_refuses_what_is_not_a_pdf_or_jpg_and_a_missing_type(client, owner):
    client.force_login(owner)
    response = upload(client, b"MZ\x90\x00" + b"\x00" * 20, filename="okirat.pdf", name="Megtartott név")
    body = response.content.decode()
    assert response.status_code == 422 and str(document_services.FILE_TYPE_INVALID) in body
    assert "Megtartott név" in body
    response = client.post(reverse("documents:maintainer_list"), {"file": pdf()})
    assert response.status_code == 422 and str(document_services.TYPE_MISSING) in response.content.decode()
    assert not Document.objects.exists()


def test_the_maintainer_removes_its_document_until_it_is_authenticated(client, owner, clerk):
    client.force_login(owner)
    upload(client)
    upload(client)
    first, second = Document.objects.order_by("pk")
    assert client.post(reverse("documents:maintainer_remove", args=[first.pk])).status_code == 302
    assert not Document.objects.filter(pk=first.pk).exists()
    document_services.document_authenticate(document=second, actor=clerk)
    client.post(reverse("documents:maintainer_remove", args=[second.pk]))
    assert Document.objects.filter(pk=second.pk).exists()


def test_another_maintainer_cannot_see_download_or_remove_the_document(client, owner, outsider):
    client.force_login(owner)
    upload(client, name="Csak a tulajdonosé")
    document = Document.objects.get()
    client.force_login(outsider)
    assert "Csak a tulajdonosé" not in client.get(reverse("documents:maintainer_list")).content.decode()
    assert client.get(reverse("documents:maintainer_download", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:maintainer_remove", args=[document.pk])).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("name", ["documents:maintainer_list"])
def test_an_institution_user_and_the_anonymous_cannot_open_the_maintainer_documents(client, owner, name):
    client.force_login(owner)
    upload(client)
    document = Document.objects.get()
    client.logout()
    assert client.get(reverse(name)).status_code == 302  # to the login
    assert client.get(reverse("documents:maintainer_download", args=[document.pk])).status_code == 302
    client.force_login(InstitutionUserFactory())
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("documents:maintainer_download", args=[document.pk])).status_code == 403
    assert client.post(reverse("documents:maintainer_remove", args=[document.pk])).status_code == 403
    # the institution's own pages never show a maintainer's document
    assert client.get(reverse("documents:institution_download", args=[document.pk])).status_code in (403, 404)


# --- the office: authentication, public, authorities' documents ------------------------------------

def test_the_office_authenticates_and_only_then_the_document_is_public(client, owner, office_client):
    client.force_login(owner)
    upload(client, name="Alapító okirat")
    document = Document.objects.get()
    public = reverse("documents:public_download", args=[document.pk])
    assert list(selectors.document_public_list(maintainer=owner.maintainer)) == []
    assert client.get(public).status_code == 404
    body = office_client.get(reverse("documents:office_list")).content.decode()
    assert "Példaváros Önkormányzata" in body and "30000101" in body
    # the maintainer itself cannot authenticate
    assert client.post(reverse("documents:office_authenticate", args=[document.pk])).status_code == 403
    assert office_client.post(reverse("documents:office_authenticate", args=[document.pk])).status_code == 302
    assert list(selectors.document_public_list(maintainer=owner.maintainer)) == [document]
    client.logout()
    assert client.get(public).status_code == 200
    client.force_login(owner)
    row = client.get(reverse("documents:maintainer_list")).content.decode().split("Alapító okirat</td>")[1]
    assert row.split("</tr>")[0].count("<td>igen</td>") == 1


def test_the_public_list_needs_exactly_one_owner(owner):
    with pytest.raises(TypeError):
        selectors.document_public_list()
    school = InstitutionFactory()
    with pytest.raises(TypeError):
        selectors.document_public_list(school, maintainer=owner.maintainer)


def test_a_document_never_belongs_to_an_institution_and_a_maintainer_at_once(owner):
    school = InstitutionFactory()
    with pytest.raises(ValueError):
        document_services.document_upload(upload=pdf(), document_type="egyeb", actor=None,
                                          institution=school, maintainer=owner.maintainer)
    document = document_services.document_upload(upload=pdf(), document_type="egyeb", actor=None,
                                                  maintainer=owner.maintainer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(institution=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(maintainer=None)


def test_the_office_registers_an_authoritys_document_and_the_representative_is_summoned(
        owner, office_client, client, django_capture_on_commit_callbacks):
    url = reverse("documents:office_register_maintainer", args=[owner.maintainer.pk])
    assert office_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(url, {"file": pdf(), "document_type": "modosito-okirat",
                                            "authority": "Magyar Államkincstár"})
    assert response.url == reverse("maintainers:office_detail", args=[owner.maintainer.pk])
    document = Document.objects.get()
    assert document.maintainer == owner.maintainer and document.is_authenticated
    notice = DeficiencyNotice.objects.get()
    assert (notice.maintainer, notice.institution, notice.sent_to) == (
        owner.maintainer, None, "kepviselo@fenntarto.example")
    message = OutboxMessage.objects.get(template="maintainer_deficiency_notice")
    assert message.to == "kepviselo@fenntarto.example"
    client.force_login(owner)
    body = client.get(reverse("documents:maintainer_list")).content.decode()
    assert "Magyar Államkincstár" in body
    assert "Magyar Államkincstár" in office_client.get(
        reverse("maintainers:office_detail", args=[owner.maintainer.pk])).content.decode()
    # the maintainer's next submitted change answers the notice
    record = ms.from_register(owner.maintainer)
    record.phone = "+3619876543"
    change_request_submit(change_request=services.maintainer_change_save(
        maintainer=owner.maintainer, record=record, actor=owner))
    notice.refresh_from_db()
    assert notice.resolved_at is not None and notice.resolved_by_request.kind == Kind.MAINTAINER_CHANGE


def test_no_notice_while_a_change_of_the_maintainer_is_pending(owner, clerk):
    record = ms.from_register(owner.maintainer)
    record.phone = "+3619876543"
    change_request_submit(change_request=services.maintainer_change_save(
        maintainer=owner.maintainer, record=record, actor=owner))
    _document, notice = document_services.document_register_from_authority(
        maintainer=owner.maintainer, upload=pdf(), document_type="modosito-okirat", authority="Kormányhivatal",
        actor=clerk)
    assert notice is None and not DeficiencyNotice.objects.exists()


def test_only_clerks_register_a_maintainers_authority_document(client, owner):
    url = reverse("documents:office_register_maintainer", args=[owner.maintainer.pk])
    data = {"file": pdf(), "document_type": "modosito-okirat", "authority": "Kormányhivatal"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith("/belepes/")
    client.force_login(owner)
    assert client.post(url, {**data, "file": pdf()}).status_code == 403
    client.force_login(InstitutionUserFactory())
    assert client.get(url).status_code == 403
    assert not Document.objects.exists()


# --- attachments of maintainer requests ---------------------------------------------------------------

def type_change(owner) -> ChangeRequest:
    record = ms.from_register(owner.maintainer)
    record.maintainer_type = "egyeb-allami-fenntarto"
    return services.maintainer_change_save(maintainer=owner.maintainer, record=record, actor=owner)


def test_a_type_change_is_accepted_with_a_document_attached_on_the_request_page(client, owner, outsider, office_client):
    change_request = type_change(owner)
    client.force_login(owner)
    edit = reverse("maintainers:request_edit", args=[change_request.pk])
    assert "Okirat típusa" in client.get(edit).content.decode()
    response = client.post(reverse("maintainers:document_add", args=[change_request.pk]),
                           {"file": pdf("hatarozat.pdf"), "document_type": "modosito-okirat"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.change_request, document.maintainer) == (change_request, owner.maintainer)
    assert "hatarozat.pdf" in client.get(reverse("documents:maintainer_list")).content.decode()
    file_url = reverse("maintainers:document_file", args=[change_request.pk, document.pk])
    assert client.get(file_url).status_code == 200
    assert office_client.get(reverse("maintainers:office_document_file",
                                     args=[change_request.pk, document.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(file_url).status_code == 404
    assert client.post(reverse("maintainers:document_remove", args=[change_request.pk, document.pk])).status_code == 404
    assert change_request_submit(change_request=change_request).state == State.SUBMITTED


def test_a_bad_attachment_is_shown_on_the_request_page(client, owner):
    change_request = type_change(owner)
    client.force_login(owner)
    response = client.post(reverse("maintainers:document_add", args=[change_request.pk]),
                           {"file": pdf("virus.pdf", b"MZ\x90\x00" + b"\x00" * 20), "document_type": "egyeb"})
    assert response.status_code == 422
    assert str(document_services.FILE_TYPE_INVALID) in response.content.decode()
    assert not Document.objects.exists()


def test_an_attachment_is_removed_while_the_request_is_editable(client, owner):
    change_request = type_change(owner)
    document = services.supporting_document_attach(change_request=change_request, uploaded_file=pdf(),
                                                   document_type="egyeb", actor=owner)
    client.force_login(owner)
    client.post(reverse("maintainers:document_remove", args=[change_request.pk, document.pk]))
    assert not Document.objects.exists()
    with pytest.raises(Exception) as error:
        change_request_submit(change_request=change_request)
    assert str(ms.TYPE_CHANGE_WITHOUT_DOCUMENT) in [p.message for p in error.value.problems]


def test_documents_of_a_new_maintainer_belong_to_it_after_approval(client, places, clerk):
    from tests.maintainers.test_views import data_post

    client.post("/uj-fenntarto/", data_post() | {"save": "1"})
    change_request = ChangeRequest.objects.get()
    response = client.post(reverse("maintainers:document_add", args=[change_request.pk]),
                           {"file": pdf("alapito.pdf"), "document_type": "alapito-okirat"})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.maintainer is None and document.change_request == change_request
    change_request = change_request_submit(change_request=change_request)
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    change_request = change_request_approve(change_request=change_request, actor=clerk)
    document.refresh_from_db()
    assert document.maintainer == change_request.maintainer and document.source == "maintainer"
    assert maintainer_record().name == change_request.maintainer.name
