"""The office closes periodic modules and sends the master-password link."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.access import selectors, services
from portal.core.mail import outbox_deliver_due
from portal.core.models import AuditEntry
from tests.factories.access import grant, module
from tests.factories.registry import InstitutionFactory

from .conftest import login, login_office

REASON = "Az őszi adatszolgáltatási időszak véget ért."


@pytest.mark.django_db
class TestClosingAModule:
    def test_it_closes_a_periodic_module_for_everyone_with_the_reason(self, client, clerk, teacher, school, district_clerk):
        grant(teacher, "id_cards")
        response = login_office(client, clerk).post(
            reverse("access:office_module_close", kwargs={"code": "id_cards"}), {"action": "close", "reason": REASON})
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action="access.module_close").exists()
        for user, acting in [(teacher, None), (district_clerk, school)]:
            refused = login(client, user, acting=acting).get(reverse("access:id_cards_home"))
            assert refused.status_code == 403
            assert f"Központ lezárta: {REASON}" in refused.content.decode()

    def test_it_opens_it_again(self, client, clerk, teacher):
        grant(teacher, "id_cards")
        services.module_close(actor=clerk, module=module("id_cards"), reason=REASON)
        login_office(client, clerk).post(reverse("access:office_module_close", kwargs={"code": "id_cards"}),
                                         {"action": "open"})
        assert login(client, teacher).get(reverse("access:id_cards_home")).status_code == 200

    def test_it_asks_for_the_reason(self, client, clerk):
        response = login_office(client, clerk).post(
            reverse("access:office_module_close", kwargs={"code": "id_cards"}), {"action": "close", "reason": " "})
        assert str(services.CLOSE_REASON_REQUIRED) in response.content.decode()
        assert not module("id_cards").closed_by_centre

    def test_it_closes_only_periodic_modules(self, client, clerk):
        response = login_office(client, clerk).post(
            reverse("access:office_module_close", kwargs={"code": "institution_data"}),
            {"action": "close", "reason": REASON})
        assert str(services.MODULE_NOT_PERIODIC) in response.content.decode()

    def test_it_lists_the_modules_for_the_clerk(self, client, clerk):
        text = login_office(client, clerk).get(reverse("access:office_modules")).content.decode()
        assert "Oktatási igazolvány adatok lezárása" in text

    @pytest.mark.parametrize("who", ["head", "teacher"])
    def test_it_refuses_everyone_but_the_office(self, client, who, request):
        user = request.getfixturevalue(who)
        assert login(client, user).get(reverse("access:office_modules")).status_code == 403

    def test_it_sends_an_unverified_clerk_to_the_second_factor(self, client, clerk):
        assert login(client, clerk).get(reverse("access:office_modules")).status_code == 302


@pytest.mark.django_db
class TestMasterPasswordLink:
    def test_it_mails_a_single_use_link_to_the_heads_address_and_no_password(
            self, client, clerk, head, school, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = login_office(client, clerk).post(reverse("access:office_master_link"), {"om_id": school.om_id})
        assert response.status_code == 302
        outbox_deliver_due()
        [message] = mail.outbox
        assert message.to == [school.head_email]
        assert "/belepes/jelszo-beallitasa/" in message.body
        assert "jelszava:" not in message.body.lower()
        assert AuditEntry.objects.filter(action="access.master_link_send").exists()

    def test_it_creates_the_master_identity_when_there_is_none(self, client, clerk, django_user_model):
        school = InstitutionFactory()
        login_office(client, clerk).post(reverse("access:office_master_link"), {"om_id": school.om_id})
        master = django_user_model.objects.get(login_key=f"master:{school.om_id}")
        assert master.institution == school and not master.has_usable_password()

    def test_it_explains_a_missing_head_address(self, client, clerk):
        school = InstitutionFactory(head_email="")
        response = login_office(client, clerk).post(reverse("access:office_master_link"), {"om_id": school.om_id})
        assert str(services.NO_HEAD_EMAIL) in response.content.decode()

    def test_it_explains_an_unknown_om_id(self, client, clerk):
        response = login_office(client, clerk).post(reverse("access:office_master_link"), {"om_id": "999999"})
        assert str(services.INSTITUTION_NOT_FOUND) in response.content.decode()


@pytest.mark.django_db
class TestHeadEmail:
    def test_it_changes_the_heads_address_at_once_with_an_audit_entry(
            self, client, head, school, django_capture_on_commit_callbacks):
        old = school.head_email
        with django_capture_on_commit_callbacks(execute=True):
            response = login(client, head).post(reverse("access:head_email"), {"email": "uj.igazgato@iskola.example"})
        assert response.status_code == 302
        school.refresh_from_db()
        assert school.head_email == "uj.igazgato@iskola.example"
        entry = AuditEntry.objects.get(action="institution.head_email_change")
        assert entry.data == {"old": old, "new": "uj.igazgato@iskola.example", "version": 1}
        version = school.versions.get()
        assert version.data["head"]["email"] == "uj.igazgato@iskola.example"
        assert version.recorded_by == head and version.change_request is None
        outbox_deliver_due()
        assert sorted(m.to[0] for m in mail.outbox) == sorted([old, "uj.igazgato@iskola.example"])

    def test_it_numbers_the_versions_on(self, head, school):
        services.institution_head_email_change(actor=head, institution=school, email="a@iskola.example")
        services.institution_head_email_change(actor=head, institution=school, email="b@iskola.example")
        assert list(school.versions.values_list("number", flat=True)) == [2, 1]

    @pytest.mark.parametrize("email,message", [
        ("nem-cim", services.HEAD_EMAIL_INVALID), ("", services.HEAD_EMAIL_REQUIRED)])
    def test_it_explains_a_bad_address(self, client, head, email, message):
        response = login(client, head).post(reverse("access:head_email"), {"email": email})
        assert response.status_code == 200
        assert str(message) in response.content.decode()

    def test_it_refuses_a_staff_member(self, client, teacher):
        assert login(client, teacher).get(reverse("access:head_email")).status_code == 403


@pytest.mark.django_db
def test_it_lists_a_users_modules_with_the_reasons(client, teacher):
    grant(teacher, "documents")
    response = login(client, teacher).get(reverse("access:my_modules"))
    text = response.content.decode()
    assert 'href="/mesterjelszo/modulok/dokumentumok/' in text
    assert str(selectors.NO_RIGHT) % {"module": "Oktatási igazolvány adatok"} in text
    assert [entry.module.code for entry in selectors.user_modules(teacher)] == ["documents"]
