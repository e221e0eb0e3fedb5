"""Every module URL × every kind of visitor: who is admitted, who is refused and why."""

import pytest
from django.urls import reverse

from portal.access import selectors
from portal.access.modules import HOME_URL_NAMES
from tests.factories.access import grant

from .conftest import login

MODULES = sorted(HOME_URL_NAMES)


def module_url(code, institution=None):
    name = HOME_URL_NAMES[code]
    return reverse(name, kwargs={"om_id": institution.om_id}) if institution else reverse(name)


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", MODULES)
@pytest.mark.parametrize("with_om_id", [True, False])
class TestModuleUrls:
    def test_it_admits_the_granted_user(self, client, code, with_om_id, school, teacher):
        grant(teacher, code)
        response = login(client, teacher).get(module_url(code, school if with_om_id else None))
        assert response.status_code == 200
        assert school.name in _text(response)

    def test_it_refuses_the_master_identity(self, client, code, with_om_id, school, head):
        response = login(client, head).get(module_url(code, school if with_om_id else None))
        assert response.status_code == 403
        assert str(selectors.MASTER_REFUSED) in _text(response)

    def test_it_refuses_an_ungranted_user(self, client, code, with_om_id, school, teacher, secretary):
        grant(teacher, *MODULES)
        response = login(client, secretary).get(module_url(code, school if with_om_id else None))
        assert response.status_code == 403
        module = selectors.module_get(code=code)
        assert str(selectors.NO_RIGHT) % {"module": module.name} in _text(response)

    def test_it_admits_the_district_of_the_institution(self, client, code, with_om_id, school, district_clerk):
        response = login(client, district_clerk, acting=school).get(
            module_url(code, school if with_om_id else None))
        assert response.status_code == 200
        assert school.name in _text(response)

    def test_it_refuses_the_district_of_another_region(self, client, code, with_om_id, school, other_district_clerk):
        # Even with the session forged to act for this school.
        response = login(client, other_district_clerk, acting=school).get(
            module_url(code, school if with_om_id else None))
        assert response.status_code == 403
        assert str(selectors.NOT_DISTRICT_INSTITUTION) in _text(response)

    def test_it_sends_an_anonymous_visitor_to_the_login(self, client, code, with_om_id, school):
        response = client.get(module_url(code, school if with_om_id else None))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:choose"))

    def test_it_refuses_an_office_clerk(self, client, code, with_om_id, school, clerk):
        response = login(client, clerk).get(module_url(code, school if with_om_id else None))
        assert response.status_code == 403
        assert str(selectors.NOT_A_MODULE_USER) in _text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("code", MODULES)
def test_it_refuses_another_institutions_user_even_with_every_right(client, code, school, outsider):
    grant(outsider, *MODULES)
    response = login(client, outsider).get(module_url(code, school))
    assert response.status_code == 403
    assert str(selectors.OTHER_INSTITUTION) in _text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("code", MODULES)
def test_it_refuses_the_district_at_another_districts_school(client, code, school, other_district_clerk):
    from tests.factories.registry import InstitutionFactory

    own_school = InstitutionFactory(maintainer=other_district_clerk.maintainer)
    response = login(client, other_district_clerk, acting=own_school).get(module_url(code, school))
    assert response.status_code == 403
    assert str(selectors.NOT_DISTRICT_INSTITUTION) in _text(response)
