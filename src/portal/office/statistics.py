"""The office's statistics: the queue of open requests by state and age, decisions per week."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.changes.models import ChangeRequest, State
from portal.core.charts import Chart, chart_bar

# States in which a request waits for the office (the queue), in the order of the workflow.
OPEN_STATES = [State.SUBMITTED, State.AUTHENTICATED, State.REOPENED]
# Age buckets in days since the request was submitted: (upper bound inclusive, label).
AGE_BUCKETS = [(7, "legfeljebb 1 hét"), (30, "1 hét – 1 hónap"), (90, "1–3 hónap"), (None, "3 hónapnál régebbi")]
DECIDED_STATES = [(State.APPROVED, "átvezetett"), (State.REJECTED, "elutasított")]


def _bucket(age_days: int) -> int:
    for index, (upper, _label) in enumerate(AGE_BUCKETS):
        if upper is None or age_days <= upper:
            return index
    return len(AGE_BUCKETS) - 1


def office_queue_by_state_and_age(*, now: datetime | None = None) -> Chart:
    """Open requests per state, split by how long ago they were submitted."""
    now = now or timezone.now()
    counts = {state: [0] * len(AGE_BUCKETS) for state in OPEN_STATES}
    for state, submitted_at, created_at in ChangeRequest.objects.filter(state__in=OPEN_STATES).values_list(
            "state", "submitted_at", "created_at"):
        since = submitted_at or created_at
        counts[State(state)][_bucket((now - since).days)] += 1
    return chart_bar(
        title=_("Nyitott kérelmek állapot és kor szerint"), category_label=_("Állapot"),
        categories=[str(state.label) for state in OPEN_STATES],
        series=[(label, [counts[state][index] for state in OPEN_STATES])
                for index, (_upper, label) in enumerate(AGE_BUCKETS)],
        stacked=True,
    )


def office_decisions_per_week(*, weeks: int = 12, today: date | None = None) -> Chart:
    """Approved and rejected requests in each of the last ``weeks`` weeks (Monday to Sunday)."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts: dict[tuple[str, date], int] = {
        (str(state), start): 0 for state, _label in DECIDED_STATES for start in starts
    }
    rows = (ChangeRequest.objects.filter(state__in=[s for s, _l in DECIDED_STATES],
                                         decided_at__date__gte=starts[0])
            .annotate(week=TruncWeek("decided_at")).values("state", "week").annotate(n=Count("pk")))
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], datetime) else row["week"]
        if (row["state"], week) in counts:
            counts[(row["state"], week)] = row["n"]
    return chart_bar(
        title=_("Döntések hetente (az utolsó %(weeks)d hét)") % {"weeks": weeks},
        category_label=_("Hét kezdőnapja"), categories=[start.strftime("%m.%d.") for start in starts],
        series=[(label, [counts[(str(state), start)] for start in starts]) for state, label in DECIDED_STATES],
    )
