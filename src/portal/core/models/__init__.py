"""Core tables: code lists, reference data, the audit log and the mail outbox."""

from .audit import AuditEntry
from .codelists import (
    BaseTask,
    InstitutionCharacter,
    InstitutionType,
    MaintainerType,
    Schedule,
    SpecialCharacteristic,
    SupplementKind,
    SupplementValue,
    TaskCombination,
    TerminationReason,
)
from .outbox import OutboxMessage
from .reference import Country, County, PostalCode, Settlement, StreetType

__all__ = [
    "AuditEntry",
    "BaseTask",
    "Country",
    "County",
    "InstitutionCharacter",
    "InstitutionType",
    "MaintainerType",
    "OutboxMessage",
    "PostalCode",
    "Schedule",
    "Settlement",
    "SpecialCharacteristic",
    "StreetType",
    "SupplementKind",
    "SupplementValue",
    "TaskCombination",
    "TerminationReason",
]
