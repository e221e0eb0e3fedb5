"""Login modes, logout, password pages and the single-use credential pages.

Every login form builds a ``login_key`` and calls ``lockout.authenticate(request,
login_key=..., password=...)``, so django-axes counts every attempt under that account and
locks the account and the client address after repeated failures (``lockout``).
"""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.access.decorators import password_right_required
from portal.core.clientaddress import client_address

from . import forms, lockout, services
from .models import Kind
from .selectors import (
    ACTING_INSTITUTION_SESSION_KEY,
    acting_institution,
    credential_token_find,
    district_institution_for_login,
    login_url_for,
)

OFFICE_STEP_EXPIRED = gettext_lazy(
    "A belépés ideje lejárt. Kérjük, adja meg újra a felhasználónevét és a jelszavát."
)
PASSWORD_SET_DONE = gettext_lazy("Jelszavát beállítottuk. Most már beléphet az új jelszavával.")
PASSWORD_CHANGE_DONE = gettext_lazy("Jelszavát megváltoztattuk.")
MAINTAINER_PASSWORD_CHANGE_REFUSED = gettext_lazy(
    "A fenntartói jelszó a rendszerben nem módosítható. Új jelszót írásban kérhet az Oktatási Hivataltól; "
    "az egyszer használható kódot tartalmazó levelet postán küldjük a fenntartó képviselőjének."
)
OFFICE_PENDING_KEY = "office_login_pending"


def client_ip(request: HttpRequest) -> str | None:
    return getattr(request, "axes_ip_address", None) or client_address(request)


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes calls this when an account or address is locked (status 429).

    A login page that already re-rendered its form with the lockout message
    (keeping what was typed) is returned as it is; anything else gets the page.
    """
    if isinstance(original_response, HttpResponse) and original_response.status_code == 429:
        return original_response
    return render(request, "accounts/locked_out.html", {"message": lockout.locked_out_message(request)},
                  status=429)


def _safe_next(request: HttpRequest, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def _after_login(request: HttpRequest, next_url: str | None) -> HttpResponse:
    return redirect(_safe_next(request, next_url) or reverse("core:home"))


# --- login modes -----------------------------------------------------------------

LOGIN_PAGES = {
    "institution": (forms.InstitutionLoginForm, gettext_lazy("Intézményi belépés")),
    "district": (forms.InstitutionLoginForm, gettext_lazy("Tankerületi belépés")),
    "master": (forms.MasterLoginForm, gettext_lazy("Belépés a mesterjelszó-kezelőbe")),
    "maintainer": (forms.MaintainerLoginForm, gettext_lazy("Fenntartói belépés")),
    "office": (forms.OfficeLoginForm, gettext_lazy("Oktatási Hivatal – ügyintézői belépés")),
    "email": (forms.EmailLoginForm, gettext_lazy("Belépés az ASP oktatási portálra")),
}


def _authenticate_form(request: HttpRequest, form: forms.LoginForm):
    """Authenticate what the form holds; None (and the form's error) on failure or lockout."""
    login_key = form.login_key()
    user = lockout.authenticate(request, login_key=login_key, password=form.cleaned_data["password"])
    if lockout.is_locked_out(request):
        form.add_error(None, lockout.locked_out_message(request, login_key))
        return None
    if user is None or user.kind not in form.kinds():
        form.add_login_failure()
        return None
    return user


def _login_page(request: HttpRequest, mode: str) -> HttpResponse:
    form_class, title = LOGIN_PAGES[mode]
    initial = {"next": request.GET.get("next", ""), "district": mode == "district"}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = _authenticate_form(request, form)
        if user is not None:
            if mode == "office":
                return _office_first_step_done(request, user, form.cleaned_data.get("next"))
            return _login_complete(request, user, form)
        status = 429 if lockout.is_locked_out(request) else 200
    context = {"form": form, "title": title, "mode": mode,
               "reset_applies": mode == "email", "code_applies": mode == "maintainer"}
    return render(request, "accounts/login.html", context, status=status)


def _login_complete(request: HttpRequest, user, form: forms.LoginForm) -> HttpResponse:
    institution = None
    if user.kind == Kind.DISTRICT:
        institution = district_institution_for_login(form.cleaned_data["om_id"])
        if institution is None or institution.maintainer_id != user.maintainer_id:
            form.add_login_failure()
            return render(request, "accounts/login.html", {"form": form, "title": LOGIN_PAGES["district"][1],
                                                           "mode": "district"})
    auth_login(request, user)  # a new session key: no session fixation
    if institution is not None:
        request.session[ACTING_INSTITUTION_SESSION_KEY] = institution.pk
    elif user.institution_id:
        request.session[ACTING_INSTITUTION_SESSION_KEY] = user.institution_id
    return _after_login(request, form.cleaned_data.get("next"))


def _login_view(mode: str):
    @sensitive_post_parameters("password")
    @csrf_protect
    @never_cache
    def view(request: HttpRequest) -> HttpResponse:
        return _login_page(request, mode)

    view.__name__ = f"login_{mode}"
    return view


login_institution = _login_view("institution")
login_district = _login_view("district")
login_master = _login_view("master")
login_maintainer = _login_view("maintainer")
login_office = _login_view("office")
login_email = _login_view("email")


def choose(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/choose.html")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- office: second factor -------------------------------------------------------


def _office_first_step_done(request: HttpRequest, user, next_url: str | None) -> HttpResponse:
    request.session.cycle_key()
    request.session[OFFICE_PENDING_KEY] = {
        "user_id": user.pk, "backend": user.backend, "at": time.time(), "next": next_url or "",
    }
    return redirect("accounts:login_office_verify")


def _office_pending_user(request: HttpRequest):
    pending = request.session.get(OFFICE_PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > settings.OFFICE_SECOND_STEP_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], kind=Kind.OFFICE, is_active=True).first()
    return user, pending


def _totp_check(form: forms.TotpForm, device: TOTPDevice) -> bool:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        form.add_error("otp_token", forms.TOTP_THROTTLED)
        return False
    if not device.verify_token(form.cleaned_data["otp_token"]):
        form.add_error("otp_token", forms.TOTP_WRONG)
        return False
    return True


@sensitive_post_parameters("otp_token")
@never_cache
def login_office_verify(request: HttpRequest) -> HttpResponse:
    user, pending = _office_pending_user(request)
    if user is None:
        request.session.pop(OFFICE_PENDING_KEY, None)
        messages.warning(request, OFFICE_STEP_EXPIRED)
        return redirect("accounts:login_office")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrol = None
    if device is None:
        device = services.office_device_for_enrolment(user=user)
        enrol = _enrolment_context(device)
    form = forms.TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _totp_check(form, device):
        if enrol is not None:
            services.office_device_confirm(device=device, ip_address=client_ip(request))
        request.session.pop(OFFICE_PENDING_KEY, None)
        user.backend = pending["backend"]
        auth_login(request, user)
        otp_login(request, device)
        return _after_login(request, pending.get("next"))
    return render(request, "accounts/login_office_verify.html", {"form": form, "enrol": enrol, "clerk": user})


def _enrolment_context(device: TOTPDevice) -> dict:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    return {
        "qr_svg": qr.svg_inline(scale=4, border=2, title=_("QR-kód a hitelesítő alkalmazáshoz")),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    }


# --- own data and password change -----------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    device = None
    if request.user.kind == Kind.OFFICE:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    return render(request, "accounts/profile.html", {
        "acting_institution": acting_institution(request), "device": device,
    })


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
@password_right_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.kind == Kind.MAINTAINER:
        raise PermissionDenied(MAINTAINER_PASSWORD_CHANGE_REFUSED)
    form = forms.PasswordChangeForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Through authenticate, so guessing the current password counts towards the lockout.
        login_key = user.login_key
        if lockout.authenticate(request, login_key=login_key, password=form.cleaned_data["old_password"]) is None:
            if lockout.is_locked_out(request):
                form.add_error("old_password", lockout.locked_out_message(request, login_key))
                status = 429
            else:
                form.add_error("old_password", forms.OLD_PASSWORD_WRONG)
        else:
            try:
                services.user_password_change(user=user, new_password=form.cleaned_data["new_password1"],
                                              ip_address=client_ip(request))
            except ValidationError as error:
                form.add_error("new_password1", error)
            else:
                update_session_auth_hash(request, user)  # this session stays, the others end
                messages.success(request, PASSWORD_CHANGE_DONE)
                return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


# --- single-use links and codes ------------------------------------------------------


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def credential_use(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the form and never uses the link up (mail scanners open links); POST does."""
    record, state = credential_token_find(token)
    if state != "valid":
        return _token_problem(request, state, record)
    form = forms.NewPasswordForm(request.POST or None, user=record.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.credential_token_use(token=token, password=form.cleaned_data["new_password1"],
                                                 ip_address=client_ip(request))
        except services.CredentialError as error:
            return _token_problem(request, error.state, record)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            if request.user.is_authenticated and request.user.pk != user.pk:
                auth_logout(request)
            messages.success(request, PASSWORD_SET_DONE)
            return redirect(login_url_for(user))
    response = render(request, "accounts/credential_use.html", {"form": form, "token_user": record.user,
                                                                "token": record})
    # Keep the token out of Referer headers to other sites. Not "no-referrer": browsers then
    # send "Origin: null" with the form's POST and Django's CSRF check rightly refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


def _token_problem(request: HttpRequest, state: str, record) -> HttpResponse:
    user = record.user if record is not None else None
    response = render(request, "accounts/credential_problem.html", {
        "message": services.TOKEN_MESSAGES[state], "state": state,
        "email_account": user is None or user.kind in (Kind.NOTARY, Kind.TRAINING_OFFICE, Kind.LEARNER),
        "token_user": user,
    }, status=404 if state == "unknown" else 410)
    response["Referrer-Policy"] = "same-origin"
    return response


@sensitive_post_parameters("code", "new_password1", "new_password2")
@never_cache
def credential_code_use(request: HttpRequest) -> HttpResponse:
    form = forms.MaintainerCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.credential_code_use(
                maintainer_id=form.cleaned_data["maintainer_id"], code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"], ip_address=client_ip(request),
            )
        except services.CredentialError as error:
            form.add_error("code", error.message)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            messages.success(request, PASSWORD_SET_DONE)
            return redirect(login_url_for(user))
    return render(request, "accounts/credential_code_use.html", {"form": form})


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    """"Elfelejtette jelszavát?": the same answer whether or not the address has an account."""
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(email=form.cleaned_data["email"], ip_address=client_ip(request))
        except services.RateLimited as error:
            form.add_error("email", error.message)
            return render(request, "accounts/password_reset.html", {"form": form}, status=429)
        return render(request, "accounts/password_reset_sent.html", {
            "email": form.cleaned_data["email"], "hours": settings.RESET_LINK_HOURS,
        })
    return render(request, "accounts/password_reset.html", {"form": form})
