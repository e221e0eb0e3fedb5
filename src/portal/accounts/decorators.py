"""Who may open a view. Later features put one of these on every view.

- ``module_view``: any logged-in identity except the master password, which
  reaches only the access manager (seed, annex V).
- ``institution_view``: a module view acting for an institution (institution
  user or school district); sets ``request.acting_institution``.
- ``master_required``: only the master-password identity.
- ``office_required``: an office clerk who passed the second factor.
- ``kind_required(*kinds)``: any of the given kinds.

Anonymous visitors are sent to the login page; logged-in people of another
kind get a Hungarian 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Kind
from .selectors import acting_institution, login_url_name_for_kinds

MASTER_REFUSED = _(
    "A mesterjelszóval csak a mesterjelszó-kezelő érhető el, a modulokba nem lehet vele belépni. "
    "Lépjen be a mesterjelszó-kezelőben felvett felhasználónevével."
)
WRONG_ROLE = _("Ezt az oldalt az Ön szerepkörében nem lehet megnyitni.")
NO_ACTING_INSTITUTION = _("Ehhez az oldalhoz intézményi vagy tankerületi belépés szükséges.")
OFFICE_ONLY = _("Ez az oldal csak az Oktatási Hivatal ügyintézőinek érhető el.")


def _login_gate(view, *, check, login_url: str | None = None):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url)
        check(request)
        return view(request, *args, **kwargs)

    return wrapper


def kind_required(*kinds: str, message=WRONG_ROLE):
    def decorator(view):
        def check(request):
            if request.user.kind not in kinds:
                raise PermissionDenied(message)

        return _login_gate(view, check=check, login_url=login_url_name_for_kinds(kinds))

    return decorator


def module_view(view):
    def check(request):
        if request.user.kind == Kind.MASTER:
            raise PermissionDenied(MASTER_REFUSED)

    return _login_gate(view, check=check)


def institution_view(view):
    def check(request):
        if request.user.kind == Kind.MASTER:
            raise PermissionDenied(MASTER_REFUSED)
        institution = acting_institution(request)
        if institution is None or request.user.kind not in (Kind.INSTITUTION, Kind.DISTRICT):
            raise PermissionDenied(NO_ACTING_INSTITUTION)
        request.acting_institution = institution

    return _login_gate(view, check=check)


master_required = kind_required(Kind.MASTER)


def office_required(view):
    """Office clerk with a verified second factor (django-otp ``is_verified``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or (user.kind == Kind.OFFICE and not user.is_verified()):
            return redirect_to_login(request.get_full_path(), "accounts:login_office")
        if user.kind != Kind.OFFICE:
            raise PermissionDenied(OFFICE_ONLY)
        return view(request, *args, **kwargs)

    return wrapper


class ModuleViewMixin:
    """Class-based form of ``module_view``."""

    @classmethod
    def as_view(cls, **initkwargs):
        return module_view(super().as_view(**initkwargs))


class OfficeRequiredMixin:
    @classmethod
    def as_view(cls, **initkwargs):
        return office_required(super().as_view(**initkwargs))
