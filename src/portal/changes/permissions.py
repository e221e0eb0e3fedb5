"""Module rights of institution users, through the access manager once it is installed.

``module_view(code)`` is ``access.decorators.module_required(code)`` when the
access app ([A]) is present, else ``accounts.decorators.institution_view`` (the
institution or district login alone). ``module_allowed`` is the same check for
a selector that has no request.
"""

from __future__ import annotations

from functools import wraps

INSTITUTION_DATA = "institution_data"
ID_CARDS = "id_cards"
DOCUMENTS = "documents"


def module_view(code: str):
    try:
        from portal.access.decorators import module_required
    except ImportError:  # until the access manager is merged
        from portal.accounts.decorators import institution_view

        return institution_view
    return module_required(code)


def module_allowed(user, institution, code: str) -> bool:
    from portal.accounts.selectors import user_may_act_for_institution

    if not user_may_act_for_institution(user, institution) or user.kind not in ("institution", "district"):
        return False
    try:
        from portal.access import selectors as access
    except ImportError:  # until the access manager is merged
        return True
    module = access.module_get(code=code)
    return module is not None and access.module_refusal(user=user, module=module, institution=institution) is None


def request_view(view):
    """A page of one request (``pk`` in the URL), made explicit.

    A request of an operating institution is guarded like every module page:
    ``module_view(INSTITUTION_DATA)`` (login, acting institution, the module right), and it must
    be the acting institution's own request (else 404, as for a guessed URL). A new institution's
    or a maintainer's request has no login (the browser that started or continued it holds a
    session grant; a maintainer logs in), and the request selector checks that as before.
    """

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        from django.http import Http404

        from .models import ChangeRequest
        from .selectors import INSTITUTION_KINDS

        row = ChangeRequest.objects.filter(pk=pk).values_list("kind", "institution_id").first()
        if row is None or row[0] not in INSTITUTION_KINDS:
            return view(request, pk, *args, **kwargs)

        def own_request(request, *a, **kw):
            if getattr(request, "acting_institution", None) is None or request.acting_institution.pk != row[1]:
                raise Http404
            return view(request, pk, *a, **kw)

        return module_view(INSTITUTION_DATA)(own_request)(request, *args, **kwargs)

    return wrapped
