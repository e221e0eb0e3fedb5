import pytest
from django.core.management import call_command

from portal.registry.models import Site

pytestmark = pytest.mark.django_db


def test_it_imports_relation_counts_and_reports_bad_rows(school, tmp_path, capsys):
    path = tmp_path / "jogviszonyok.csv"
    path.write_text(f"om_id;site_number;enrolments;employments\n{school.om_id};2;120;14\n{school.om_id};9;1;1\n"
                    f"{school.om_id};1;sok;2\n", encoding="utf-8")
    call_command("import_relation_counts", str(path))
    site = Site.objects.get(institution=school, number="002")
    assert (site.active_enrolments, site.active_employments) == (120, 14)
    assert "1 feladatellátási hely frissítve, 2 hibás sor." in capsys.readouterr().out


def test_a_site_reclassified_as_independent_needs_its_administration_data(head_client, head, school):
    from portal.changes import services
    from portal.changes.operating import change_request_start_institution_change
    from portal.registry.schema import OWN_ADMINISTRATION, InstitutionRecord

    change_request = change_request_start_institution_change(institution=school, actor=head)
    record = InstitutionRecord.from_dict(change_request.payload)
    outpost = next(s for s in record.sites if s.kind == "none")
    outpost.kind = OWN_ADMINISTRATION
    services.change_request_draft_save(change_request=change_request, record=record, actor=head)
    with pytest.raises(services.SubmitInvalid) as error:
        services.change_request_submit(change_request=change_request, actor=head)
    assert {p.field for p in error.value.problems if p.site == outpost.key} >= {
        "admin_administration_type", "admin_head_name", "admin_head_email"}
