from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import selectors
from .navigation import home_url_for


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "core/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send a logged-in person to the home page of their role."""
    return redirect(home_url_for(request.user))


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def postal_code_settlements(request: HttpRequest, code: str) -> JsonResponse:
    """The settlements of a postal code, for the address form's suggestion (empty when unknown)."""
    names = selectors.postal_code_settlement_names(code=code) if code.isdigit() and len(code) == 4 else []
    return JsonResponse({"postal_code": code, "settlements": names})


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever broke may be among them.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
