"""Shared by the check-in tests: a full answer set and a quick way to submit one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.checkins import services
from medskapa.checkins.models import CheckIn
from medskapa.organisations.models import Organisation

AREAS = ["health", "school", "feelings", "home", "friends", "free_time", "safety", "future"]


def answers(**scores: int | None) -> dict[str, Any]:
    areas: dict[str, int | None] = dict.fromkeys(AREAS, 4)
    areas.update(scores)
    return {"areas": areas, "followups": {}, "texts": {}}


def submit(
    user: User,
    organisation: Organisation,
    data: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
    key: uuid.UUID | None = None,
) -> CheckIn:
    return services.checkin_submit(
        actor=actor_for_user(user),
        organisation=organisation,
        answers=data or answers(),
        idempotency_key=key or uuid.uuid4(),
        language="sv",
        submitted_at=at,
    ).checkin
