"""Stored files through Django's storage API on a real S3 server (SeaweedFS on loopback).

Every object stays private in the bucket; the app checks who asks and streams the file.
"""

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.documents.models import Document
from portal.training.models import Sco
from tests.factories.training import course_with_package, learner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _upload(client, content: bytes = PDF, filename: str = "alapito.pdf"):
    return client.post(reverse("documents:institution_list"), {
        "file": SimpleUploadedFile(filename, content), "document_type": "alapito-okirat",
    })


def test_an_uploaded_document_lands_in_the_bucket_and_is_public_only_once_authenticated(
        s3_storage, s3_server, head_client, office_client, client_factory):
    assert _upload(head_client).status_code == 302
    document = Document.objects.get()
    assert s3_server.keys(s3_storage) == [f"{s3_storage}/{document.file.name}"]
    stored = s3_server.client().get_object(Bucket=s3_server.bucket, Key=f"{s3_storage}/{document.file.name}")
    assert stored["Body"].read() == PDF

    visitor = client_factory()
    assert visitor.get(document.public_url).status_code == 404
    assert office_client.post(reverse("documents:office_authenticate", args=[document.pk])).status_code == 302
    response = visitor.get(document.public_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _body(response) == PDF


def test_the_bucket_itself_gives_nothing_to_an_anonymous_reader(s3_storage, s3_server, head_client):
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    _upload(head_client)
    key = f"{s3_storage}/{Document.objects.get().file.name}"
    anonymous = boto3.client("s3", endpoint_url=s3_server.endpoint_url, region_name="us-east-1",
                             config=Config(signature_version=UNSIGNED))
    with pytest.raises(anonymous.exceptions.ClientError) as refused:
        anonymous.get_object(Bucket=s3_server.bucket, Key=key)
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] in (401, 403)


def test_two_uploads_of_the_same_file_name_keep_both(s3_storage, s3_server, head_client):
    _upload(head_client, PDF, "okirat.pdf")
    _upload(head_client, PDF.replace(b"1.4", b"1.7"), "okirat.pdf")
    first, second = Document.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert len(s3_server.keys(s3_storage)) == 2


def test_removing_a_document_deletes_its_object_after_commit(
        s3_storage, s3_server, head_client, django_capture_on_commit_callbacks):
    _upload(head_client)
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(reverse("documents:institution_remove", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert s3_server.keys(s3_storage) == []


def test_a_scorm_package_is_extracted_into_the_bucket_and_served_to_enrolled_learners_only(
        s3_storage, s3_server, client):
    anna = learner(email="kiss.anna@example.hu", name="Kiss Anna", subsystems=("gazdalkodas",))
    outsider = learner(email="toth.bela@example.hu", name="Tóth Béla", subsystems=("ado",))
    course, package = course_with_package("singlescobasic.zip", subsystem_code="gazdalkodas")
    keys = s3_server.keys(f"{s3_storage}/{package.root}/")
    assert len(keys) == package.file_count and f"{s3_storage}/{package.root}/imsmanifest.xml" in keys
    sco = Sco.objects.filter(package=package).exclude(href="").first()
    url = reverse("training:package_file", args=[package.pk, sco.launch.path])

    client.force_login(anna.user)
    sent_on = client.get(url)  # to the content origin, under a launch token
    assert sent_on.status_code == 302
    launch = client.get(sent_on["Location"])
    assert launch.status_code == 200 and launch["Content-Type"].startswith("text/html")
    stored = s3_server.client().get_object(Bucket=s3_server.bucket, Key=f"{s3_storage}/{package.root}/"
                                           + sco.launch.path)
    assert _body(launch) == stored["Body"].read()
    missing = client.get(reverse("training:package_file", args=[package.pk, "nincs-ilyen.html"]))
    assert client.get(missing["Location"]).status_code == 404

    client.force_login(outsider.user)
    assert client.get(url).status_code == 403


def test_the_readme_settings_store_and_read_a_file(s3_server, tmp_path):
    """FILE_STORAGE and the S3_* variables, exactly as the README's table names them."""
    env = {
        **os.environ, "FILE_STORAGE": "storages.backends.s3.S3Storage", "S3_BUCKET": s3_server.bucket,
        "S3_ENDPOINT_URL": s3_server.endpoint_url, "S3_ACCESS_KEY": s3_server.access_key,
        "S3_SECRET_KEY": s3_server.secret_key, "S3_REGION": "us-east-1", "S3_PREFIX": "readme-check",
        "DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(tmp_path),
    }
    script = (
        "import django; django.setup()\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "name = s.save('proba/okirat.txt', ContentFile(b'tartalom'))\n"
        "print(type(s._wrapped).__name__, s.open(name).read().decode(), name)\n"
        "s.delete(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "tartalom", "proba/okirat.txt"]
    assert s3_server.keys("readme-check/") == []
