"""Pages of the access manager (master identity), the module entry pages, the office screens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .decorators import acting_institution, master_required, module_required, office_required
from .forms import (
    HeadEmailForm,
    MasterLinkForm,
    ModuleCloseForm,
    ModuleUsersForm,
    UserCreateForm,
    UserPasswordForm,
    UserRightsForm,
)
from .modules import DOCUMENTS, ID_CARDS, INSTITUTION_DATA
from .services import AccessError

LAST_HOLDER_WARNING = _(
    "Figyelem: a(z) „%(module)s” modult ezután az intézményben egyetlen felhasználó sem használhatja."
)
USER_CREATED = _("A(z) „%(name)s” felhasználót felvettük. Most adja meg, mely modulokat használhatja.")
RIGHTS_SAVED = _("A(z) „%(name)s” felhasználó jogosultságait mentettük.")
PASSWORD_SET = _("A(z) „%(name)s” felhasználó új jelszavát beállítottuk.")
MODULE_USERS_SAVED = _("A(z) „%(module)s” modul felhasználóit mentettük.")
USER_DISABLED = _("A(z) „%(name)s” felhasználót letiltottuk; a belépései megszűntek.")
USER_ENABLED = _("A(z) „%(name)s” felhasználó újra beléphet.")
USER_DELETED = _("A(z) „%(name)s” felhasználót töröltük.")
HEAD_EMAIL_SAVED = _("Az intézményvezetői e-mail címet módosítottuk; azonnal érvényes.")
MODULE_OPENED = _("A(z) „%(module)s” modult megnyitottuk.")
MODULE_CLOSED = _("A(z) „%(module)s” modult lezártuk.")
MASTER_LINK_SENT = _(
    "A mesterjelszó beállítására szolgáló egyszer használható linket elküldtük az intézményvezetői "
    "címre: %(email)s"
)


def _apply(form, call) -> object | None:
    """Run a service; put its error on the form's field. Returns the result or None."""
    try:
        return call()
    except AccessError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def _warn_orphaned(request, result) -> None:
    for module in result.orphaned:
        messages.warning(request, LAST_HOLDER_WARNING % {"module": module.name})


def _user_or_404(request, pk: int):
    user = selectors.institution_user_get(institution=request.master_institution, pk=pk)
    if user is None:
        raise Http404
    return user


@master_required
def manager(request: HttpRequest) -> HttpResponse:
    institution = request.master_institution
    return render(request, "access/manager.html", {
        "institution": institution,
        "users": selectors.institution_users(institution=institution),
        "states": selectors.modules_for_institution(institution=institution),
    })


@master_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _apply(form, lambda: services.access_user_create(
            actor=request.user, institution=request.master_institution,
            username=form.cleaned_data["username"], full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
            may_change_password=form.cleaned_data["may_change_password"] == "1",
        ))
        if user is not None:
            messages.success(request, USER_CREATED % {"name": user.username})
            return redirect("access:user_rights", pk=user.pk)
    return render(request, "access/user_create.html", {"form": form})


@master_required
def user_view(request: HttpRequest) -> HttpResponse:
    return render(request, "access/user_view.html", {
        "users": selectors.institution_users(institution=request.master_institution),
    })


@master_required
def user_rights(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    states = selectors.modules_for_institution(institution=request.master_institution)
    form = UserRightsForm(
        request.POST or None, states=states, rights=selectors.user_rights(user=user),
        may_change_password=selectors.user_may_change_password(user),
    )
    if request.method == "POST" and form.is_valid():
        result = _apply(form, lambda: services.access_user_rights_set(
            actor=request.user, user=user, may_change_password=form.password_right(),
            module_codes=form.granted_codes(),
        ))
        if result is not None:
            messages.success(request, RIGHTS_SAVED % {"name": user.username})
            _warn_orphaned(request, result)
            return redirect("access:user_rights", pk=user.pk)
    return render(request, "access/user_rights.html", {"form": form, "subject": user, "states": states})


@master_required
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    form = UserPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _apply(form, lambda: services.access_user_password_set(
            actor=request.user, user=user, password=form.cleaned_data["password"],
        ))
        if done is not None:
            messages.success(request, PASSWORD_SET % {"name": user.username})
            return redirect("access:user_rights", pk=user.pk)
    return render(request, "access/user_password.html", {"form": form, "subject": user})


@master_required
def project_view(request: HttpRequest) -> HttpResponse:
    return render(request, "access/project_view.html", {
        "states": selectors.modules_for_institution(institution=request.master_institution),
    })


@master_required
def module_users(request: HttpRequest, code: str) -> HttpResponse:
    institution = request.master_institution
    state = selectors.module_state_get(institution=institution, code=code)
    if state is None:
        raise Http404
    users = selectors.institution_users(institution=institution)
    form = ModuleUsersForm(
        request.POST or None, users=users,
        holder_ids=selectors.module_holder_ids(module=state.module, institution=institution),
    )
    if request.method == "POST" and state.is_eligible and form.is_valid():
        result = _apply(form, lambda: services.access_module_users_set(
            actor=request.user, institution=institution, module=state.module, user_ids=form.granted_ids(),
        ))
        if result is not None:
            messages.success(request, MODULE_USERS_SAVED % {"module": state.module.name})
            _warn_orphaned(request, result)
            return redirect("access:module_users", code=code)
    return render(request, "access/module_users.html", {"form": form, "state": state})


@master_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    result = services.access_user_deactivate(actor=request.user, user=user)
    messages.success(request, USER_DISABLED % {"name": user.username})
    _warn_orphaned(request, result)
    return redirect("access:user_rights", pk=user.pk)


@master_required
@require_POST
def user_activate(request: HttpRequest, pk: int) -> HttpResponse:
    user = services.access_user_activate(actor=request.user, user=_user_or_404(request, pk))
    messages.success(request, USER_ENABLED % {"name": user.username})
    return redirect("access:user_rights", pk=user.pk)


@master_required
def user_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    if request.method == "POST":
        result = services.access_user_delete(actor=request.user, user=user)
        messages.success(request, USER_DELETED % {"name": user.username})
        _warn_orphaned(request, result)
        return redirect("access:manager")
    return render(request, "access/user_delete.html", {"subject": user, "rights": selectors.user_rights(user=user)})


@master_required
def head_email(request: HttpRequest) -> HttpResponse:
    institution = request.master_institution
    form = HeadEmailForm(request.POST or None, initial={"email": institution.head_email})
    if request.method == "POST" and form.is_valid():
        done = _apply(form, lambda: services.institution_head_email_change(
            actor=request.user, institution=institution, email=form.cleaned_data["email"],
        ))
        if done is not None:
            messages.success(request, HEAD_EMAIL_SAVED)
            return redirect("access:manager")
    return render(request, "access/head_email.html", {"form": form, "institution": institution})


@login_required
def my_modules(request: HttpRequest) -> HttpResponse:
    """The modules of a user, per institution it acts for, with the reason of each refusal."""
    overview = selectors.user_module_overview(request.user, acting_institution(request))
    return render(request, "access/my_modules.html", {"overview": overview})


def _module_home(request: HttpRequest, om_id: str | None = None) -> HttpResponse:
    return render(request, "access/module_home.html", {
        "module": request.module, "institution": request.acting_institution,
    })


institution_data_home = module_required(INSTITUTION_DATA)(_module_home)
id_cards_home = module_required(ID_CARDS)(_module_home)
documents_home = module_required(DOCUMENTS)(_module_home)


@office_required
def office_modules(request: HttpRequest) -> HttpResponse:
    return render(request, "access/office_modules.html", {"modules": selectors.modules_all()})


@office_required
def office_module_close(request: HttpRequest, code: str) -> HttpResponse:
    module = selectors.module_get(code=code)
    if module is None:
        raise Http404
    form = ModuleCloseForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "open":
            services.module_open(actor=request.user, module=module)
            messages.success(request, MODULE_OPENED % {"module": module.name})
            return redirect("access:office_modules")
        if form.is_valid() and _apply(form, lambda: services.module_close(
            actor=request.user, module=module, reason=form.cleaned_data["reason"],
        )):
            messages.success(request, MODULE_CLOSED % {"module": module.name})
            return redirect("access:office_modules")
    return render(request, "access/office_module_close.html", {"form": form, "module": module})


@office_required
def office_master_link(request: HttpRequest) -> HttpResponse:
    form = MasterLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        master = _apply(form, lambda: services.master_password_link_send(
            actor=request.user, om_id=form.cleaned_data["om_id"],
        ))
        if master is not None:
            messages.success(request, MASTER_LINK_SENT % {"email": master.email})
            return redirect("access:office_master_link")
    return render(request, "access/office_master_link.html", {"form": form})
