"""The maintainer module's services: approval, IDs, linking, change, termination, password letter."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.accounts.models import CredentialToken
from portal.accounts.services import credential_code_use
from portal.changes import maintainer_services as services
from portal.changes.models import ChangeRequest, Kind, State
from portal.changes.services import (
    ChangeRequestError,
    SubmitInvalid,
    change_request_approve,
    change_request_authenticate,
    change_request_reject,
    change_request_reopen,
    change_request_submit,
)
from portal.core.models import OutboxMessage
from portal.registry import maintainer_schema as ms
from portal.registry.maintainer_selectors import maintainer_public_detail
from portal.registry.models import InstitutionVersion, Maintainer
from tests.factories.accounts import MaintainerUserFactory, OfficeUserFactory
from tests.factories.maintainers import association_record, maintainer_record
from tests.factories.registry import InstitutionFactory, MaintainerFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def clerk(db):
    return OfficeUserFactory(username="hivatali.hanna")


def approved(record, clerk) -> ChangeRequest:
    change_request = services.maintainer_request_start_new(record=record)
    change_request = change_request_submit(change_request=change_request)
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    return change_request_approve(change_request=change_request, actor=clerk)


def test_approval_allocates_a_new_8_digit_id_and_mails_a_single_use_link(places, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_request = approved(association_record(), clerk)
    maintainer = change_request.maintainer
    assert change_request.state == State.APPROVED
    assert len(maintainer.maintainer_id) == 8 and maintainer.maintainer_id.isdigit()
    assert [m.name for m in maintainer.members.all()] == ["1. Község Önkormányzata", "2. Község Önkormányzata"]
    assert maintainer.versions.get().number == 1
    user = maintainer.users.get()
    assert user.login_key == f"maintainer:{maintainer.maintainer_id}:{maintainer.maintainer_id}"
    assert not user.has_usable_password()
    assert CredentialToken.objects.filter(user=user, purpose=CredentialToken.Purpose.ACTIVATE).count() == 1
    mails = OutboxMessage.objects.filter(to="kepviselo@fenntarto.example")
    assert {m.template for m in mails} >= {"maintainer_request_approved", "maintainer_password"}
    assert maintainer.maintainer_id in mails.get(template="maintainer_password").subject


def test_ids_are_never_reused(places, clerk):
    first = approved(maintainer_record(), clerk).maintainer
    first_id = first.maintainer_id
    first.users.all().delete()
    first.versions.all().delete()
    ChangeRequest.objects.filter(maintainer=first).update(maintainer=None)
    first.delete()
    second = approved(maintainer_record(name="Második Önkormányzat"), clerk).maintainer
    assert int(second.maintainer_id) == int(first_id) + 1


def test_ids_skip_ones_already_in_the_register(places, clerk):
    MaintainerFactory(maintainer_id=f"{services.MAINTAINER_ID_START + 1:08d}")
    maintainer = approved(maintainer_record(), clerk).maintainer
    assert maintainer.maintainer_id == f"{services.MAINTAINER_ID_START + 2:08d}"


def test_reopen_and_reject_mail_the_representative(places, clerk, django_capture_on_commit_callbacks):
    change_request = change_request_submit(change_request=services.maintainer_request_start_new(
        record=maintainer_record()))
    with django_capture_on_commit_callbacks(execute=True):
        change_request_reopen(change_request=change_request, actor=clerk, reason="A KSH számjel hibás.")
    reopened = OutboxMessage.objects.get(template="maintainer_request_reopened")
    assert reopened.to == "kepviselo@fenntarto.example" and "A KSH számjel hibás." in reopened.body_text
    assert "Tisztelt Képviselő!" in reopened.body_text and "bejelentő felület" not in reopened.body_text
    assert "Bejelentés folytatása oldalon" in reopened.body_text
    change_request = change_request_submit(change_request=change_request)
    with django_capture_on_commit_callbacks(execute=True):
        change_request_reject(change_request=change_request, actor=clerk, reason="Nem fenntartó.")
    rejected = OutboxMessage.objects.get(template="maintainer_request_rejected")
    assert rejected.to == "kepviselo@fenntarto.example" and "Nem fenntartó." in rejected.body_text
    assert not OutboxMessage.objects.filter(template__startswith="change_request_re").exists()


def test_a_reopened_change_tells_the_representative_where_to_find_it(places, clerk,
                                                                      django_capture_on_commit_callbacks):
    maintainer = approved(maintainer_record(), clerk).maintainer
    record = ms.from_register(maintainer)
    record.phone = "+3619876543"
    change_request = change_request_submit(change_request=services.maintainer_change_save(
        maintainer=maintainer, record=record, actor=None))
    with django_capture_on_commit_callbacks(execute=True):
        change_request_reopen(change_request=change_request, actor=clerk, reason="A telefonszám hibás.")
    body = OutboxMessage.objects.get(template="maintainer_request_reopened").body_text
    assert "Fenntartó módosítása menüpontban látja" in body and "Kérelmek listája" in body
    assert "A telefonszám hibás." in body and maintainer.name in body


def test_submit_of_an_association_without_members_is_refused(places):
    change_request = services.maintainer_request_start_new(record=association_record(members=0))
    with pytest.raises(SubmitInvalid) as error:
        change_request_submit(change_request=change_request)
    assert [p.message for p in error.value.problems] == [str(ms.NO_MEMBERS)]


def test_linking_an_institution_makes_a_new_register_version(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    institution = InstitutionFactory(om_id="031234")
    InstitutionVersion.objects.create(institution=institution, number=1, valid_from=date(2020, 1, 1), data={})
    services.maintainer_institution_link(maintainer=maintainer, om_id="031234", actor=clerk,
                                         valid_from=date(2025, 9, 1))
    institution.refresh_from_db()
    assert institution.maintainer == maintainer
    version = institution.versions.get(number=2)
    assert version.data["maintainer_id"] == maintainer.maintainer_id and version.valid_from == date(2025, 9, 1)
    with pytest.raises(ChangeRequestError) as error:
        services.maintainer_institution_link(maintainer=maintainer, om_id="031234", actor=clerk)
    assert error.value.message == str(services.INSTITUTION_ALREADY_LINKED)
    with pytest.raises(ChangeRequestError) as error:
        services.maintainer_institution_link(maintainer=maintainer, om_id="999999", actor=clerk)
    assert error.value.message == str(services.INSTITUTION_NOT_FOUND)


def test_a_change_of_phone_prints_only_that_change_and_is_applied_as_a_new_version(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    user = maintainer.users.get()
    record = ms.from_register(maintainer)
    record.phone = "+3619876543"
    change_request = services.maintainer_change_save(maintainer=maintainer, record=record, actor=user)
    assert change_request.kind == Kind.MAINTAINER_CHANGE
    from portal.changes.maintainer_pdf import maintainer_request_changes

    assert [(c.label, c.new) for c in maintainer_request_changes(change_request)] == [
        ("Telefonszám", "+36 1 987 6543")]
    change_request = change_request_submit(change_request=change_request, actor=user)
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    change_request_approve(change_request=change_request, actor=clerk)
    maintainer.refresh_from_db()
    assert maintainer.phone == "+3619876543"
    assert list(maintainer.versions.values_list("number", flat=True)) == [2, 1]


def test_the_draft_is_the_same_request_at_the_next_save(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    record = ms.from_register(maintainer)
    first = services.maintainer_change_save(maintainer=maintainer, record=record, actor=None)
    record.fax = "+3612223333"
    second = services.maintainer_change_save(maintainer=maintainer, record=record, actor=None)
    assert first.pk == second.pk and second.payload["fax"] == "+3612223333"


def test_a_type_change_needs_a_supporting_document(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    record = ms.from_register(maintainer)
    record.maintainer_type = "egyeb-allami-fenntarto"
    change_request = services.maintainer_change_save(maintainer=maintainer, record=record, actor=None)
    with pytest.raises(SubmitInvalid) as error:
        change_request_submit(change_request=change_request)
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("maintainer_type", str(ms.TYPE_CHANGE_WITHOUT_DOCUMENT))]
    assert str(ms.TYPE_CHANGE_WITHOUT_DOCUMENT) == (
        "A fenntartó típusa csak a változást igazoló okirat csatolásával módosítható. "
        "Csatolja az okiratot (PDF vagy JPG).")
    services.supporting_document_attach(
        change_request=change_request, document_type="modosito-okirat",
        uploaded_file=SimpleUploadedFile("okirat.pdf", b"%PDF-1.4 test", content_type="application/pdf"))
    assert change_request_submit(change_request=change_request).state == State.SUBMITTED


def test_only_pdf_and_jpg_files_are_attached(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    change_request = services.maintainer_change_save(maintainer=maintainer, record=ms.from_register(maintainer),
                                                     actor=None)
    with pytest.raises(ChangeRequestError) as error:
        services.supporting_document_attach(
            change_request=change_request, document_type="egyeb",
            uploaded_file=SimpleUploadedFile("okirat.pdf", b"MZ not a pdf", content_type="application/pdf"))
    assert error.value.message == (
        "Csak PDF vagy JPG formátumú okirat tölthető fel; a kiválasztott fájl tartalma nem ilyen.")
    assert not change_request.documents.exists()


def test_termination_is_refused_while_institutions_remain(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    InstitutionFactory(maintainer=maintainer)
    with pytest.raises(ChangeRequestError) as error:
        services.maintainer_termination_save(maintainer=maintainer, termination_date="2025-12-31", actor=None)
    assert error.value.message == (
        "A fenntartó csak akkor szüntethető meg, ha fenntartásában már nincs köznevelési intézmény. "
        "Jelenleg fenntartott intézmények száma: 1.")


def test_termination_is_a_request_like_any_other(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    change_request = services.maintainer_termination_save(
        maintainer=maintainer, termination_date="2025-12-31", actor=None)
    change_request = change_request_submit(change_request=change_request)
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    change_request_approve(change_request=change_request, actor=clerk)
    maintainer.refresh_from_db()
    assert (maintainer.status, maintainer.terminated_on) == (Maintainer.Status.TERMINATED, date(2025, 12, 31))
    assert not maintainer.users.get().is_active
    assert maintainer.versions.first().valid_from == date(2025, 12, 31)


def test_termination_approval_rechecks_the_institutions(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    change_request = change_request_submit(change_request=services.maintainer_termination_save(
        maintainer=maintainer, termination_date="2025-12-31", actor=None))
    change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    InstitutionFactory(maintainer=maintainer)
    with pytest.raises(ChangeRequestError):
        change_request_approve(change_request=change_request, actor=clerk)
    change_request.refresh_from_db()
    assert change_request.state == State.AUTHENTICATED


def test_a_password_letter_code_sets_a_new_password_once(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    code, token = services.maintainer_password_letter(
        maintainer=maintainer, received_on=date(2025, 3, 1), reference="OH/123/2025", actor=clerk)
    user = credential_code_use(maintainer_id=maintainer.maintainer_id, code=code, password="Hófehérke7törpe")
    assert user.check_password("Hófehérke7törpe")
    from portal.accounts.services import CredentialError

    with pytest.raises(CredentialError):
        credential_code_use(maintainer_id=maintainer.maintainer_id, code=code, password="Másik9jelszó")


def test_a_new_letter_revokes_the_previous_code(places, clerk):
    maintainer = MaintainerFactory()
    MaintainerUserFactory(maintainer=maintainer)
    first, _ = services.maintainer_password_letter(maintainer=maintainer, received_on=date(2025, 3, 1),
                                                   reference="", actor=clerk)
    services.maintainer_password_letter(maintainer=maintainer, received_on=date(2025, 3, 2), reference="", actor=clerk)
    from portal.accounts.services import CredentialError

    with pytest.raises(CredentialError):
        credential_code_use(maintainer_id=maintainer.maintainer_id, code=first, password="Hófehérke7törpe")


def test_public_detail_shows_approved_data_and_institutions_only(places, clerk):
    maintainer = approved(maintainer_record(), clerk).maintainer
    InstitutionFactory(maintainer=maintainer, name="Példavárosi Óvoda", om_id="031999")
    record = ms.from_register(maintainer)
    record.name = "Még nem átvezetett név"
    services.maintainer_change_save(maintainer=maintainer, record=record, actor=None)
    detail = maintainer_public_detail(maintainer.maintainer_id)
    assert dict(detail["rows"])["Fenntartó neve"] == "Példaváros Önkormányzata"
    assert [i["om_id"] for i in detail["institutions"]] == ["031999"]
    assert "email" not in detail["representative"]
    assert maintainer_public_detail("99999999") is None


def test_the_submission_mail_asks_for_the_representatives_signature(places, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_request_submit(change_request=services.maintainer_request_start_new(record=maintainer_record()))
    mail = OutboxMessage.objects.get(to="kepviselo@fenntarto.example", template="maintainer_request_submitted")
    for body in (mail.body_text, mail.body_html):
        assert "a fenntartó képviselőjének aláírásával" in body
        assert "intézményvezető" not in body
    assert not OutboxMessage.objects.filter(template="change_request_submitted").exists()
