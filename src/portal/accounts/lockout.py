"""Account lockout (django-axes) keyed on the login identity each login form builds.

Django's ``authenticate()`` masks every credential whose name contains "key" (``login_key``) before
it sends ``user_login_failed``, so django-axes, reading the credentials, would record every failure
under the same masked name: no account would ever be locked on its own, and five failures anywhere
would lock everybody. So the login pages authenticate through :func:`authenticate`, which puts the
identity on the request first, and ``AXES_USERNAME_CALLABLE`` (:func:`lockout_username`) reads it
from there (or from unmasked credentials, as in the backend's own check and at login).

Failures are counted per account and, separately, per client address (``AXES_LOCKOUT_PARAMETERS``);
either reaching ``AXES_FAILURE_LIMIT`` within ``AXES_COOLOFF_TIME`` refuses the login, even with the
right password, until the cool-off has passed.
"""

from __future__ import annotations

import math
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate as django_authenticate
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

IDENTITY_ATTRIBUTE = "portal_login_identity"
MASKED = "********************"  # django.views.debug.SafeExceptionReporterFilter.cleansed_substitute


def lockout_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The login identity of the attempt (``AXES_USERNAME_CALLABLE``); never the masked value."""
    identity = getattr(request, IDENTITY_ATTRIBUTE, None) if request is not None else None
    if identity:
        return identity
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value and value != MASKED:
        return str(value)
    return None


def authenticate(request: HttpRequest, *, login_key: str, password: str):
    """``django.contrib.auth.authenticate`` with the identity known to the lockout."""
    setattr(request, IDENTITY_ATTRIBUTE, login_key)
    return django_authenticate(request, login_key=login_key, password=password)


def is_locked_out(request: HttpRequest) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


def _lock_ends(attempts: list[tuple[datetime, int]], *, limit: int, cooloff) -> datetime | None:
    """When failures (time of the latest failure, count) stop adding up to ``limit`` in the cool-off
    window: the newest records are counted until they reach the limit; the lock lasts until the
    oldest of those falls out of the window."""
    total = 0
    for attempt_time, failures in sorted(attempts, reverse=True):
        total += failures
        if total >= limit:
            return attempt_time + cooloff
    return None


def minutes_left(request: HttpRequest, identity: str | None = None) -> int:
    """Whole minutes until this client may try this account again (at least 1)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cooloff = get_cool_off(request)
    if cooloff is None:
        return 0
    now = timezone.now()
    identity = identity or lockout_username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None)
    limit = settings.AXES_FAILURE_LIMIT
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cooloff)
    ends = []
    for condition in (Q(username=identity) if identity else None, Q(ip_address=address) if address else None):
        if condition is None:
            continue
        rows = list(recent.filter(condition).values_list("attempt_time", "failures_since_start"))
        end = _lock_ends(rows, limit=limit, cooloff=cooloff)
        if end is not None:
            ends.append(end)
    if not ends:
        return max(1, math.ceil(cooloff.total_seconds() / 60))
    return max(1, math.ceil((max(ends) - now).total_seconds() / 60))


def locked_out_message(request: HttpRequest, identity: str | None = None) -> str:
    return _(
        "Túl sok sikertelen belépési kísérlet történt. Biztonsági okból a belépés átmenetileg nem "
        "lehetséges; kérjük, próbálja újra %(minutes)s perc múlva."
    ) % {"minutes": minutes_left(request, identity)}
