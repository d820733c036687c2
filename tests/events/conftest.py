"""Fixtures for events: an SMS outbox, and events in the personas' organisations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.events import services
from medskapa.events.models import Event
from medskapa.organisations.models import Organisation, Unit
from medskapa.web import sms
from tests.api.conftest import api_for, issue_token  # noqa: F401  (the API tests' fixtures)
from tests.personas import Personas

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.get_fixed_timezone(60))


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.MEDSKAPA_SMS_BACKEND = "medskapa.web.sms.LocmemSmsBackend"
    settings.MEDSKAPA_BASE_URL = "https://medskapa.example"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


MakeEvent = Callable[..., Event]


def event_fields(**overrides: Any) -> dict[str, Any]:
    starts = overrides.pop("starts_at", timezone.now() + timedelta(days=10))
    fields: dict[str, Any] = {
        "title": "Workshop om fritid",
        "description": "Vi pratar om fritid, och fikar.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Ungdomens hus",
        "accessibility": "Ingång utan trappsteg, hiss, tyst rum.",
        "seats": 10,
        "age_min": 8,
        "age_max": 20,
        "languages": "svenska, arabiska",
        "contact": "Dana, dataskydd@egen.example",
        "published": True,
    }
    fields.update(overrides)
    return fields


def create_event(
    personas: Personas,
    *,
    organisation: Organisation | None = None,
    unit: Unit | None = None,
    **overrides: Any,
) -> Event:
    organisation = organisation or personas.own
    admin = personas.admin if organisation == personas.own else personas.outsider_admin
    return services.event_create(
        actor=actor_for_user(admin),
        organisation=organisation,
        unit=unit,
        **event_fields(**overrides),
    )


@pytest.fixture
def make_event(personas: Personas) -> MakeEvent:
    def make(**kwargs: Any) -> Event:
        kwargs.setdefault("unit", personas.unit_a)
        return create_event(personas, **kwargs)

    return make


_counter = {"n": 0}


def sign_up(event: Event, *, confirm: bool = True, **overrides: Any) -> services.SignUpResult:
    """Sign someone up and, unless ``confirm=False``, open the link they were sent."""
    _counter["n"] += 1
    fields: dict[str, Any] = {
        "name": f"Person {_counter['n']}",
        "birth_year": 2008,
        "contact_email": f"p{_counter['n']}@example.com",
        "consent_storage": True,
        "submission_key": f"key-{_counter['n']}",
    }
    fields.update(overrides)
    result = services.signup_create(event=event, **fields)
    if not confirm or not result.created:
        return result
    confirmed = services.signup_confirm(token=result.confirm_token, now=overrides.get("now"))
    assert confirmed is not None
    return services.SignUpResult(
        confirmed.signup,
        created=True,
        cancel_token=confirmed.cancel_token,
        confirm_token=result.confirm_token,
    )
