"""Sending text messages (SMS) through a pluggable backend, like Django's e-mail backends.

Choose the backend with a dotted path in settings::

    MEDSKAPA_SMS_BACKEND = "medskapa.web.sms.ConsoleSmsBackend"   # development (default)
    MEDSKAPA_SMS_BACKEND = "medskapa.web.sms.LocmemSmsBackend"    # tests: see ``outbox``

A real provider is one class with ``send_messages(messages) -> int``; nothing else changes.
Use ``send_sms(to, body)`` from any app.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "medskapa.web.sms.ConsoleSmsBackend"


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class SmsBackend(Protocol):
    def send_messages(self, messages: list[SmsMessage]) -> int: ...


class ConsoleSmsBackend:
    """Writes messages to standard output (development only: it prints phone numbers)."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()
        return len(messages)


# Messages sent with LocmemSmsBackend, for tests (clear it between tests).
outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_backend() -> SmsBackend:
    path = getattr(settings, "MEDSKAPA_SMS_BACKEND", DEFAULT_BACKEND)
    backend: SmsBackend = import_string(path)()
    return backend


def send_sms(to: str, body: str) -> int:
    """Send one message; returns how many were sent (0 for an empty number)."""
    to = to.strip()
    if not to:
        return 0
    return get_backend().send_messages([SmsMessage(to=to, body=body)])
