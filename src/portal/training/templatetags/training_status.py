"""``{% load training_status %}``: statuses in Hungarian (``portal.training.status``)."""

from django import template

from ..status import completion_label, status_tone, success_label

register = template.Library()

register.filter("completion_hu", completion_label)
register.filter("success_hu", success_label)
register.filter("status_tone", status_tone)
