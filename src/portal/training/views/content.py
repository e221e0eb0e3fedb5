"""The content origin's pages: a package's launch frame and its files, under a signed launch token.

Nothing here reads the session: cookies do not reach the content origin. The token says who plays
what; access is checked again on every file, so a withdrawn learner loses the files at once.
"""

import mimetypes

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ..models import Package, Sco
from ..scorm import isolation
from ..selectors import course_access_check
from ..services.scorm import package_file_path

TOKEN_EXPIRED = _("A tananyag megnyitása óta túl sok idő telt el. Lépjen ki, és nyissa meg újra a tananyagot.")
NOT_FOUND = _("Ez a tananyagfájl nem található.")
NO_LONGER = _("Ez a tananyag már nem érhető el Önnek.")


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    response = render(request, "training/content_refused.html", {"message": message}, status=status)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _grant(request: HttpRequest, token: str) -> tuple[isolation.ContentGrant | None, HttpResponse | None]:
    """The token's grant after every check, or the refusal to answer with."""
    host = isolation.content_host()
    if host and request.get_host().lower() != host:
        # Package content is never served on the portal's own origin once it has one of its own.
        return None, _refuse(request, str(NOT_FOUND), 404)
    try:
        grant = isolation.grant_read(token)
    except isolation.TokenExpired:
        return None, _refuse(request, str(TOKEN_EXPIRED), 403)
    if grant is None:
        return None, _refuse(request, str(NOT_FOUND), 404)
    return grant, None


def _allowed(grant: isolation.ContentGrant, package: Package) -> str | None:
    """None if the token's person may still play the package's course, else the reason."""
    user = get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
    if user is None:
        return str(NO_LONGER)
    try:
        course_access_check(user=user, course=package.course)
    except PermissionDenied as error:
        return str(error)
    return None


@require_safe
@xframe_options_exempt
def content_frame(request: HttpRequest, token: str) -> HttpResponse:
    """The launch frame: the SCORM run-time beside the content, its bridge to the player, and the
    item's launch page in an inner frame (same content origin, so the content finds the API by
    walking its parent frames)."""
    grant, refusal = _grant(request, token)
    if refusal is not None or grant is None:
        return refusal or _refuse(request, str(NOT_FOUND), 404)
    sco = (Sco.objects.select_related("package__course__subsystem")
           .filter(pk=grant.sco_id, package_id=grant.package_id).first())
    if sco is None or not sco.href:
        return _refuse(request, str(NOT_FOUND), 404)
    reason = _allowed(grant, sco.package)
    if reason is not None:
        return _refuse(request, reason, 403)
    parent_origin = grant.parent_origin or isolation.origin_of(request.build_absolute_uri("/"))
    response = render(request, "training/content_frame.html", {
        "sco": sco,
        "launch": launch_url(sco),
        "setup": {"parentOrigin": parent_origin, "runtime": static("portal/js/scorm-api.js")},
    })
    response["Content-Security-Policy"] = isolation.frame_csp(parent_origin)
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def launch_url(sco: Sco) -> str:
    """The item's start page relative to the launch frame: the file with its query and fragment
    (IMS CP parameters applied by ``Sco.launch``); an external href as it is."""
    target = sco.launch
    return target.url("./" + iri_to_uri(target.path.lstrip("/")))


@require_safe
@xframe_options_exempt
def content_file(request: HttpRequest, token: str, path: str) -> HttpResponse | FileResponse:
    """A file of the token's package, with a Content-Security-Policy that keeps its script at home."""
    grant, refusal = _grant(request, token)
    if refusal is not None or grant is None:
        return refusal or _refuse(request, str(NOT_FOUND), 404)
    package = Package.objects.select_related("course__subsystem").filter(pk=grant.package_id).first()
    name = package_file_path(package=package, path=path) if package else None
    if package is None or name is None or not default_storage.exists(name):
        return _refuse(request, str(NOT_FOUND), 404)
    reason = _allowed(grant, package)
    if reason is not None:
        return _refuse(request, reason, 403)
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type or "application/octet-stream")
    parent_origin = grant.parent_origin or isolation.origin_of(request.build_absolute_uri("/"))
    response["Content-Security-Policy"] = isolation.package_csp(parent_origin)
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, max-age=3600"
    return response

