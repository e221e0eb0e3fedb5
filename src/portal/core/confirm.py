"""Confirming a destructive action, without JavaScript.

The action's button posts as before; the view first calls ``confirmation_page``. Without the
confirmation field it answers a page that says what will happen, with the same fields posted
again plus the confirmation, and a way back. Nothing changes until that second post.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "megerosites"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmation_page(request: HttpRequest, *, title: str, question: str, action: str, back_url: str,
                      base_template: str = "base.html") -> HttpResponse | None:
    """None when the post carries the confirmation; otherwise the page asking for it."""
    if request.POST.get(CONFIRM_FIELD) == "1":
        return None
    fields = [(name, value) for name, values in request.POST.lists() if name not in NOT_REPEATED for value in values]
    return render(request, "confirm.html", {
        "title": title, "question": question, "action": action, "back_url": back_url,
        "fields": fields, "confirm_field": CONFIRM_FIELD, "base_template": base_template,
    })
