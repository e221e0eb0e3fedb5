"""SCORM 2004 sequencing for the learner: begin or resume a course, and navigation requests."""

import json
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Course
from ..selectors_sequencing import SequencingView
from ..services.sequencing import Navigation, navigation_request
from .gates import asp_login_required

REQUEST = re.compile(r"^(?:\{target=(?P<target>[^}]+)\})?(?P<request>[A-Za-z]+)$")
COURSE_ENDED = _("A tananyag végére ért; eredményét a tananyag oldalán látja.")
COURSE_LEFT = _("Kilépett a tananyagból; a „Tananyag folytatása” gombbal ott folytathatja, ahol abbahagyta.")

UNKNOWN_REQUEST = _("Ismeretlen navigációs kérés.")
NO_SEQUENCING = _("Ennek a tananyagnak nincs sorrendezése.")


def _target_url(course: Course, navigation: Navigation) -> str:
    if navigation.sco is not None:
        return reverse("training:player", args=[course.pk, navigation.sco.pk])
    return reverse("training:course_detail", args=[course.pk])


def _course(course_id: int) -> Course:
    return get_object_or_404(Course.objects.select_related("subsystem"), pk=course_id)


@asp_login_required
@require_POST
def course_enter(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course page's start / continue button: start, resume all, or the activity under way."""
    course = _course(course_id)
    package = course.package
    if package is None:
        return redirect("training:course_detail", course.pk)
    try:
        navigation = navigation_request(user=request.user, package=package, request="enter")
    except ValueError:  # a course without sequencing starts from its own page's item links
        return redirect("training:course_detail", course.pk)
    if not navigation.ok:
        messages.error(request, navigation.message)
    elif navigation.ended:
        messages.info(request, str(COURSE_ENDED))
    return redirect(_target_url(course, navigation))


@asp_login_required
@require_POST
def navigation_view(request: HttpRequest, course_id: int) -> JsonResponse:
    """A navigation request from the player (adl.nav.request or its buttons): JSON in, JSON out."""
    course = _course(course_id)
    package = course.package
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        payload = None
    raw = payload.get("request", "") if isinstance(payload, dict) else ""
    match = REQUEST.match(raw) if isinstance(raw, str) else None
    if package is None or match is None:
        return JsonResponse({"error": "NB.2.1-7", "message": str(UNKNOWN_REQUEST)}, status=400)
    target = match["target"] or (payload.get("target") if isinstance(payload.get("target"), str) else None)
    try:
        navigation = navigation_request(user=request.user, package=package, request=match["request"],
                                        target=target)
    except PermissionDenied as error:
        return JsonResponse({"error": "403", "message": str(error)}, status=403)
    except ValueError:
        return JsonResponse({"error": "NB.2.1-7", "message": str(NO_SEQUENCING)},
                            status=400)
    if not navigation.ok:
        return JsonResponse({"error": navigation.error, "message": navigation.message}, status=409)
    if navigation.ended:
        messages.info(request, str(COURSE_LEFT if match["request"] == "suspendAll" else COURSE_ENDED))
    return JsonResponse({"url": _target_url(course, navigation), "ended": navigation.ended})


def sequencing_refused(request: HttpRequest, course: Course, navigation: Navigation) -> HttpResponse:
    """The player's answer when the rules do not let the learner open that item now."""
    if navigation.sco is not None:
        return redirect(_target_url(course, navigation))
    messages.error(request, navigation.message)
    return redirect("training:course_detail", course.pk)


def sequencing_nav(course: Course, sequencing: SequencingView) -> dict[str, str | None]:
    """The player's navigation settings when the engine decides (adl.nav.request_valid.*)."""
    url = reverse("training:navigation", args=[course.pk])
    return {
        "sequencing": url,
        "next": url if sequencing.can_continue else None,
        "previous": url if sequencing.can_previous else None,
    }
