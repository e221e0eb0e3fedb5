"""Keeps the content origin and the portal apart when TRAINING_CONTENT_ORIGIN is set."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import reverse

from .scorm import isolation


class ContentHostMiddleware:
    """On the content origin's host only package content and static files exist: no login page, no
    portal page, nothing that could set or use a session there. (The content views themselves refuse
    to serve package files on any other host.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = isolation.content_host()
        if host and request.get_host().lower() == host:
            prefix = reverse("training:content_frame", args=["-"])[:-2]
            if not (request.path.startswith(prefix) or request.path.startswith(settings.STATIC_URL)):
                return HttpResponseNotFound("Not found", content_type="text/plain")
        return self.get_response(request)
