"""Writing to the audit log. Every service that changes state calls ``audit_record``."""

from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    data: dict | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Record ``action`` (a dotted name such as ``change_request.approve``)."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=str(actor) if actor is not None and actor.is_authenticated else "",
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:300] if target is not None else "",
        data=data or {},
        ip_address=ip_address,
    )
