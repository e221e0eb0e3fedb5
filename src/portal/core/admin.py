"""Admin pages of the core: the outbox and the audit log (read-only), code lists (edited by staff
with the change permission; every change is audited)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .models import (
    AuditEntry,
    BaseTask,
    InstitutionCharacter,
    InstitutionType,
    MaintainerType,
    OutboxMessage,
    Schedule,
    SpecialCharacteristic,
    SupplementKind,
    SupplementValue,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, never touch: the clerks' pages and the services own these rows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("core.change_outboxmessage")

    @admin.action(description=_("Újraküldés most (sikertelen vagy várakozó levelek)"),
                  permissions=["retry"])
    def retry_now(self, request, queryset):
        from .jobs import job_enqueue
        from .mail import outbox_deliver

        chosen = list(queryset.filter(status__in=[OutboxMessage.Status.FAILED,
                                                  OutboxMessage.Status.PENDING]))
        for message in chosen:
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now(),
                attempts=0 if message.status == OutboxMessage.Status.FAILED else message.attempts)
            job_enqueue(outbox_deliver, message.pk)
            audit_record(action="outbox.retry", actor=request.user, target=message)
        self.message_user(request, _("%(count)d levél újra küldésre vár.") % {"count": len(chosen)},
                          messages.SUCCESS)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_label", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "action", "object_id", "object_label"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.view_auditentry")


class CodeListAdmin(admin.ModelAdmin):
    """A code list's rows: names, order and whether they can be chosen. Codes never change, and rows
    are never deleted (records refer to them): an entry that is no longer offered is switched off."""

    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["name", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        audit_record(action="codelist.change" if change else "codelist.add", actor=request.user,
                     target=obj, data={"fields": sorted(form.changed_data)})


for model in (MaintainerType, InstitutionCharacter, InstitutionType, BaseTask, SpecialCharacteristic,
              Schedule, SupplementKind, SupplementValue):
    admin.site.register(model, CodeListAdmin)
