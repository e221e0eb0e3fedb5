"""The registration table: template download, upload with dry run, commit, error report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..forms import ConfirmForm, IntakeUploadForm
from ..intake.table import template_workbook
from ..models import Intake, Invitation
from ..selectors import intake_invitation_counts, is_training_office, notary_office_for
from ..services.enrolment import (
    NO_OFFICE,
    IntakeError,
    intake_check_queue,
    intake_commit,
    intake_commit_queue,
    intake_dry_run,
    intake_report,
    intake_scope_check,
    runs_in_worker,
)
from .gates import asp_login_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _uploader_check(user) -> bool:
    """True for the training office; a notary passes too; anyone else gets 403."""
    if is_training_office(user):
        return True
    notary_office_for(user)
    return False


@asp_login_required
def intake_template(request: HttpRequest) -> HttpResponse:
    _uploader_check(request.user)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="asp_oktatas_regisztracio_sablon.xlsx"'
    return response


@asp_login_required
def intake_upload(request: HttpRequest) -> HttpResponse:
    is_office = _uploader_check(request.user)
    form = IntakeUploadForm(request.POST or None, request.FILES or None, office_choice=is_office)
    if request.method == "POST" and form.is_valid():
        office = form.cleaned_data.get("notary_office") if is_office else None
        if is_office and office is None:
            form.add_error("notary_office", NO_OFFICE)
        else:
            upload = form.cleaned_data["table"]
            check = intake_check_queue if runs_in_worker(size=upload.size) else intake_dry_run
            intake = check(actor=request.user, upload=upload, year=form.cleaned_data["year"], notary_office=office)
            return redirect("training:intake_detail", intake_id=intake.pk)
    return render(request, "training/intake_upload.html", {"form": form})


@asp_login_required
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_object_or_404(Intake.objects.select_related("notary_office", "uploaded_by"), pk=intake_id)
    if not is_training_office(request.user):
        notary_office_for(request.user)
    intake_scope_check(intake=intake, user=request.user)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        in_worker = runs_in_worker(rows=intake.row_count)
        commit = intake_commit_queue if in_worker else intake_commit
        try:
            intake = commit(intake_id=intake.pk, actor=request.user,
                            confirm_shared=form.cleaned_data["confirm_shared"])
        except IntakeError as error:
            form.add_error("confirm_shared" if "Erősítse" in error.message else None, error.message)
        else:
            if not in_worker:
                messages.success(request, _("A táblázatot rögzítettük. Az új felhasználóknak a belépéshez szükséges levelet a háttérben küldjük el; állapotát a beiskolázottak listáján látja."))
            return redirect("training:intake_detail", intake_id=intake.pk)
    rows = intake.summary.get("rows", [])
    problems = [r for r in rows if r["outcome"] == "error" or r.get("confirm")]
    page = Paginator(rows, 200).get_page(request.GET.get("oldal"))
    invitations = intake_invitation_counts(intake=intake)
    elapsed = int((timezone.now() - intake.job_started_at).total_seconds()) if intake.job_started_at else None
    return render(request, "training/intake_detail.html", {
        "intake": intake, "summary": intake.summary, "problems": problems[:500],
        "invitations_sent": invitations.get(Invitation.State.SENT, 0), "job_elapsed": elapsed,
        "invitations_pending": invitations.get(Invitation.State.PENDING, 0),
        "problem_count": len(problems), "page": page, "form": form,
    })


@asp_login_required
def intake_report_view(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = get_object_or_404(Intake, pk=intake_id)
    if not is_training_office(request.user):
        notary_office_for(request.user)
    intake_scope_check(intake=intake, user=request.user)
    response = HttpResponse(intake_report(intake=intake), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="regisztracio_eredmeny_{intake.pk}.xlsx"'
    return response



