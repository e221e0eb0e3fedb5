"""The operators' Django admin at /admin/: staff only, and only with a confirmed second factor.

Signing in happens on the office login (password, then the TOTP code); the admin has no login form
of its own, so nobody reaches it with a password alone.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OperatorAdminSite(AdminSite):
    site_header = _("KIR Intézménytörzs · üzemeltetés")
    site_title = _("Üzemeltetés")
    index_title = _("Üzemeltetői felület")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # django_otp's middleware gives every user is_verified(): True after the TOTP step.
        verified = getattr(user, "is_verified", lambda: False)()
        return bool(user.is_active and user.is_staff and verified)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"),
                                 reverse("accounts:login_office"))

