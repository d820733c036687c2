"""Text messages through a pluggable backend, like Django's e-mail backends.

``MEDSKAPA_SMS_BACKEND`` names the class (dotted path). Development prints to the console;
tests collect in ``outbox``; a real provider is one small class with ``send(messages)``.
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
    def send(self, messages: list[SmsMessage]) -> int: ...


class ConsoleSmsBackend:
    def send(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
        return len(messages)


outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    """Keeps messages in ``medskapa.web.sms.outbox`` for tests."""

    def send(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def send_sms(to: str, body: str) -> int:
    backend_class = import_string(getattr(settings, "MEDSKAPA_SMS_BACKEND", DEFAULT_BACKEND))
    backend: SmsBackend = backend_class()
    return backend.send([SmsMessage(to=to, body=body)])
