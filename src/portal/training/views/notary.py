"""The notary's pages: the municipalities' learners, invitations, progress, export, withdrawal."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.confirm import confirmation_page

from ..models import Learner
from ..selectors import (
    intake_history,
    is_training_office,
    learner_rows,
    municipality_learner_list,
    municipality_learners,
    notary_office_for,
)
from ..services.enrolment import IntakeError
from ..services.enrolment import invitation_resend as invitation_resend_service
from ..services.enrolment import learner_withdraw as learner_withdraw_service
from ..services.enrolment import learners_export as learners_export_service
from .gates import asp_login_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@asp_login_required
def notary_home(request: HttpRequest) -> HttpResponse:
    office = notary_office_for(request.user)
    municipalities = office.municipalities.all()
    page = Paginator(municipality_learner_list(municipalities=municipalities), 100).get_page(request.GET.get("oldal"))
    return render(request, "training/notary_home.html", {
        "office": office, "municipalities": municipalities, "page": page,
        "rows": learner_rows(learners=page),
        "intakes": intake_history(notary_office=office)[:20],
    })


@asp_login_required
def learners_export(request: HttpRequest) -> HttpResponse:
    office = notary_office_for(request.user)
    rows = municipality_learners(municipalities=office.municipalities.all())
    response = HttpResponse(learners_export_service(rows=rows), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="beiskolazottak.xlsx"'
    return response


def _back(request: HttpRequest):
    return redirect("training:learner_list" if is_training_office(request.user) else "training:notary_home")


@asp_login_required
@require_POST
def invitation_resend(request: HttpRequest, learner_id: int) -> HttpResponse:
    try:
        learner = invitation_resend_service(learner_id=learner_id, actor=request.user)
    except Learner.DoesNotExist:
        raise Http404 from None
    except IntakeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Új meghívót küldtünk: %(email)s") % {"email": learner.user.email})
    return _back(request)


@asp_login_required
@require_POST
def learner_withdraw(request: HttpRequest, learner_id: int) -> HttpResponse:
    back = "training:learner_list" if is_training_office(request.user) else "training:notary_home"
    asking = confirmation_page(
        request, title=_("Beiskolázott kivezetése"),
        question=_("Biztosan kivezeti? A személy hozzáférése és bejelentkezései megszűnnek, az eredményei megmaradnak."),
        action=_("Igen, kivezetem"), back_url=reverse(back), base_template="training/base_training.html")
    if asking:
        return asking
    try:
        learner = learner_withdraw_service(learner_id=learner_id, actor=request.user)
    except Learner.DoesNotExist:
        raise Http404 from None
    except IntakeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s hozzáférését megszüntettük; az eredményei megmaradnak.") % {"name": learner.user})
    return _back(request)
