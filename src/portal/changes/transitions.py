"""The one table of what may happen to a change request in which state."""

from django.utils.translation import gettext_lazy as _

from .models import State

# action -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "draft_save": (frozenset({State.DRAFT, State.REOPENED}), None),
    "submit": (frozenset({State.DRAFT, State.REOPENED}), State.SUBMITTED),
    "authenticate": (frozenset({State.SUBMITTED}), State.AUTHENTICATED),
    "approve": (frozenset({State.AUTHENTICATED}), State.APPROVED),
    "reopen": (frozenset({State.SUBMITTED, State.AUTHENTICATED}), State.REOPENED),
    "reject": (frozenset({State.SUBMITTED, State.AUTHENTICATED}), State.REJECTED),
    "cancel": (frozenset({State.DRAFT, State.SUBMITTED, State.REOPENED}), State.CANCELLED),
}

TRANSITION_NOT_ALLOWED = _("A kérelem jelenlegi állapotában ez a művelet nem végezhető el (állapot: {state}).")


class TransitionNotAllowed(Exception):
    def __init__(self, *, action: str, state: str):
        self.action, self.state = action, state
        super().__init__(str(TRANSITION_NOT_ALLOWED).format(state=State(state).label))


def allowed(*, action: str, state: str) -> bool:
    return state in TRANSITIONS[action][0]


def transition_check(*, action: str, state: str) -> str:
    """The state ``action`` leads to from ``state``; raises TransitionNotAllowed if it may not happen."""
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise TransitionNotAllowed(action=action, state=state)
    return target or state


def actions_from(state: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if state in sources]
