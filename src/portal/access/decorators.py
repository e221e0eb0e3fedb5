"""The one permission check of every module URL, and the guards of the manager's own pages.

Usage in another app::

    from portal.access.decorators import module_required

    @module_required("institution_data")
    def my_view(request, om_id=None): ...
        # request.acting_institution, request.module are set

The institution is the one the session acts for (accounts' ``acting_institution``:
institution users their own, districts the one whose OM ID they typed at login).
A view may also take an ``om_id`` keyword; it must name that same institution.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.accounts.decorators import office_required  # noqa: F401 - the office screens use it
from portal.accounts.models import Kind
from portal.accounts.selectors import acting_institution

from . import selectors

MASTER_ONLY = _("A mesterjelszó-kezelőt csak az intézményvezető használhatja az OM azonosítóval és a mesterjelszóval belépve.")
MASTER_WITHOUT_INSTITUTION = _("A mesterjelszóhoz nem tartozik működő intézmény.")
NO_PASSWORD_RIGHT = _(
    "Önnek nincs jelszóváltoztatási joga. Új jelszót az intézmény vezetője állíthat be Önnek "
    "a mesterjelszó-kezelőben."
)


def module_required(code: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            module = selectors.module_get(code=code)
            if module is None:
                raise Http404
            institution = acting_institution(request)
            reason = selectors.acting_refusal(user=user, institution=institution, om_id=kwargs.get("om_id"))
            if reason is None:
                reason = selectors.module_refusal(user=user, module=module, institution=institution)
            if reason is not None:
                raise PermissionDenied(reason)
            request.acting_institution = institution
            request.module = module
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def master_required(view):
    """The access manager's pages: the master identity of a registered institution only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "accounts:login_master")
        if user.kind != Kind.MASTER:
            raise PermissionDenied(MASTER_ONLY)
        institution = selectors.master_institution(user)
        if institution is None:
            raise PermissionDenied(MASTER_WITHOUT_INSTITUTION)
        request.master_institution = institution
        return view(request, *args, **kwargs)

    return wrapped


def password_right_required(view):
    """"Jelszóváltoztatás joga": an institution user without it may not change the password."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.user_may_change_password(request.user):
            raise PermissionDenied(NO_PASSWORD_RIGHT)
        return view(request, *args, **kwargs)

    return wrapped
