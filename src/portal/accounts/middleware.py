from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse


class PasswordChangeRequiredMiddleware:
    """A person whose password was set by someone else changes it before anything else."""

    ALLOWED_PREFIXES = ("/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            try:
                target = reverse("accounts:password_change")
                allowed = {target, reverse("accounts:logout")}
            except NoReverseMatch:
                return self.get_response(request)
            if request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                return redirect(target)
        return self.get_response(request)
