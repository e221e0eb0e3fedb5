import pytest

from portal.accounts.models import User
from portal.changes import services
from portal.changes.models import ChangeRequest, State
from portal.changes.transitions import TRANSITION_NOT_ALLOWED, TransitionNotAllowed
from portal.core.models import AuditEntry, OutboxMessage
from portal.registry.models import IdentifierCounter, Institution, InstitutionVersion
from portal.registry.schema import InstitutionRecord
from tests.factories.changes import ChangeRequestFactory, MaintainerFactory


def submitted(**kwargs) -> ChangeRequest:
    return services.change_request_submit(change_request=ChangeRequestFactory(**kwargs))


def authenticated(clerk, **kwargs) -> ChangeRequest:
    request = submitted(**kwargs)
    return services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)


def test_it_starts_a_pir_request_with_a_seat(db):
    maintainer = MaintainerFactory()
    request = services.change_request_start_new_institution(
        pir="300014", maintainer_id=maintainer.maintainer_id, applicant_email="bejelento@iskola.hu")
    record = InstitutionRecord.from_dict(request.payload)
    assert (request.state, request.subject_key, record.pir) == (State.DRAFT, "pir:300014", "300014")
    assert [s.kind for s in record.sites] == ["seat"]


def test_it_refuses_a_second_open_request_for_the_same_pir(db):
    maintainer = MaintainerFactory()
    services.change_request_start_new_institution(
        pir="300014", maintainer_id=maintainer.maintainer_id, applicant_email="a@iskola.hu")
    with pytest.raises(services.ChangeRequestError) as error:
        services.change_request_start_new_institution(
            pir="300014", maintainer_id=maintainer.maintainer_id, applicant_email="b@iskola.hu")
    assert (error.value.field, error.value.message) == ("pir", str(services.PIR_HAS_OPEN_REQUEST))


def test_it_refuses_an_unknown_maintainer(db):
    with pytest.raises(services.ChangeRequestError) as error:
        services.change_request_start_new_institution(maintainer_id="99999999", applicant_email="a@iskola.hu")
    assert error.value.message == str(services.MAINTAINER_NOT_FOUND)


def test_it_continues_a_draft_only_with_the_code_mailed_to_the_applicant(db, django_capture_on_commit_callbacks):
    maintainer = MaintainerFactory()
    request = services.change_request_start_new_institution(
        pir="300025", maintainer_id=maintainer.maintainer_id, applicant_email="owner@iskola.hu")
    with pytest.raises(services.ChangeRequestError):  # no code has been sent yet
        services.change_request_continuation_verify(pir="300025", code="000000")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_continuation_send(pir="300025")
    mail = OutboxMessage.objects.get(template="change_request_continuation")
    assert mail.to == "owner@iskola.hu"
    code = next(line.strip() for line in mail.body_text.splitlines() if line.strip().isdigit())
    with pytest.raises(services.ChangeRequestError) as error:
        services.change_request_continuation_verify(pir="300025", code="999999" if code != "999999" else "111111")
    assert error.value.message == str(services.CONTINUATION_CODE_INVALID)
    assert services.change_request_continuation_verify(pir="300025", code=code) == request
    with pytest.raises(services.ChangeRequestError):  # single use
        services.change_request_continuation_verify(pir="300025", code=code)


def test_it_stops_accepting_codes_after_five_wrong_guesses(db, django_capture_on_commit_callbacks):
    maintainer = MaintainerFactory()
    services.change_request_start_new_institution(
        pir="300036", maintainer_id=maintainer.maintainer_id, applicant_email="owner@iskola.hu")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_continuation_send(pir="300036")
    code = next(line.strip() for line in OutboxMessage.objects.get().body_text.splitlines()
                if line.strip().isdigit())
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.CONTINUATION_MAX_ATTEMPTS):
        with pytest.raises(services.ChangeRequestError):
            services.change_request_continuation_verify(pir="300036", code=wrong)
    with pytest.raises(services.ChangeRequestError):
        services.change_request_continuation_verify(pir="300036", code=code)


def test_it_submits_once_even_when_clicked_twice(db):
    request = ChangeRequestFactory()
    services.change_request_submit(change_request=request)
    with pytest.raises(TransitionNotAllowed):
        services.change_request_submit(change_request=request)
    assert AuditEntry.objects.filter(action="change_request.submit").count() == 1


def test_it_lists_every_problem_on_submit_and_stays_a_draft(db):
    request = ChangeRequestFactory()
    request.payload["tax_number"] = ""
    request.payload["sites"][0]["tasks"] = []
    request.save()
    with pytest.raises(services.SubmitInvalid) as error:
        services.change_request_submit(change_request=request)
    assert {p.field for p in error.value.problems} == {"tax_number", "add-task"}
    request.refresh_from_db()
    assert request.state == State.DRAFT


def test_it_approves_with_a_new_om_id_a_version_and_the_master_link(db, clerk):
    request = authenticated(clerk, sites=3, tasks_per_site=2)
    approved = services.change_request_approve(change_request=request, actor=clerk)
    institution = approved.institution
    assert approved.state == State.APPROVED
    assert institution.om_id == "204000" and institution.status == Institution.Status.ACTIVE
    assert institution.maintainer == request.maintainer
    assert institution.sites.count() == 3 and institution.sites.get(kind="seat").number == "001"
    version = InstitutionVersion.objects.get(institution=institution)
    assert (version.number, version.recorded_by, version.change_request) == (1, clerk, approved)
    master = User.objects.get(login_key=f"master:{institution.om_id}")
    assert master.kind == "master" and master.institution == institution


def test_it_reads_back_from_the_register_what_it_approved(db, clerk):
    request = authenticated(clerk, sites=4, tasks_per_site=3)
    approved = services.change_request_approve(change_request=request, actor=clerk)
    from portal.registry.schema import from_register
    assert from_register(approved.institution) == InstitutionRecord.from_dict(approved.payload)


def test_it_never_reuses_an_om_id(db, clerk):
    Institution.objects.create(name="Régi", om_id="204001")
    first = services.change_request_approve(change_request=authenticated(clerk), actor=clerk).institution
    ChangeRequest.objects.update(institution=None)
    first.delete()
    second = services.change_request_approve(change_request=authenticated(clerk), actor=clerk).institution
    assert (first.om_id, second.om_id) == ("204000", "204002")
    assert IdentifierCounter.objects.get(name="om_id").last_value == 204002


def test_it_cannot_approve_a_reopened_request_until_resubmitted_and_authenticated(db, clerk):
    request = authenticated(clerk)
    old_code = request.verification_code
    services.change_request_reopen(change_request=request, actor=clerk, reason="Hiányzik a tagintézmény.")
    with pytest.raises(TransitionNotAllowed):
        services.change_request_approve(change_request=request, actor=clerk)
    resubmitted = services.change_request_submit(change_request=request)
    assert resubmitted.verification_code != old_code
    with pytest.raises(services.ChangeRequestError):  # the first paper copy does not count
        services.change_request_authenticate(verification_code=old_code, actor=clerk)
    with pytest.raises(TransitionNotAllowed):
        services.change_request_approve(change_request=request, actor=clerk)
    services.change_request_authenticate(verification_code=resubmitted.verification_code, actor=clerk)
    assert services.change_request_approve(change_request=request, actor=clerk).state == State.APPROVED


def test_it_requires_a_reason_to_reopen_or_reject(db, clerk):
    request = authenticated(clerk)
    for decide in (services.change_request_reopen, services.change_request_reject):
        with pytest.raises(services.ChangeRequestError) as error:
            decide(change_request=request, actor=clerk, reason="  ")
        assert (error.value.field, error.value.message) == ("reason", str(services.REASON_REQUIRED))


def test_it_mails_the_head_and_the_applicant_the_reason(db, django_capture_on_commit_callbacks, clerk):
    request = authenticated(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_reject(change_request=request, actor=clerk, reason="Nincs működési engedély.")
    mails = OutboxMessage.objects.filter(template="change_request_rejected")
    assert sorted(m.to for m in mails) == ["bejelento@peldaiskola.hu", "igazgato@peldaiskola.hu"]
    assert all("Nincs működési engedély." in m.body_text for m in mails)


def test_it_lets_the_applicant_cancel_only_until_authenticated(db, clerk):
    draft = ChangeRequestFactory()
    assert services.change_request_cancel(change_request=draft).state == State.CANCELLED
    request = authenticated(clerk)
    with pytest.raises(TransitionNotAllowed) as error:
        services.change_request_cancel(change_request=request)
    assert str(error.value) == str(TRANSITION_NOT_ALLOWED).format(state="hitelesített")


def test_it_writes_an_audit_entry_for_every_action(db, clerk):
    request = authenticated(clerk)
    services.change_request_approve(change_request=request, actor=clerk)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"change_request.submit", "change_request.authenticate", "change_request.approve",
            "institution.create"} <= actions


def _ready(action: str, clerk, *, sites: int, tasks_per_site: int) -> ChangeRequest:
    request = ChangeRequestFactory(sites=sites, tasks_per_site=tasks_per_site)
    if action == "approve":
        request = services.change_request_submit(change_request=request)
        request = services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)
    return request


def _run(action: str, request: ChangeRequest, clerk) -> None:
    if action == "submit":
        services.change_request_submit(change_request=request)
    else:
        services.change_request_approve(change_request=request, actor=clerk)


@pytest.mark.parametrize("action", ["submit", "approve"])
def test_it_runs_no_more_queries_for_fifty_sites_of_twenty_tasks_than_for_one(
    db, clerk, action, django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.core.services.codelists import codelists_load

    codelists_load()
    small = _ready(action, clerk, sites=1, tasks_per_site=1)
    with CaptureQueriesContext(connection) as queries:
        _run(action, small, clerk)
    large = _ready(action, clerk, sites=50, tasks_per_site=20)
    with django_assert_max_num_queries(len(queries)):
        _run(action, large, clerk)
