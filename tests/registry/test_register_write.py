"""Writing a record to the register: a diff of the current rows, a fixed number of statements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.changes import services
from portal.registry.models import Site, Task
from portal.registry.schema import apply_to_register, from_register
from tests.factories.accounts import OfficeUserFactory
from tests.factories.changes import ChangeRequestFactory, complete_record, site
from tests.factories.reference import reference_places
from tests.factories.registry import InstitutionFactory


@pytest.fixture(autouse=True)
def _places(db):
    reference_places()


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "WITH"))]


def _registered(sites: int, tasks: int):
    institution = InstitutionFactory()
    record = complete_record(sites=sites, tasks_per_site=tasks, maintainer_id=institution.maintainer.maintainer_id)
    record.name, record.om_id = institution.name, institution.om_id
    record.normalise()
    apply_to_register(record, institution=institution)
    return institution


def test_a_change_writes_only_the_rows_that_differ(db):
    institution = _registered(sites=10, tasks=5)
    record = from_register(institution)
    ids = {s.key: s for s in Site.objects.filter(institution=institution)}
    record.sites[3].name = "Átnevezett Tagiskola"
    record.sites[4].tasks[2].grade_count = 2
    removed_task = record.sites[5].tasks.pop()
    record.sites.append(site(name="Új Tagiskola", tasks=2))
    removed_site = record.sites.pop(6)

    with CaptureQueriesContext(connection) as queries:
        apply_to_register(record, institution=institution)

    writes = _writes(queries)
    assert not any("CASE WHEN" in sql.upper() for sql in writes)
    # the institution row, one insert of the new site, one update of the changed and removed site,
    # one delete, one update and one insert of tasks
    assert len(writes) == 6, writes
    again = from_register(institution)
    assert [s.name for s in again.sites] == [s.name for s in record.sites]
    assert again.sites[4].tasks[2].grade_count == 2
    assert removed_task.key not in {t.key for s in again.sites for t in s.tasks}
    assert not Site.objects.get(key=removed_site.key).is_active
    kept = Site.objects.get(key=record.sites[3].key)
    assert (kept.pk, kept.number) == (ids[record.sites[3].key].pk, ids[record.sites[3].key].number)
    assert Task.objects.filter(site__institution=institution).count() == 10 * 5 - 5 - 1 + 2


def test_writing_the_same_record_again_changes_no_site_or_task(db):
    institution = _registered(sites=6, tasks=3)
    with CaptureQueriesContext(connection) as queries:
        apply_to_register(from_register(institution), institution=institution)
    assert len(_writes(queries)) == 1  # the institution row (its search columns) only


def _approve_statements(sites: int, tasks: int, clerk) -> list[str]:
    request = services.change_request_submit(change_request=ChangeRequestFactory(sites=sites, tasks_per_site=tasks))
    services.change_request_authenticate(verification_code=request.verification_code, actor=clerk)
    with CaptureQueriesContext(connection) as queries:
        services.change_request_approve(change_request=request, actor=clerk)
    return [q["sql"] for q in queries.captured_queries]


def test_approval_runs_the_same_statements_for_3_sites_50_by_20_and_100_by_20(db):
    from portal.core.services.codelists import codelists_load

    codelists_load()
    clerk = OfficeUserFactory()
    first = _approve_statements(1, 1, clerk)  # also creates the OM ID counter
    one = _approve_statements(1, 1, clerk)
    small, large, huge = (_approve_statements(s, t, clerk) for s, t in [(3, 1), (50, 20), (100, 20)])
    assert len(large) == len(small) == len(huge), (len(small), len(large), len(huge))
    # 1 × 1 has the seat only: no site administered by another new site, one INSERT fewer
    assert len(one) == len(small) - 1 and len(first) >= len(one)
    assert not any("CASE WHEN" in sql.upper() for sql in huge)
