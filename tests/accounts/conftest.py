import pytest
from django.core import mail
from django.utils.html import escape

from portal.core.mail import outbox_deliver_due


def shows(response, message) -> bool:
    """The page shows ``message`` (as HTML-escaped text)."""
    return escape(str(message)) in response.content.decode()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run ``action`` with on-commit callbacks executed, deliver the outbox, return the mails."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        outbox_deliver_due()
        return result

    return run


@pytest.fixture
def sent_mail():
    return mail.outbox
