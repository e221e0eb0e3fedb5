"""Data change of an operating institution: from the register, through the office, back to the register."""

import pytest
from django.urls import reverse

from portal.changes import operating, services
from portal.changes.models import ChangeRequest, Kind, State
from portal.registry.models import Institution, Site, Task
from portal.registry.schema import InstitutionRecord, StatusChange, from_register

pytestmark = pytest.mark.django_db


def start(head_client) -> ChangeRequest:
    response = head_client.get(reverse("changes:data_change"))
    assert response.status_code == 302
    return ChangeRequest.objects.get(kind=Kind.INSTITUTION_CHANGE, state=State.DRAFT)


def change_and_submit(change_request, *, actor, edit) -> ChangeRequest:
    record = InstitutionRecord.from_dict(change_request.payload)
    edit(record)
    services.change_request_draft_save(change_request=change_request, record=record, actor=actor)
    return services.change_request_submit(change_request=change_request, actor=actor)


def approve(change_request, clerk) -> ChangeRequest:
    services.change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    return services.change_request_approve(change_request=change_request, actor=clerk)


def test_it_prefills_the_data_change_from_the_register_and_reloads_the_draft(head_client, school):
    change_request = start(head_client)
    record = InstitutionRecord.from_dict(change_request.payload)
    assert record.name == school.name and len(record.sites) == 3
    assert change_request.base_payload == from_register(school).to_dict()
    start(head_client)  # the next visit (or login) opens the same draft
    assert ChangeRequest.objects.filter(kind=Kind.INSTITUTION_CHANGE).count() == 1
    page = head_client.get(reverse("changes:tab_basic", args=[change_request.pk]))
    assert page.status_code == 200 and school.name in page.content.decode()


def test_it_applies_a_one_field_change_and_records_a_new_version(head_client, head, school, clerk):
    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    approve(change_request, clerk)
    school.refresh_from_db()
    assert school.head_name == "Új Igazgató"
    assert school.versions.count() == 2
    assert school.versions.first().change_request == change_request


def test_it_refuses_a_request_without_any_change(head_client, head):
    with pytest.raises(services.SubmitInvalid) as error:
        services.change_request_submit(change_request=start(head_client), actor=head)
    assert [p.message for p in error.value.problems] == [str(operating.NO_CHANGE)]


def test_it_lets_a_draft_be_saved_but_not_submitted_while_a_request_is_in_progress(head_client, head, school):
    change_and_submit(start(head_client), actor=head, edit=lambda r: setattr(r.head, "name", "Első"))
    second = start(head_client)
    assert second.state == State.DRAFT
    with pytest.raises(services.ChangeRequestError) as error:
        change_and_submit(second, actor=head, edit=lambda r: setattr(r.head, "name", "Második"))
    assert error.value.message == str(operating.IN_PROGRESS)
    second.refresh_from_db()
    assert second.state == State.DRAFT and InstitutionRecord.from_dict(second.payload).head.name == "Második"


def test_it_shows_a_legacy_characteristic_empty_and_blocks_submit(head_client, head, school):
    Task.objects.filter(site__institution=school).update(special_characteristic="regi-jellemzo")
    change_request = start(head_client)
    task = InstitutionRecord.from_dict(change_request.payload).sites[0].tasks[0]
    assert task.special_characteristic == ""
    with pytest.raises(services.SubmitInvalid) as error:
        services.change_request_submit(change_request=change_request, actor=head)
    assert any(p.field == "special_characteristic" for p in error.value.problems)


def test_it_asks_for_street_data_of_a_legacy_free_text_address(head_client, head, school):
    Site.objects.filter(institution=school, number="001").update(address={
        "country": "HU", "postal_code": "9021", "settlement": "Győr", "details": "Kossuth u. 1."})
    change_request = start(head_client)
    problems = services.change_request_validate(change_request=change_request)
    assert [p.message for p in problems if p.field == "address-street_name"] == [str(
        __import__("portal.registry.schema", fromlist=["x"]).LEGACY_ADDRESS)]


def test_second_tab_does_not_silently_overwrite_the_first(head_client, school):
    change_request = start(head_client)
    url = reverse("changes:tab_predecessors", args=[change_request.pk])
    stale = services.revision_of(change_request)
    data = {"action": "add", "om_id": "031111", "revision": stale}
    assert head_client.post(url, data).status_code == 302
    data["om_id"] = "032222"
    response = head_client.post(url, data)
    assert response.status_code == 200
    assert str(operating.DRAFT_CONFLICT) in response.content.decode()
    assert "032222" in response.content.decode()  # what was typed is still there
    before = change_request.payload["predecessors"]
    change_request.refresh_from_db()
    assert change_request.payload["predecessors"] == [*before, "031111"]


def test_it_suspends_and_terminates_sites_only_without_active_relations(head_client, head, school, clerk):
    change_request = start(head_client)
    member, outpost = [s.key for s in InstitutionRecord.from_dict(change_request.payload).sites[1:]]
    Site.objects.filter(institution=school, key=member).update(active_enrolments=12)
    suspend = StatusChange(kind="suspend", effective_from="2025-09-01", school_year="2025/2026")
    with pytest.raises(operating.OperatingError) as error:
        operating.change_request_site_status_set(change_request=change_request, site_key=member, change=suspend,
                                                 actor=head)
    assert "12 tanulói" in error.value.message
    Site.objects.filter(institution=school, key=member).update(active_enrolments=0)
    operating.change_request_site_status_set(change_request=change_request, site_key=member, change=suspend,
                                             actor=head)
    operating.change_request_site_status_set(
        change_request=change_request, site_key=outpost, actor=head,
        change=StatusChange(kind="terminate", effective_from="2025-08-31", reason="beolvadas"))
    change_request.refresh_from_db()
    change_request = services.change_request_submit(change_request=change_request, actor=head)
    approve(change_request, clerk)
    assert Site.objects.get(institution=school, key=member).status == "suspended"
    ended = Site.objects.get(institution=school, key=outpost)
    assert (ended.is_active, ended.status, ended.termination_reason) == (False, "terminated", "beolvadas")
    # the terminated site stays listed, grey and read-only, in the next data change
    page = head_client.get(reverse("changes:tab_sites", args=[start(head_client).pk])).content.decode()
    assert "row--deleted" in page and ended.name in page


def test_it_refuses_to_suspend_the_seat_and_checks_the_dates(head_client, head):
    change_request = start(head_client)
    seat = InstitutionRecord.from_dict(change_request.payload).seat.key
    with pytest.raises(operating.OperatingError):
        operating.change_request_site_status_set(
            change_request=change_request, site_key=seat, actor=head,
            change=StatusChange(kind="suspend", effective_from="2025-09-01", school_year="2025/2026"))
    with pytest.raises(operating.StatusChangeInvalid) as error:
        operating.change_request_site_status_set(
            change_request=change_request, site_key=seat, actor=head,
            change=StatusChange(kind="suspend", effective_from="2025-13-01", school_year="2025/2027"))
    assert {p.field for p in error.value.problems} == {"effective_from", "school_year"}


def test_it_marks_approved_tasks_for_deletion_or_suspension(head_client, head, school, clerk):
    change_request = start(head_client)
    site = InstitutionRecord.from_dict(change_request.payload).sites[0]
    operating.change_request_task_mark(change_request=change_request, site_key=site.key,
                                       task_key=site.tasks[0].key, mark="suspend", actor=head)
    change_request.refresh_from_db()
    change_request = services.change_request_submit(change_request=change_request, actor=head)
    approve(change_request, clerk)
    assert Task.objects.get(key=site.tasks[0].key).status == "suspended"


def test_it_suspends_the_institution_only_without_active_relations(head_client, head, school, clerk):
    url = reverse("changes:institution_end")
    Site.objects.filter(institution=school, number="001").update(active_employments=3)
    form = {"kind": "suspend", "effective_from": "2025-09-01", "school_year": "2025/2026"}
    refused = head_client.post(url, form)
    assert refused.status_code == 422 and "3 alkalmazotti" in refused.content.decode()
    Site.objects.filter(institution=school).update(active_employments=0)
    assert head_client.post(url, form).status_code == 302
    change_request = ChangeRequest.objects.get(kind=Kind.INSTITUTION_SUSPENSION)
    assert change_request.state == State.SUBMITTED
    approve(change_request, clerk)
    school.refresh_from_db()
    assert (school.status, school.status_school_year) == (Institution.Status.SUSPENDED, "2025/2026")


def test_it_refuses_termination_without_a_reason(head_client):
    response = head_client.post(reverse("changes:institution_end"),
                                {"kind": "terminate", "effective_from": "2025-09-01"})
    assert response.status_code == 422
    assert "Kötelezően kitöltendő mező." in response.content.decode()


def test_it_lists_requests_and_allows_storno_only_until_authentication(head_client, head, clerk):
    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    page = head_client.get(reverse("changes:request_list")).content.decode()
    assert "Kérelem sztornózása" in page and "feldolgozás alatt" in page
    services.change_request_authenticate(verification_code=change_request.verification_code, actor=clerk)
    page = head_client.get(reverse("changes:request_list")).content.decode()
    assert "Kérelem sztornózása" not in page
    head_client.post(reverse("changes:cancel", args=[change_request.pk]), {"megerosites": "1"})
    change_request.refresh_from_db()
    assert change_request.state == State.AUTHENTICATED


def test_a_reopened_request_needs_a_new_paper_copy(head_client, head, clerk):
    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    first_code = change_request.verification_code
    services.change_request_reopen(change_request=change_request, actor=clerk, reason="Hiányzik a dátum.")
    page = head_client.get(reverse("changes:request_list")).content.decode()
    assert "Hiányzik a dátum." in page and "Kérelem módosítása" in page
    change_request.refresh_from_db()
    resubmitted = services.change_request_submit(change_request=change_request, actor=head)
    assert resubmitted.verification_code != first_code


def test_the_printable_request_shows_old_and_new(head_client, head):
    from portal.changes.pdf import change_request_pdf_context

    change_request = change_and_submit(start(head_client), actor=head,
                                       edit=lambda r: setattr(r.head, "name", "Új Igazgató"))
    context = change_request_pdf_context(change_request)
    assert [(c.old, c.new) for c in context["changes"]] == [("Szabó Éva", "Új Igazgató")]


def test_approving_a_termination_ends_the_sites_and_deactivates_the_institutions_logins(
    head_client, head, school, clerk,
):
    from portal.core.models import AuditEntry
    from tests.factories.accounts import MasterFactory
    from tests.factories.operating import institution_user, registered_institution

    master = MasterFactory(institution=school)
    other_school = registered_institution(name="Másik Iskola")
    other_head = institution_user(other_school, username="masik")
    approve(operating.change_request_institution_end_submit(
        institution=school, actor=head,
        change=StatusChange(kind="terminate", effective_from="2025-08-31", reason="beolvadas")), clerk)
    school.refresh_from_db()
    assert school.status == Institution.Status.TERMINATED
    sites = Site.objects.filter(institution=school)
    assert sites.count() == 3
    assert {(s.status, s.is_active, s.termination_reason, str(s.status_from)) for s in sites} == {
        ("terminated", False, "beolvadas", "2025-08-31")}
    for user in (head, master):
        user.refresh_from_db()
        assert not user.is_active
    other_head.refresh_from_db()
    assert other_head.is_active and Site.objects.filter(institution=other_school, is_active=True).count() == 3
    entry = AuditEntry.objects.get(action="institution.close")
    assert sorted(entry.data["users_deactivated"]) == sorted([head.pk, master.pk])
    assert entry.data["sites_ended"] == 3
    response = head_client.get(reverse("registry:institution_home"))  # logged out: to the login
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:choose"))


def test_suspending_the_institution_keeps_its_sites_and_logins(head_client, head, school, clerk):
    head_client.post(reverse("changes:institution_end"),
                     {"kind": "suspend", "effective_from": "2025-09-01", "school_year": "2025/2026"})
    approve(ChangeRequest.objects.get(kind=Kind.INSTITUTION_SUSPENSION), clerk)
    head.refresh_from_db()
    assert head.is_active and Site.objects.filter(institution=school, is_active=True).count() == 3
