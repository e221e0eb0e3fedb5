"""The head's access manager: users, the user view and the project view."""

import pytest
from django.urls import reverse

from portal.access import decorators, services
from portal.access.models import AccessProfile, ModulePermission
from portal.access.views import LAST_HOLDER_WARNING
from portal.accounts.models import login_key_for
from portal.core.models import AuditEntry
from tests.factories.access import grant, module

from .conftest import login

GOOD_PASSWORD = "Hófehérke7törpe"


def create(client, **fields):
    data = {"username": "konyvtaros", "full_name": "Kiss Anna", "password": GOOD_PASSWORD,
            "password_again": GOOD_PASSWORD, "may_change_password": "1", **fields}
    return client.post(reverse("access:user_create"), data)


@pytest.mark.django_db
class TestManagerHome:
    def test_it_shows_the_head_the_users_and_who_may_use_each_module(self, client, head, teacher):
        grant(teacher, "institution_data")
        response = login(client, head).get(reverse("access:manager"))
        text = response.content.decode()
        assert response.status_code == 200
        assert "Mesterjelszó-kezelő" in text and "tanar" in text
        assert "Intézményi adatok aktualizálása" in text and "Oktatási igazolvány adatok" in text

    def test_it_refuses_a_staff_member(self, client, teacher):
        response = login(client, teacher).get(reverse("access:manager"))
        assert response.status_code == 403
        assert str(decorators.MASTER_ONLY) in response.content.decode()

    def test_it_sends_an_anonymous_visitor_to_the_login(self, client):
        assert client.get(reverse("access:manager")).status_code == 302


@pytest.mark.django_db
class TestNewUser:
    def test_it_creates_a_user_who_logs_in_with_the_om_id(self, client, head, school):
        response = create(login(client, head))
        user = school.users.get(username="konyvtaros")
        assert response.status_code == 302
        assert response["Location"] == reverse("access:user_rights", kwargs={"pk": user.pk})
        key = login_key_for(kind="institution", scope=school.om_id, username="konyvtaros")
        assert user.login_key == key and user.check_password(GOOD_PASSWORD)
        assert user.must_change_password  # holds "Jelszóváltoztatás joga"
        assert AccessProfile.objects.get(user=user).created_by == head
        assert AuditEntry.objects.filter(action="access.user_create", object_id=str(user.pk)).exists()

    def test_it_does_not_force_a_change_on_a_user_without_the_password_right(self, client, head, school):
        create(login(client, head), may_change_password="0")
        user = school.users.get(username="konyvtaros")
        assert not user.must_change_password
        assert not AccessProfile.objects.get(user=user).may_change_password

    def test_it_refuses_a_duplicate_username_in_the_institution(self, client, head, teacher):
        response = create(login(client, head), username="TANAR", full_name="Nagy Béla")
        text = response.content.decode()
        assert response.status_code == 200
        assert str(services.USERNAME_TAKEN) in text
        assert 'value="TANAR"' in text and 'value="Nagy Béla"' in text  # nothing typed is lost

    def test_it_allows_the_same_username_in_another_institution(self, client, head, outsider):
        outsider.username = "konyvtaros"
        outsider.save()
        assert create(login(client, head)).status_code == 302

    @pytest.mark.parametrize("password", ["abc12", "csakbetuk", "12345678"])
    def test_it_refuses_a_weak_password(self, client, head, school, password):
        response = create(login(client, head), password=password, password_again=password)
        assert response.status_code == 200
        assert "field-error" in response.content.decode()
        assert not school.users.filter(username="konyvtaros").exists()

    def test_it_refuses_a_password_that_contains_the_username(self, client, head, school):
        response = create(login(client, head), password="konyvtaros1", password_again="konyvtaros1")
        assert response.status_code == 200
        assert not school.users.filter(username="konyvtaros").exists()

    def test_it_asks_for_the_same_password_twice(self, client, head, school):
        response = create(login(client, head), password_again="Hófehérke8törpe")
        assert str(response.context["form"].PASSWORDS_DIFFER) in response.content.decode()

    @pytest.mark.parametrize("username,message", [("", services.USERNAME_REQUIRED), ("a b", services.USERNAME_INVALID)])
    def test_it_explains_a_bad_username(self, client, head, username, message):
        response = create(login(client, head), username=username)
        assert str(message) in response.content.decode()


@pytest.mark.django_db
class TestUserView:
    def test_it_grants_the_chosen_modules_and_the_password_right(self, client, head, teacher):
        url = reverse("access:user_rights", kwargs={"pk": teacher.pk})
        response = login(client, head).post(url, {
            "may_change_password": "0", "module_institution_data": "1",
            "module_id_cards": "0", "module_documents": "1",
        })
        assert response.status_code == 302
        assert set(ModulePermission.objects.filter(user=teacher).values_list("module__code", flat=True)) == {
            "institution_data", "documents"}
        assert not AccessProfile.objects.get(user=teacher).may_change_password

    def test_it_revokes_a_right(self, client, head, teacher, secretary):
        grant(teacher, "institution_data", "documents")
        grant(secretary, "documents")
        login(client, head).post(reverse("access:user_rights", kwargs={"pk": teacher.pk}), {
            "may_change_password": "1", "module_institution_data": "1",
            "module_id_cards": "0", "module_documents": "0",
        })
        assert set(ModulePermission.objects.filter(user=teacher).values_list("module__code", flat=True)) == {
            "institution_data"}

    def test_it_warns_when_the_last_holder_of_a_module_loses_it(self, client, head, teacher):
        grant(teacher, "institution_data")
        response = login(client, head).post(reverse("access:user_rights", kwargs={"pk": teacher.pk}), {
            "may_change_password": "1", "module_institution_data": "0",
            "module_id_cards": "0", "module_documents": "0",
        }, follow=True)
        warning = LAST_HOLDER_WARNING % {"module": "Intézményi adatok aktualizálása"}
        assert warning in response.content.decode()
        assert not ModulePermission.objects.filter(user=teacher).exists()

    def test_it_shows_radio_buttons_jogosult_and_nem_jogosult(self, client, head, teacher):
        text = login(client, head).get(reverse("access:user_rights", kwargs={"pk": teacher.pk})).content.decode()
        assert "Jelszóváltoztatás joga" in text
        assert text.count(">Jogosult</label>") == 4 and text.count(">Nem jogosult</label>") == 4

    def test_it_hides_another_institutions_user_from_the_head(self, client, head, outsider):
        url = reverse("access:user_rights", kwargs={"pk": outsider.pk})
        assert login(client, head).get(url).status_code == 404


@pytest.mark.django_db
class TestProjectView:
    def test_it_sets_which_users_may_use_a_module(self, client, head, teacher, secretary):
        grant(teacher, "documents")
        url = reverse("access:module_users", kwargs={"code": "documents"})
        response = login(client, head).post(url, {f"user_{teacher.pk}": "0", f"user_{secretary.pk}": "1"})
        assert response.status_code == 302
        assert list(ModulePermission.objects.filter(module__code="documents").values_list("user", flat=True)) == [
            secretary.pk]

    def test_it_does_not_touch_other_institutions_users(self, client, head, teacher, outsider):
        grant(outsider, "documents")
        url = reverse("access:module_users", kwargs={"code": "documents"})
        login(client, head).post(url, {f"user_{teacher.pk}": "1", f"user_{outsider.pk}": "0"})
        assert ModulePermission.objects.filter(user=outsider, module__code="documents").exists()

    def test_it_shows_a_closed_module_with_the_centres_reason(self, client, head, clerk, teacher):
        services.module_close(actor=clerk, module=module("id_cards"), reason="Az adatszolgáltatás lezárult.")
        text = login(client, head).get(reverse("access:project_view")).content.decode()
        assert "Központ lezárta" in text and "Az adatszolgáltatás lezárult." in text

    def test_it_shows_an_ineligible_module_inactive_with_the_reason(self, client, head, school, teacher):
        school.status = school.Status.TERMINATED
        school.save()
        response = login(client, head).get(reverse("access:module_users", kwargs={"code": "id_cards"}))
        text = response.content.decode()
        assert "nem elérhető" in text and 'name="user_' not in text
        response = client.post(reverse("access:module_users", kwargs={"code": "id_cards"}), {f"user_{teacher.pk}": "1"})
        assert response.status_code == 200
        assert not ModulePermission.objects.filter(user=teacher).exists()

    def test_it_answers_an_unknown_module_with_404(self, client, head):
        assert login(client, head).get(reverse("access:module_users", kwargs={"code": "nincs"})).status_code == 404


@pytest.mark.django_db
class TestPasswords:
    def test_it_lets_the_head_set_a_new_password_to_be_changed_at_login(self, client, head, teacher):
        url = reverse("access:user_password", kwargs={"pk": teacher.pk})
        response = login(client, head).post(url, {"password": "Új7jelszó", "password_again": "Új7jelszó"})
        assert response.status_code == 302
        teacher.refresh_from_db()
        assert teacher.check_password("Új7jelszó") and teacher.must_change_password

    def test_it_explains_a_weak_new_password(self, client, head, teacher):
        url = reverse("access:user_password", kwargs={"pk": teacher.pk})
        response = login(client, head).post(url, {"password": "rovid1", "password_again": "rovid1"})
        assert response.status_code == 200 and "field-error" in response.content.decode()

    def test_it_keeps_a_user_without_the_password_right_from_changing_it(self, client, head, teacher):
        from portal.access.decorators import NO_PASSWORD_RIGHT

        services.access_user_rights_set(actor=head, user=teacher, may_change_password=False, module_codes=set())
        response = login(client, teacher).get(reverse("accounts:password_change"))
        assert response.status_code == 403
        assert str(NO_PASSWORD_RIGHT) in response.content.decode()

    def test_it_lets_a_user_with_the_right_change_it(self, client, teacher):
        assert login(client, teacher).get(reverse("accounts:password_change")).status_code == 200
