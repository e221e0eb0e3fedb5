"""Real servers that the tests start on loopback, where production talks to a server.

- ``smtp_server``: an SMTP server (aiosmtpd) that records what it receives and can be told to
  refuse, drop the connection or keep silent for the next deliveries.
"""

from __future__ import annotations

import email
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SmtpRecorder:
    """An aiosmtpd handler: what arrived, and what to do with the next DATA commands.

    ``plan`` holds one behaviour per coming delivery: "refuse" answers 451 (try again later),
    "drop" closes the connection without an answer after taking the message (the client cannot
    know it arrived), "lose" closes it before taking the message. An empty plan accepts.
    """

    received: list[EmailMessage] = field(default_factory=list)
    plan: deque[str] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        behaviour = self.plan.popleft() if self.plan else "accept"
        if behaviour == "refuse":
            return "451 4.3.0 Átmeneti hiba, próbálja később"
        if behaviour == "lose":
            server.transport.close()
            return "421 4.3.0 closing"
        with self.lock:
            self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if behaviour == "drop":
            server.transport.close()
            return "421 4.3.0 closing"
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(message["Message-ID"]) for message in self.received]


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: SmtpRecorder


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on loopback; Django's SMTP backend points at it for the test."""
    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield SmtpServer(host="127.0.0.1", port=port, recorder=recorder)
    finally:
        controller.stop()


@pytest.fixture
def silent_server(settings):
    """A TCP server on loopback that accepts connections and never says a word (a hung mail server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    try:
        yield listener
    finally:
        listener.close()
