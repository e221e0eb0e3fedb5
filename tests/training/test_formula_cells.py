"""The notary's uploaded cells and the learners' names come back in spreadsheets as text, never as
live formulas (issue 12, item 3)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from portal.training.intake import table as t
from portal.training.services.enrolment import intake_dry_run
from tests.factories.training import MunicipalityFactory, learner, notary

HEADERS = t.BASE_HEADERS + t.SUBSYSTEM_HEADERS
ATTACK = '=HYPERLINK("http://evil.example/","Kattintson")'


@pytest.fixture
def office(subsystems):
    return MunicipalityFactory(name="Orfű").notary_office


@pytest.fixture
def jegyzo(office):
    return notary(office=office)


def test_the_error_list_returns_uploaded_formulas_as_text(client, jegyzo):
    cells = ["x" if h == "adó" else "" for h in t.SUBSYSTEM_HEADERS]
    lines = [";".join(HEADERS), ";".join([ATTACK, "@valami", "+pénzügy", "-Orfű", *cells])]
    upload = SimpleUploadedFile("t.csv", "\r\n".join(lines).encode("utf-8"))
    intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
    client.force_login(jegyzo.user)
    response = client.get(reverse("training:intake_report", args=[intake.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = list(sheet[2])
    assert (row[1].value, row[1].data_type, row[1].quotePrefix) == (ATTACK, "s", True)
    assert row[2].value == "@valami" and row[2].data_type == "s"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)


def test_the_learners_export_writes_a_formula_like_name_as_text(client, office, jegyzo):
    learner(email="kiss.anna@example.hu", name=ATTACK,
            municipality=MunicipalityFactory(name="Abaliget", notary_office=office))
    client.force_login(jegyzo.user)
    sheet = load_workbook(io.BytesIO(client.get(reverse("training:notary_export")).content)).active
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == (ATTACK, "s", True)
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
