from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from medskapa.web import sms

from .helpers import register_hooks


@pytest.fixture(autouse=True)
def _feedback_hooks() -> None:
    # The lead wires these into the apps' AppConfig.ready; registering twice is harmless.
    register_hooks()


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.MEDSKAPA_SMS_BACKEND = "medskapa.web.sms.LocmemSmsBackend"
    settings.MEDSKAPA_BASE_URL = "https://medskapa.example"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
