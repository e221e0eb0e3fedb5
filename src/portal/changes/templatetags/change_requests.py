"""The decision history of a request, wherever its summary is shown."""

from django import template

from ..models import ChangeRequest
from ..selectors import decision_history as decision_history_select

register = template.Library()


@register.inclusion_tag("changes/includes/decision_history.html")
def decision_history(change_request: ChangeRequest) -> dict:
    return {"decisions": decision_history_select(change_request=change_request)}
