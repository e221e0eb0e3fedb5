"""The notary's registration table: template, dry run with reasons, all-or-nothing commit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from portal.accounts.models import Kind
from portal.training.intake import rows as r
from portal.training.intake import table as t
from portal.training.models import Intake, Learner
from portal.training.services.enrolment import intake_dry_run
from tests.factories.training import (
    MunicipalityFactory,
    email_user,
    learner,
    notary,
    training_office_user,
)

HEADERS = t.BASE_HEADERS + t.SUBSYSTEM_HEADERS


def xlsx(rows, headers=HEADERS, name="tabla.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def person(name, email, municipality, *marks, position="pénzügyi ügyintéző"):
    cells = ["x" if h in marks else "" for h in t.SUBSYSTEM_HEADERS]
    return [name, email, position, municipality, *cells]


@pytest.fixture
def office(subsystems):
    seat = MunicipalityFactory(name="Orfű")
    MunicipalityFactory(name="Abaliget", notary_office=seat.notary_office)
    MunicipalityFactory(name="Pécs")
    return seat.notary_office


@pytest.fixture
def jegyzo(office):
    return notary(office=office)


def rows_by_number(intake):
    return {row["row"]: row for row in intake.summary["rows"]}


def test_it_offers_a_template_with_hungarian_headers(client, jegyzo):
    client.force_login(jegyzo.user)
    response = client.get(reverse("training:intake_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert "Saját e-mail cím" in HEADERS and "települési portál" in HEADERS


def test_it_refuses_the_template_to_a_learner(client, office):
    anna = learner(municipality=None)
    client.force_login(anna.user)
    assert client.get(reverse("training:intake_template")).status_code == 403


def test_it_shows_per_row_what_would_happen_with_hungarian_reasons(jegyzo):
    learner(email="regi.kata@example.hu", name="Régi Kata", municipality=jegyzo.notary_office.municipalities.get(name="Abaliget"))
    upload = xlsx([
        person("Új Ádám", "Uj.Adam@Example.hu ", "Orfű", "gazdálkodás", "adó"),
        person("Régi Kata", "regi.kata@example.hu", "Abaliget", "adó"),
        person("Rossz Cím", "nem-email", "Orfű", "adó"),
        person("Kettő Egy", "ketto@example.hu", "Orfű", "adó"),
        person("Kettő Kettő", "ketto@example.hu", "Orfű", "adó"),
        person("Ismétlő", "ismetlo@example.hu", "Orfű", "adó"),
        person("Ismétlő", "ismetlo@example.hu", "Orfű", "adó"),
        person("Jegyző Úr", "jegyzo@orfu.hu", "Orfű", "keret"),
        person("Idegen", "idegen@example.hu", "Pécs", "adó"),
        person("Sehol", "sehol@example.hu", "Nincsilyenfalva", "adó"),
        person("Semmi", "semmi@example.hu", "Orfű"),
        ["", "", "", "", *[""] * 8],
        person("Utolsó", "utolso@example.hu", "Orfű", "keret"),
    ])
    intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
    rows = rows_by_number(intake)
    assert intake.status == Intake.Status.REJECTED
    assert rows[2]["outcome"] == r.NEW and rows[2]["email"] == "uj.adam@example.hu"
    assert rows[2]["subsystems"] == ["gazdalkodas", "ado"]
    assert rows[3]["outcome"] == r.EXISTING and str(r.EXISTING_ACCOUNT) in rows[3]["messages"]
    assert rows[4]["messages"] == [str(r.EMAIL_INVALID % {"email": "nem-email"})]
    assert rows[5]["outcome"] == rows[6]["outcome"] == r.ERROR
    assert str(r.EMAIL_TWO_NAMES % {"other": "Kettő Egy", "row": 5}) in rows[6]["messages"]
    assert rows[8]["messages"] == [str(r.EMAIL_DUPLICATE % {"first": 7})]
    assert rows[9]["confirm"] and rows[9]["outcome"] == r.NEW
    assert rows[10]["messages"] == [str(r.MUNICIPALITY_OUTSIDE % {"name": "Pécs", "office": jegyzo.notary_office.name})]
    assert rows[11]["messages"] == [str(r.MUNICIPALITY_UNKNOWN % {"name": "Nincsilyenfalva"})]
    assert rows[12]["messages"] == [str(r.NO_SUBSYSTEM)]
    assert rows[13]["outcome"] == r.SKIPPED
    assert rows[14]["outcome"] == r.NEW
    assert Learner.objects.count() == 1  # nothing registered by a dry run


@pytest.mark.parametrize(("content", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, t.PASSWORD_PROTECTED),
    (b"PK\x03\x04 broken zip", t.BROKEN),
])
def test_it_explains_a_file_it_cannot_read(jegyzo, content, message):
    intake = intake_dry_run(actor=jegyzo.user, upload=SimpleUploadedFile("t.xlsx", content), year=2025)
    assert intake.status == Intake.Status.REJECTED
    assert intake.summary["file_error"] == str(message)


def test_it_names_the_missing_headers(jegyzo):
    upload = xlsx([], headers=["Név", "E-mail", "Önkormányzat"])
    intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
    assert intake.summary["file_error"].startswith("Hiányzó oszlop(ok) a fejlécben: Munkakör, gazdálkodás")


def test_it_names_an_unknown_subsystem_column(jegyzo):
    upload = xlsx([], headers=HEADERS + ["költségvetés"])
    intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
    assert intake.summary["file_error"] == str(t.UNKNOWN_HEADERS % {"headers": "költségvetés"})


def test_it_accepts_a_semicolon_csv_in_windows_1250(jegyzo):
    lines = [";".join(HEADERS), ";".join(person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó"))]
    upload = SimpleUploadedFile("t.csv", "\r\n".join(lines).encode("cp1250"))
    intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
    assert intake.status == Intake.Status.CHECKED
    assert intake.summary["rows"][0]["name"] == "Új Ádám"


def test_it_normalises_e_mail_addresses():
    assert r.email_normalise(" ＫＩＳＳ.Anna@Example.HU ") == "kiss.anna@example.hu"
    assert r.email_looks_shared("polgarmester@abaliget.hu")
    assert r.email_looks_shared("Jegyző@abaliget.hu")
    assert not r.email_looks_shared("kiss.anna@abaliget.hu")


def test_it_refuses_another_offices_intake(client, jegyzo, office):
    intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Á", "a@example.hu", "Orfű", "adó")]), year=2025)
    other = notary(email="masik.jegyzo@example.hu")
    client.force_login(other.user)
    assert client.get(reverse("training:intake_detail", args=[intake.pk])).status_code == 403
    client.force_login(jegyzo.user)
    assert client.get(reverse("training:intake_detail", args=[intake.pk])).status_code == 200
    report = client.get(reverse("training:intake_report", args=[intake.pk]))
    assert load_workbook(io.BytesIO(report.content)).active["E2"].value == "új fiók"


def test_it_lets_the_training_office_upload_for_a_notary(client, office):
    staff = training_office_user()
    client.force_login(staff)
    response = client.post(reverse("training:intake_upload"), {
        "table": xlsx([person("Új Ádám", "uj.adam@example.hu", "Abaliget", "adó")]),
        "year": 2025, "notary_office": office.pk,
    })
    intake = Intake.objects.get()
    assert response.status_code == 302 and intake.notary_office == office


def test_it_keeps_the_form_and_says_why_when_no_file_is_chosen(client, jegyzo):
    client.force_login(jegyzo.user)
    response = client.post(reverse("training:intake_upload"), {"year": 2025})
    assert response.status_code == 200
    assert "Válassza ki a feltöltendő fájlt." in response.content.decode()


class TestCommit:
    """Needs the accounts services (credential links); merged from the accounts branch."""

    @pytest.fixture(autouse=True)
    def _accounts(self):
        pytest.importorskip("portal.accounts.services")

    def test_it_registers_everyone_and_the_worker_mails_each_a_link(self, client, jegyzo, django_capture_on_commit_callbacks):
        from portal.core.models import OutboxMessage
        from portal.training.models import Invitation
        from portal.training.services.enrolment import training_invitations_send_due

        upload = xlsx([person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó", "keret"),
                       person("Új Éva", "uj.eva@example.hu", "Abaliget", "adó")])
        intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
        client.force_login(jegyzo.user)
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("training:intake_detail", args=[intake.pk]), {})
        assert response.status_code == 302, response.content.decode()[-3000:]
        written = {"created_at__gte": before, "created_at__lte": timezone.now()}
        assert Learner.objects.filter(**written).count() == 2 == Invitation.objects.filter(**written).count()
        assert Intake.objects.get(pk=intake.pk).enrolments.filter(**written).count() == 3
        adam = Learner.objects.get(user__email="uj.adam@example.hu")
        assert adam.user.kind == Kind.LEARNER and not adam.user.has_usable_password()
        assert sorted(adam.enrolments.values_list("subsystem__code", flat=True)) == ["ado", "keret"]
        assert adam.enrolments.first().training_plan.year == 2025
        # The request only queues the invitations; the notary sees them waiting.
        assert not OutboxMessage.objects.exists()
        assert Invitation.objects.filter(state=Invitation.State.PENDING, intake=intake).count() == 2
        page = client.get(reverse("training:notary_home")).content.decode()
        assert page.count('data-state="pending"') == 2 and "küldésre vár" in page
        detail = client.get(reverse("training:intake_detail", args=[intake.pk])).content.decode()
        assert 'data-invitations-pending="2"' in detail

        with django_capture_on_commit_callbacks(execute=True):
            assert training_invitations_send_due() == 2
        assert training_invitations_send_due() == 0  # each invitation goes once
        mails = OutboxMessage.objects.filter(to="uj.adam@example.hu")
        assert mails.count() == 1 and "uj.adam@example.hu" in mails.get().body_text
        # The invitation names the subsystems whose courses the person was enrolled for.
        names = dict(adam.enrolments.values_list("subsystem__code", "subsystem__name"))
        body = mails.get().body_text
        assert "Az alábbi szakrendszerek tananyagaihoz kapott hozzáférést:" in body
        assert f"- {names['ado']}\n" in body and f"- {names['keret']}\n" in body
        assert f"<li>{names['keret']}</li>" in mails.get().body_html
        assert f"- {names['keret']}" not in OutboxMessage.objects.get(to="uj.eva@example.hu").body_text
        adam.refresh_from_db()
        assert adam.invited_at is not None and adam.invitations_sent == 1
        page = client.get(reverse("training:notary_home")).content.decode()
        assert page.count('data-state="sent"') == 2

    def test_it_sends_invitations_in_batches_and_skips_withdrawn_learners(self, jegyzo, django_capture_on_commit_callbacks):
        from portal.core.models import OutboxMessage
        from portal.training.models import Invitation
        from portal.training.services.enrolment import (
            intake_commit,
            learner_withdraw,
            training_invitations_send_due,
        )

        upload = xlsx([person(f"Új {n}", f"uj.{n}@example.hu", "Orfű", "adó") for n in range(5)])
        intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
        intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        gone = Learner.objects.get(user__email="uj.4@example.hu")
        learner_withdraw(learner_id=gone.pk, actor=jegyzo.user)
        with django_capture_on_commit_callbacks(execute=True):
            assert training_invitations_send_due(limit=3) == 3
            assert training_invitations_send_due(limit=3) == 1
        assert OutboxMessage.objects.count() == 4
        assert not OutboxMessage.objects.filter(to="uj.4@example.hu").exists()
        assert Invitation.objects.get(learner=gone).state == Invitation.State.CANCELLED

    def test_a_resend_before_the_worker_sends_at_once_and_only_once(self, jegyzo, django_capture_on_commit_callbacks):
        from portal.core.models import OutboxMessage
        from portal.training.models import Invitation
        from portal.training.services.enrolment import (
            intake_commit,
            invitation_resend,
            training_invitations_send_due,
        )

        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó")]), year=2025)
        intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        adam = Learner.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            invitation_resend(learner_id=adam.pk, actor=jegyzo.user)
            assert training_invitations_send_due() == 0
        assert OutboxMessage.objects.filter(to="uj.adam@example.hu").count() == 1
        assert sorted(Invitation.objects.values_list("state", flat=True)) == ["cancelled", "sent"]

    @pytest.mark.django_db(transaction=True)
    def test_the_outbox_worker_sends_the_queued_invitations(self, subsystems, mailoutbox):
        from django.core.management import call_command

        from portal.training.services.enrolment import intake_commit

        jegyzo = notary(office=MunicipalityFactory(name="Orfű").notary_office)
        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó")]), year=2025)
        intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        call_command("outbox_worker", "--once", stdout=io.StringIO())
        assert [m.to for m in mailoutbox] == [["uj.adam@example.hu"]]

    @pytest.mark.django_db(transaction=True)
    def test_it_imports_nothing_when_the_commit_fails_midway(self, subsystems):
        """A database failure while the last rows (the invitations) are written rolls back the
        accounts, learners, enrolments and plans written before it: all or nothing."""
        from django.db import connection

        from portal.accounts.models import User
        from portal.training.models import Enrolment, Invitation, TrainingPlan
        from portal.training.services.enrolment import intake_commit

        if connection.vendor != "sqlite":
            pytest.skip("the failure is injected with a SQLite trigger")
        seat = MunicipalityFactory(name="Orfű")
        jegyzo = notary(office=seat.notary_office)
        rows = [person(f"Új {n}", f"uj.{n}@example.hu", "Orfű", "adó", "keret") for n in range(50)]
        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx(rows), year=2025)
        users_before = User.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TRIGGER fail_invitation BEFORE INSERT ON training_invitation "
                           "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        try:
            with pytest.raises(Exception, match="disk full"):
                intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER fail_invitation")
        assert User.objects.count() == users_before
        assert not Learner.objects.exists() and not Enrolment.objects.exists()
        assert not TrainingPlan.objects.exists() and not Invitation.objects.exists()
        intake.refresh_from_db()
        assert intake.status == Intake.Status.CHECKED  # may be committed again
        intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        assert Learner.objects.count() == 50 and Enrolment.objects.count() == 100

    def test_it_commits_nothing_when_state_changed_into_an_error(self, jegyzo):
        from portal.training.services.enrolment import HAS_ERRORS, IntakeError, intake_commit

        upload = xlsx([person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó"),
                       person("Más Szerep", "mas@example.hu", "Orfű", "adó")])
        intake = intake_dry_run(actor=jegyzo.user, upload=upload, year=2025)
        email_user(kind=Kind.NOTARY, email="mas@example.hu")
        with pytest.raises(IntakeError) as refused:
            intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        assert refused.value.message == str(HAS_ERRORS)
        assert not Learner.objects.exists()

    def test_it_wants_confirmation_for_a_shared_looking_address(self, jegyzo):
        from portal.training.services.enrolment import CONFIRM_SHARED, IntakeError, intake_commit

        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Jegyző", "jegyzo@orfu.hu", "Orfű", "adó")]), year=2025)
        with pytest.raises(IntakeError) as refused:
            intake_commit(intake_id=intake.pk, actor=jegyzo.user)
        assert refused.value.message == str(CONFIRM_SHARED)
        intake_commit(intake_id=intake.pk, actor=jegyzo.user, confirm_shared=True)
        assert Learner.objects.filter(user__email="jegyzo@orfu.hu").exists()


class TestBigTablesInTheWorker:
    """Tables over the limits are checked and committed by the worker; the page shows progress."""

    @pytest.fixture(autouse=True)
    def _small_limits(self, settings):
        settings.TRAINING_INTAKE_SYNC_BYTES = 0  # every upload goes to the worker
        settings.TRAINING_INTAKE_SYNC_ROWS = 1  # a table of two rows or more is committed there

    def test_it_checks_and_commits_a_big_table_in_the_worker_with_a_progress_page(self, client, jegyzo):
        from portal.training.services.enrolment import training_intake_jobs_run

        rows = [person(f"Új {n}", f"uj.{n}@example.hu", "Orfű", "adó") for n in range(3)]
        client.force_login(jegyzo.user)
        response = client.post(reverse("training:intake_upload"), {"table": xlsx(rows), "year": 2025})
        intake = Intake.objects.get()
        assert response.status_code == 302 and intake.status == Intake.Status.QUEUED
        page = client.get(reverse("training:intake_detail", args=[intake.pk])).content.decode()
        assert "data-refresh-seconds" in page and 'data-job="check"' in page
        assert "Rögzítés" not in page  # nothing to commit yet

        assert training_intake_jobs_run() == 1
        assert training_intake_jobs_run() == 0
        intake.refresh_from_db()
        assert (intake.status, intake.row_count, intake.job, intake.summary["new"]) == ("checked", 3, "", 3)
        page = client.get(reverse("training:intake_detail", args=[intake.pk])).content.decode()
        assert "data-refresh-seconds" not in page and 'data-count-new>3<' in page

        response = client.post(reverse("training:intake_detail", args=[intake.pk]), {})
        assert response.status_code == 302 and not Learner.objects.exists()
        page = client.get(reverse("training:intake_detail", args=[intake.pk])).content.decode()
        assert 'data-job="commit"' in page and "progress.js" in page
        assert training_intake_jobs_run() == 1
        intake.refresh_from_db()
        assert intake.status == Intake.Status.COMMITTED and Learner.objects.count() == 3
        assert intake.job == "" and intake.job_error == ""

    def test_it_reports_a_commit_the_worker_refused_and_writes_nothing(self, client, jegyzo):
        from portal.training.services.enrolment import (
            HAS_ERRORS,
            intake_commit_queue,
            training_intake_jobs_run,
        )

        rows = [person("Új Ádám", "uj.adam@example.hu", "Orfű", "adó"),
                person("Más Szerep", "mas@example.hu", "Orfű", "adó")]
        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx(rows), year=2025)
        intake_commit_queue(intake_id=intake.pk, actor=jegyzo.user)
        email_user(kind=Kind.NOTARY, email="mas@example.hu")  # changed since the dry run
        assert training_intake_jobs_run() == 1
        intake.refresh_from_db()
        assert intake.job == "" and intake.job_error == str(HAS_ERRORS)
        assert intake.status == Intake.Status.CHECKED and not Learner.objects.exists()
        client.force_login(jegyzo.user)
        page = client.get(reverse("training:intake_detail", args=[intake.pk])).content.decode()
        assert str(HAS_ERRORS) in page and "data-refresh-seconds" not in page

    def test_it_asks_for_the_confirmation_before_queueing_the_commit(self, jegyzo):
        from portal.training.services.enrolment import (
            CONFIRM_SHARED,
            IntakeError,
            intake_commit_queue,
        )

        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Jegyző", "jegyzo@orfu.hu", "Orfű", "adó")]), year=2025)
        with pytest.raises(IntakeError) as refused:
            intake_commit_queue(intake_id=intake.pk, actor=jegyzo.user)
        assert refused.value.message == str(CONFIRM_SHARED)
        intake.refresh_from_db()
        assert intake.job == ""

    def test_it_refuses_to_queue_another_offices_table(self, jegyzo):
        from django.core.exceptions import PermissionDenied

        from portal.training.services.enrolment import intake_commit_queue

        intake = intake_dry_run(actor=jegyzo.user, upload=xlsx([person("Á", "a@example.hu", "Orfű", "adó")]), year=2025)
        other = notary(email="masik.jegyzo@example.hu")
        with pytest.raises(PermissionDenied):
            intake_commit_queue(intake_id=intake.pk, actor=other.user)

    def test_it_takes_again_a_job_whose_worker_died(self, jegyzo):
        from datetime import timedelta

        from portal.training.services.enrolment import intake_check_queue, training_intake_jobs_run

        intake = intake_check_queue(actor=jegyzo.user, upload=xlsx([person("Á", "a@example.hu", "Orfű", "adó")]), year=2025)
        Intake.objects.filter(pk=intake.pk).update(job_started_at=timezone.now() - timedelta(minutes=5))
        assert training_intake_jobs_run() == 0  # still running elsewhere
        Intake.objects.filter(pk=intake.pk).update(job_started_at=timezone.now() - timedelta(hours=2))
        assert training_intake_jobs_run() == 1
        intake.refresh_from_db()
        assert intake.status == Intake.Status.CHECKED and intake.job == ""


def test_it_reports_how_many_rows_it_has_read():
    seen = []
    upload = xlsx([person(f"Új {n}", f"uj.{n}@example.hu", "Orfű", "adó") for n in range(5)])
    rows = t.table_rows(io.BytesIO(upload.read()), progress=seen.append, every=2)
    assert len(rows) == 5 and seen == [2, 4]
