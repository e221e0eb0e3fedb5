"""The learner's pages: enrolled courses, a course, the player, its commit endpoint, its files."""

import json
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..models import Course, Package, Sco
from ..scorm import datamodel, isolation
from ..scorm.navigation import flow_navigation
from ..selectors import (
    best_attempts,
    course_access_check,
    course_progress,
    learner_courses,
    learner_for,
)
from ..selectors_sequencing import sequencing_view
from ..services.scorm import CommitError, attempt_commit, attempt_launch, package_file_path
from ..services.sequencing import sequencing_launch
from .gates import asp_login_required
from .sequencing import sequencing_nav, sequencing_refused

MAX_COMMIT_BYTES = 512 * 1024


@asp_login_required
def learner_home(request: HttpRequest) -> HttpResponse:
    learner = learner_for(request.user)
    return render(request, "training/learner_home.html", {
        "learner": learner, "subsystems": learner_courses(learner=learner),
    })


@asp_login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("subsystem"), pk=course_id)
    course_access_check(user=request.user, course=course)
    package = course.package
    items = list(package.scos.all()) if package else []
    best = best_attempts(user=request.user, course_ids=[course.pk])
    rows = [{"sco": s, "attempt": best.get(s.pk)} for s in items]
    return render(request, "training/course_detail.html", {
        "course": course, "package": package, "rows": rows,
        "progress": course_progress(user=request.user, course=course),
        "first": next((s for s in items if s.href), None),
        "sequencing": sequencing_view(user=request.user, package=package) if package else None,  # (l2)
    })


@asp_login_required
def player(request: HttpRequest, course_id: int, sco_id: int) -> HttpResponse:
    sco = get_object_or_404(
        Sco.objects.select_related("package__course__subsystem"),
        pk=sco_id, package__course_id=course_id,
    )
    if not sco.href:
        raise Http404
    course = sco.package.course
    gate = sequencing_launch(user=request.user, sco=sco)  # SCORM 2004 sequencing decides (l2)
    if gate is not None and (gate.sco is None or gate.sco.pk != sco.pk):
        return sequencing_refused(request, course, gate)
    attempt, values = attempt_launch(user=request.user, sco=sco)
    items = list(sco.package.scos.all())
    by_identifier = {item.identifier: item for item in items if item.href}
    navigation = flow_navigation(identifiers=list(by_identifier), current=sco.identifier)
    previous, following = by_identifier.get(navigation.previous or ""), by_identifier.get(navigation.next or "")

    def url(item):
        return reverse("training:player", args=[course.pk, item.pk]) if item else None

    config = {
        "model": datamodel.model_for(sco.package.version).as_json(),
        "values": values,
        "commitUrl": reverse("training:attempt_commit", args=[attempt.pk]),
        "csrfToken": get_token(request),
        "sharedData": [{"read": b["read"], "write": b["write"]} for b in sco.shared_data],
        "nav": {
            "previous": url(previous), "next": url(following),
            "exit": reverse("training:course_detail", args=[course.pk]),
            "items": {identifier: url(item) for identifier, item in by_identifier.items()},
            "valid": navigation.request_valid(),
        },
    }
    sequencing = sequencing_view(user=request.user, package=sco.package) if gate is not None else None
    if sequencing is not None:  # (l2) navigation goes to the server's sequencing engine
        cast(dict, config["nav"]).update(sequencing_nav(course, sequencing))
    frame = _content_frame(request, sco)
    response = render(request, "training/player.html", {
        "sequencing": sequencing,
        "course": course, "sco": sco, "items": items, "previous": previous, "next": following,
        "config": config, "attempt": attempt, "frame": frame,
    })
    # The page's Content-Security-Policy (django-csp) lets it frame the content origin, and only that.
    response._csp_update = {"frame-src": [frame["origin"]]}  # type: ignore[attr-defined]
    return response


def _content_frame(request: HttpRequest, sco: Sco) -> dict:
    """The launch frame on the content origin, under a token for this person and item."""
    parent_origin = isolation.origin_of(request.build_absolute_uri("/"))
    token = isolation.grant_token(
        package_id=sco.package_id, sco_id=sco.pk, user_id=int(request.user.pk or 0), parent_origin=parent_origin,
    )
    return {"url": isolation.frame_url(token), "origin": isolation.content_origin() or parent_origin,
            "sandbox": isolation.FRAME_SANDBOX}


@asp_login_required
@require_POST
def attempt_commit_view(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """The player's Commit/Finish: JSON in, JSON out; refusals carry the SCORM error code."""
    if int(request.headers.get("Content-Length") or 0) > MAX_COMMIT_BYTES:
        return JsonResponse({"error": "101", "message": "too large"}, status=413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "101", "message": "invalid JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "101", "message": "invalid JSON"}, status=400)
    try:
        attempt = attempt_commit(
            user=request.user, attempt_id=attempt_id, changes=payload.get("values", {}),
            finish=bool(payload.get("finish")),
        )
    except CommitError as error:
        return JsonResponse(
            {"error": error.code, "element": error.element, "message": error.message}, status=409
        )
    except PermissionDenied as error:
        return JsonResponse({"error": "101", "message": str(error)}, status=403)
    return JsonResponse({
        "result": "true", "completion_status": attempt.completion_status,
        "success_status": attempt.success_status,
    })


@asp_login_required
def package_file(request: HttpRequest, package_id: int, path: str) -> HttpResponseRedirect:
    """A file of a package, for those who may play its course: never served on the portal's
    origin, but sent on to the content origin under a fresh launch token."""
    package = get_object_or_404(Package.objects.select_related("course__subsystem"), pk=package_id)
    course_access_check(user=request.user, course=package.course)
    if package_file_path(package=package, path=path) is None:
        raise Http404
    token = isolation.grant_token(
        package_id=package.pk, sco_id=0, user_id=int(request.user.pk or 0),
        parent_origin=isolation.origin_of(request.build_absolute_uri("/")),
    )
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(isolation.file_url(token, path) + (f"?{query}" if query else ""))
