"""Which modules an institution may use, and what a head may grant."""

from types import SimpleNamespace

import pytest

from portal.access import eligibility, selectors, services
from portal.access.models import AccessProfile
from portal.registry.models import Institution
from tests.factories.access import grant, module


@pytest.mark.parametrize("status,eligible", [
    (Institution.Status.ACTIVE, True), (Institution.Status.SUSPENDED, True),
    (Institution.Status.TERMINATED, False), (Institution.Status.PENDING, False)])
def test_it_admits_only_operating_institutions(status, eligible):
    institution = SimpleNamespace(status=status)
    assert (eligibility.rule_any_institution(institution) is None) is eligible


@pytest.mark.parametrize("character,eligible", [
    (None, True), ("koznevelesi-intezmeny", True), ("koznevelesi-intezmeny-egyeb-feladattal", True),
    ("egeszsegugyi-intezmeny", False), (SimpleNamespace(code="gyermekjoleti-intezmeny"), False)])
def test_it_offers_id_cards_only_where_there_are_pupils_or_teachers(character, eligible):
    institution = SimpleNamespace(status=Institution.Status.ACTIVE, character=character)
    reason = eligibility.rule_pupils_or_teachers(institution)
    assert (reason is None) is eligible
    if not eligible:
        assert reason == str(eligibility.NO_PUPILS_OR_TEACHERS)


@pytest.mark.django_db
def test_it_will_not_grant_a_module_the_institution_may_not_use(head, school, teacher):
    school.status = Institution.Status.TERMINATED
    school.save()
    teacher.refresh_from_db()
    with pytest.raises(services.AccessError) as error:
        services.access_user_rights_set(actor=head, user=teacher, may_change_password=True, module_codes={"id_cards"})
    assert error.value.message == str(services.MODULE_INELIGIBLE) % {
        "module": "Oktatási igazolvány adatok", "reason": str(eligibility.NOT_OPERATING)}


@pytest.mark.django_db
def test_it_keeps_earlier_rights_on_a_module_that_became_ineligible(head, school, teacher):
    grant(teacher, "id_cards")
    school.status = Institution.Status.TERMINATED
    school.save()
    teacher.refresh_from_db()
    services.access_user_rights_set(actor=head, user=teacher, may_change_password=True, module_codes=set())
    assert selectors.user_rights(user=teacher) == {"id_cards"}


@pytest.mark.django_db
def test_it_lifts_the_forced_change_when_the_password_right_is_taken(head, teacher):
    teacher.must_change_password = True
    teacher.save()
    services.access_user_rights_set(actor=head, user=teacher, may_change_password=False, module_codes=set())
    teacher.refresh_from_db()
    assert not teacher.must_change_password
    assert not selectors.user_may_change_password(teacher)
    assert AccessProfile.objects.get(user=teacher).may_change_password is False


@pytest.mark.django_db
def test_it_refuses_an_ineligible_module_at_its_url(client, school, teacher):
    from .conftest import login

    grant(teacher, "documents")
    school.status = Institution.Status.TERMINATED
    school.save()
    response = login(client, teacher).get("/mesterjelszo/modulok/dokumentumok/")
    assert response.status_code == 403
    assert str(eligibility.NOT_OPERATING) in response.content.decode()
    assert module("documents").name == "Dokumentumok"


@pytest.mark.django_db
def test_it_gives_the_demo_staff_every_module(client):
    from django.core.management import call_command

    from portal.accounts.models import Kind, User

    call_command("load_demo")
    call_command("load_demo")  # idempotent
    staff = User.objects.get(kind=Kind.INSTITUTION, username="igazgato")
    assert selectors.user_rights(user=staff) == {"institution_data", "id_cards", "documents"}


@pytest.mark.django_db
def test_it_refuses_id_cards_to_a_health_institution_and_shows_it_inactive(client, head, school, teacher):
    from .conftest import login

    school.character = "egeszsegugyi-intezmeny"
    school.save()
    grant(teacher, "institution_data")
    refused = login(client, teacher).get("/mesterjelszo/modulok/oktatasi-igazolvany/")
    assert refused.status_code == 403
    assert str(eligibility.NO_PUPILS_OR_TEACHERS) in refused.content.decode()
    assert login(client, teacher).get("/mesterjelszo/modulok/intezmenyi-adatok/").status_code == 200
    page = login(client, head).get(f"/mesterjelszo/felhasznalo-nezet/{teacher.pk}/").content.decode()
    assert str(eligibility.NO_PUPILS_OR_TEACHERS) in page
    assert 'name="module_id_cards"' in page and "disabled" in page


@pytest.mark.django_db
def test_it_offers_id_cards_to_an_institution_with_tasks_at_a_working_site():
    from tests.factories.registry import registered_institution

    school = registered_institution(sites=2)
    school.status = Institution.Status.ACTIVE
    assert eligibility.rule_pupils_or_teachers(school) is None


@pytest.mark.django_db
def test_it_withholds_id_cards_when_every_site_with_tasks_is_terminated():
    from tests.factories.registry import registered_institution

    school = registered_institution(sites=2)
    school.status = Institution.Status.ACTIVE
    school.sites.update(status="terminated")
    assert eligibility.rule_pupils_or_teachers(school) == str(eligibility.NO_TASKS)
