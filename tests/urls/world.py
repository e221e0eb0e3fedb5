"""One of everything the portal's URLs take, and one person of every kind, some owning it, some not.

Used by the URL access table (test_url_access.py): each row names a URL, the people who may use it and
what they see there, and the people who may not and what they get instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from portal.changes.maintainer_services import supporting_document_attach
from portal.changes.models import Kind
from portal.changes.operating import change_request_start_institution_change
from portal.changes.services import change_request_submit
from portal.core.models import SupplementKind
from portal.core.selectors import CODELIST_CATALOGUE
from portal.documents.services import document_authenticate, document_upload
from portal.training.intake import table as template
from portal.training.models import Attempt
from portal.training.scorm import isolation
from portal.training.services.enrolment import intake_dry_run
from tests.conftest import office_login
from tests.factories.accounts import (
    DistrictUserFactory,
    MaintainerUserFactory,
    MasterFactory,
    OfficeUserFactory,
)
from tests.factories.changes import ChangeRequestFactory
from tests.factories.maintainers import (
    MaintainerRequestFactory,
    association_record,
    maintainer_types,
)
from tests.factories.operating import institution_user, registered_institution
from tests.factories.reference import reference_places
from tests.factories.registry import MaintainerFactory, SchoolDistrictFactory
from tests.factories.training import course_with_package, learner, notary, training_office_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACTING = "acting_institution_id"
APPLICANT_GRANTS = "change_requests"


@dataclass
class World:
    objects: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    def client(self, role: str, **options) -> Client:
        """A browser logged in as ``role`` (the anonymous visitor and the applicant have no account)."""
        client = Client(**options)
        if role == "anonymous":
            return client
        if role == "applicant":  # started the new-institution draft in this browser, without an account
            session = client.session
            session[APPLICANT_GRANTS] = [self.objects["new_request"].pk]
            session.save()
            return client
        user = self.people[role]
        if role.startswith("clerk"):
            office_login(client, user)
            return client
        client.force_login(user)
        acting = {"district": "school", "other_district": "school"}.get(role)
        session = client.session
        if acting:
            session[ACTING] = self.objects[acting].pk
        elif getattr(user, "institution_id", None):
            session[ACTING] = user.institution_id
        session.save()
        return client


def pdf(name: str = "alapito.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def intake_workbook(municipality: str) -> SimpleUploadedFile:
    """A notary's enrolment table with one person (the training plan's template columns)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(template.BASE_HEADERS + template.SUBSYSTEM_HEADERS)
    sheet.append(["Új Ügyintéző", "uj.ugyintezo@peldafalva.example", "pénzügyi ügyintéző", municipality,
                  "x", *[""] * (len(template.SUBSYSTEM_HEADERS) - 1)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("terv.xlsx", buffer.getvalue())


def build() -> World:
    from portal.access.services import module_catalogue_sync

    module_catalogue_sync()
    reference_places()
    maintainer_types()
    world = World()
    o, p = world.objects, world.people

    o["district"] = district = SchoolDistrictFactory()
    o["school"] = school = registered_institution(sites=2, maintainer=district, name="Példafalvi Általános Iskola")
    o["site_number"] = school.sites.order_by("number").first().number
    o["other_school"] = other_school = registered_institution(sites=1, name="Másfalvi Gimnázium")
    p["head"] = MasterFactory(institution=school)
    p["teacher"] = o["teacher"] = institution_user(school, username="tanar")
    p["outsider"] = institution_user(other_school, username="masik.tanar")
    p["district"] = DistrictUserFactory(maintainer=district)
    p["other_district"] = DistrictUserFactory(maintainer=SchoolDistrictFactory())
    o["maintainer"] = maintainer = MaintainerFactory(name="Példafalva Község Önkormányzata")
    p["maintainer"] = MaintainerUserFactory(maintainer=maintainer)
    p["other_maintainer"] = MaintainerUserFactory(maintainer=MaintainerFactory(name="Másfalva Önkormányzata"))
    p["clerk"] = clerk = OfficeUserFactory(username="hivatali.hanna")
    p["clerk_operator"] = OfficeUserFactory(username="uzemelteto.olga", is_staff=True, is_superuser=True)

    o["data_change"] = data_change = change_request_start_institution_change(institution=school, actor=p["teacher"])
    o["site_key"] = data_change.payload["sites"][0]["key"]
    o["task_key"] = data_change.payload["sites"][0]["tasks"][0]["key"]
    o["new_request"] = ChangeRequestFactory(maintainer=district)
    o["submitted_request"] = change_request_submit(change_request=ChangeRequestFactory(maintainer=district))
    o["maintainer_request"] = mreq = MaintainerRequestFactory(
        kind=Kind.MAINTAINER_CHANGE, maintainer=maintainer, payload=association_record().to_dict())
    o["member_key"] = mreq.payload["members"][0]["key"]
    o["supporting_document"] = supporting_document_attach(
        change_request=mreq, uploaded_file=pdf("hatarozat.pdf"), document_type="fenntartoi-hatarozat", actor=p["maintainer"])

    o["school_document"] = document_upload(upload=pdf(), document_type="alapito-okirat", institution=school,
                                           actor=p["teacher"])
    o["maintainer_document"] = document_upload(upload=pdf(), document_type="alapito-okirat",
                                               maintainer=maintainer, actor=p["maintainer"])
    o["public_document"] = document_authenticate(
        document=document_upload(upload=pdf("hiteles.pdf"), document_type="alapito-okirat", institution=school,
                                 actor=p["teacher"]),
        actor=clerk,
    )

    o["learner"] = enrolled = learner(email="tanulo@peldafalva.example")
    p["learner"] = enrolled.user
    p["other_learner"] = learner(email="masik@masfalva.example", subsystems=("ado",)).user
    o["notary"] = jegyzo = notary(office=enrolled.municipality.notary_office)
    p["notary"] = jegyzo.user
    p["other_notary"] = notary(email="masik.jegyzo@example.hu").user
    p["training_office"] = training_office_user()
    o["course"], o["package"] = course_with_package(actor=p["training_office"])
    o["sco"] = o["package"].scos.first()
    o["content_token"] = isolation.grant_token(package_id=o["package"].pk, sco_id=o["sco"].pk, user_id=enrolled.user.pk,
                                               parent_origin="http://testserver")
    o["attempt"] = Attempt.objects.create(user=enrolled.user, sco=o["sco"])
    o["sco_path"] = o["sco"].href
    o["intake"] = intake_dry_run(actor=jegyzo.user, upload=intake_workbook(enrolled.municipality.name),
                                 year=date.today().year)
    o["codelist_slug"] = next(iter(CODELIST_CATALOGUE))
    o["codelist_name"] = "fenntarto-tipus"
    o["supplement_kind"] = SupplementKind.objects.get_or_create(
        code="sajatos-nevelesi-igeny", defaults={"name": "Sajátos nevelési igény", "order": 1})[0].code
    return world
