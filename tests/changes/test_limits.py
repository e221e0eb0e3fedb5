"""Hard limits on what one request can make the server do (issue 12, item 2)."""

import re

import pytest
from django.urls import reverse

from portal.changes import forms
from portal.changes.models import ChangeRequest
from tests.factories.changes import ChangeRequestFactory

pytestmark = pytest.mark.django_db


def own(client, change_request):
    session = client.session
    session["change_requests"] = [change_request.pk]
    session.save()
    return change_request


def _management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_a_licence_tab_claiming_a_hundred_million_forms_gets_a_form_error(client):
    change_request = own(client, ChangeRequestFactory())
    before = ChangeRequest.objects.get(pk=change_request.pk).payload
    response = client.post(reverse("changes:tab_licences", args=[change_request.pk]), {
        **_management("licences", 99999999), "licences-0-issuer": "Győr Megyei Jogú Város Jegyzője"})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(forms.TOO_MANY_ROWS % {"num": forms.LICENCES_MAX}) in page
    # no more forms than the cap were built and shown again
    assert len(re.findall(r'name="licences-\d+-issuer"', page)) == forms.LICENCES_MAX
    assert ChangeRequest.objects.get(pk=change_request.pk).payload == before


def test_a_licence_tab_with_more_rows_than_the_maximum_is_refused_on_its_summary(client):
    change_request = own(client, ChangeRequestFactory())
    data = _management("licences", forms.LICENCES_MAX + 1)
    response = client.post(reverse("changes:tab_licences", args=[change_request.pk]), data)
    assert str(forms.TOO_MANY_ROWS % {"num": forms.LICENCES_MAX}) in response.content.decode()


@pytest.mark.parametrize("formset", [forms.LicenceFormSet, forms.SupplementFormSet])
def test_every_formset_builds_at_most_its_maximum(formset):
    prefix = formset().prefix
    kwargs = {"form_kwargs": {"codes": None, "task": None}} if formset is forms.SupplementFormSet else {}
    bound = formset(_management(prefix, 99999999), **kwargs)
    assert bound.total_form_count() == bound.max_num <= 50
    assert bound.absolute_max == bound.max_num and bound.validate_max


def test_too_many_fields_in_one_request_is_refused(client, settings):
    change_request = own(client, ChangeRequestFactory())
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("changes:tab_basic", args=[change_request.pk]), data)
    assert response.status_code == 400


# --- drafts without an account, continuation codes -------------------------------------------

def _start(client, maintainer, pir, address="203.0.113.10"):
    return client.post("/uj-intezmeny/", {"mode": "pir", "pir": pir, "maintainer_id": maintainer.maintainer_id,
                                          "applicant_email": "bejelento@iskola.hu"}, REMOTE_ADDR=address)


PIRS = ["300014", "300025", "300036", "300047", "300058", "300069", "300070", "300081", "300092", "300106",
        "300117"]


def test_drafts_started_without_an_account_are_limited_per_client(client, settings):
    from tests.factories.changes import MaintainerFactory

    settings.DRAFT_START_RATE = "3/h"
    maintainer = MaintainerFactory()
    codes = [_start(client, maintainer, pir).status_code for pir in PIRS[:4]]
    assert codes == [302, 302, 302, 429]
    response = _start(client, maintainer, PIRS[4])
    assert "túl sok új bejelentést kezdtek" in response.content.decode()
    assert 'value="bejelento@iskola.hu"' in response.content.decode()  # what was typed stays
    assert ChangeRequest.objects.count() == 3
    assert _start(client, maintainer, PIRS[5], address="198.51.100.20").status_code == 302


def test_a_new_maintainer_announcement_counts_against_the_same_limit(client, settings):
    settings.DRAFT_START_RATE = "1/h"
    first = client.post("/uj-fenntarto/", {"name": "Első Alapítvány", "save": "1"}, REMOTE_ADDR="203.0.113.10")
    assert first.status_code == 302
    second = client.post("/uj-fenntarto/", {"name": "Második Alapítvány", "save": "1"}, REMOTE_ADDR="203.0.113.10")
    assert second.status_code == 429
    assert "túl sok új bejelentést kezdtek" in second.content.decode()
    assert ChangeRequest.objects.count() == 1


def _code(pir=None):
    from portal.core.models import OutboxMessage

    body = OutboxMessage.objects.filter(template="change_request_continuation").latest("pk").body_text
    return next(line.strip() for line in body.splitlines() if line.strip().isdigit())


def test_re_sending_codes_is_limited_per_client_and_per_draft(client, settings, django_capture_on_commit_callbacks):
    from portal.core.models import OutboxMessage
    from tests.factories.changes import MaintainerFactory

    settings.CONTINUATION_SEND_RATE = "2/h"
    _start(client, MaintainerFactory(), "300014")
    with django_capture_on_commit_callbacks(execute=True):
        codes = [client.post("/uj-intezmeny/folytatas/", {"pir": "300014"}, REMOTE_ADDR=f"192.0.2.{n}").status_code
                 for n in range(3)]
    assert codes == [200, 200, 429]  # the draft's own limit, from three addresses
    assert OutboxMessage.objects.filter(template="change_request_continuation").count() == 2
    # the client's limit: asking for other PIRs (existing or not) from one address
    answers = [client.post("/uj-intezmeny/folytatas/", {"pir": pir}, REMOTE_ADDR="203.0.113.99").status_code
               for pir in PIRS[1:4]]
    assert answers == [200, 200, 429]


def test_a_re_send_does_not_renew_the_guess_budget(client, django_capture_on_commit_callbacks):
    from portal.changes import services
    from tests.factories.changes import MaintainerFactory

    services.change_request_start_new_institution(pir="300014", maintainer_id=MaintainerFactory().maintainer_id,
                                                  applicant_email="bejelento@iskola.hu")
    for _round in range(3):  # three codes, two wrong guesses with each
        with django_capture_on_commit_callbacks(execute=True):
            services.change_request_continuation_send(pir="300014")
        code = _code()
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(2):
            with pytest.raises(services.ChangeRequestError):
                services.change_request_continuation_verify(pir="300014", code=wrong)
    # five wrong guesses in all: the budget is spent, the last code too, and a new code is not sent
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_continuation_send(pir="300014")
    with pytest.raises(services.ChangeRequestError) as error:
        services.change_request_continuation_verify(pir="300014", code=code)
    assert "túl sok hibás kódot írtak be" in error.value.message and "24 óra múlva" in error.value.message
    from portal.core.models import OutboxMessage
    assert OutboxMessage.objects.filter(template="change_request_continuation").count() == 3


def test_the_budget_returns_after_the_lock_and_the_right_code_works_then(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from portal.changes import services
    from tests.factories.changes import MaintainerFactory

    draft = services.change_request_start_new_institution(
        pir="300014", maintainer_id=MaintainerFactory().maintainer_id, applicant_email="bejelento@iskola.hu")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_continuation_send(pir="300014")
    for _ in range(services.CONTINUATION_MAX_ATTEMPTS):
        with pytest.raises(services.ChangeRequestError):
            services.change_request_continuation_verify(pir="300014", code="-")
    ChangeRequest.objects.filter(pk=draft.pk).update(continuation_locked_until=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_continuation_send(pir="300014")
    assert services.change_request_continuation_verify(pir="300014", code=_code()) == draft
