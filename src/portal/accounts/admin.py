"""Users in the operators' admin: search and look, lock and unlock; everything else happens on the
portal's own pages (credentials, roles, the access manager)."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.core.admin import ReadOnlyAdmin
from portal.core.audit import audit_record

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "email", "kind", "is_active", "is_staff", "last_login"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "login_key"]
    exclude = ["password"]
    actions = ["lock", "unlock"]

    def has_lock_permission(self, request) -> bool:
        return request.user.has_perm("accounts.change_user")

    @admin.action(description=_("Zárolás (nem léphet be)"), permissions=["lock"])
    def lock(self, request, queryset):
        chosen = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        for user in chosen:
            User.objects.filter(pk=user.pk).update(is_active=False)
            audit_record(action="user.lock", actor=request.user, target=user)
        self.message_user(request, _("%(count)d felhasználó zárolva.") % {"count": len(chosen)},
                          messages.SUCCESS)

    @admin.action(description=_("Feloldás (újra beléphet, a hibás belépések törölve)"),
                  permissions=["lock"])
    def unlock(self, request, queryset):
        chosen = list(queryset)
        for user in chosen:
            User.objects.filter(pk=user.pk).update(is_active=True)
            axes_reset(username=user.login_key)
            audit_record(action="user.unlock", actor=request.user, target=user)
        self.message_user(request, _("%(count)d felhasználó feloldva.") % {"count": len(chosen)},
                          messages.SUCCESS)
