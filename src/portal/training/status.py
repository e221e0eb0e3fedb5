"""The Hungarian words for SCORM and course statuses: one mapping for every page that shows one
(the learner's, the notary's and the training office's)."""

from django.utils.translation import gettext_lazy as _

# Completion of an item (cmi.completion_status, or SCORM 1.2 lesson_status mapped to it) and of
# a course (selectors._progress; "none" = the course has no package yet).
COMPLETION = {
    "completed": _("befejezett"),
    "incomplete": _("folyamatban"),
    "unknown": _("folyamatban"),  # opened, the content has not reported completion
    "not attempted": _("nem kezdte el"),
    "browsed": _("megtekintette"),
    "none": _("nincs feltöltve"),
}
# Success (cmi.success_status; SCORM 1.2 passed / failed).
SUCCESS = {"passed": _("sikeres"), "failed": _("sikertelen"), "unknown": ""}
# SCORM 1.2 cmi.core.lesson_status, where a page shows it as it is.
LESSON_STATUS = {**COMPLETION, **SUCCESS, "completed": COMPLETION["completed"]}

TONES = {"completed": "ok", "passed": "ok", "incomplete": "warn", "unknown": "warn", "failed": "error"}


def completion_label(status: str) -> str:
    return str(COMPLETION.get(status, COMPLETION["not attempted"]))


def success_label(status: str) -> str:
    return str(SUCCESS.get(status, ""))


def status_tone(status: str) -> str:
    """The tag colour of a status: ok, warn, error or "" (neutral)."""
    return TONES.get(status, "")
