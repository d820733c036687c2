"""Helpers for the audit tests: write events as a persona, and tamper with rows as an intruder."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from medskapa.access.actor import ANONYMOUS, Actor, actor_for_user
from medskapa.accounts.models import User
from medskapa.audit import services
from medskapa.audit.models import AuditEvent

Action = AuditEvent.Action


def log(
    user: User | None,
    organisation_id: uuid.UUID | None,
    *,
    action: str = Action.VIEW,
    subject: User | None = None,
    purpose: str = "",
    detail: str = "",
    object_type: str = "organisations.caseload",
    object_id: str = "",
    actor: Actor | None = None,
    remote_addr: str = "192.0.2.10",
) -> AuditEvent:
    """One event written through the service, as ``user`` would leave it in a request."""
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    request.request_id = uuid.uuid4().hex  # type: ignore[attr-defined]
    if actor is None:
        actor = actor_for_user(user) if user is not None else ANONYMOUS
    return services.record(
        action=action,
        actor=actor,
        request=request,
        organisation_id=organisation_id,
        object_type=object_type,
        object_id=object_id,
        subject_id=subject.pk if subject is not None else None,
        purpose=purpose,
        detail=detail,
    )


def log_at(
    monkeypatch: pytest.MonkeyPatch, when: datetime, *args: Any, **kwargs: Any
) -> AuditEvent:
    """An event that happened at ``when`` (an aware datetime)."""
    with monkeypatch.context() as patch:
        patch.setattr(services, "_now", lambda: when)
        return log(*args, **kwargs)


def tamper(sql: str, params: list[Any]) -> None:
    """Run raw SQL on the audit table the way someone with database access would.

    On PostgreSQL the append-only trigger has to be switched off first (only the table owner
    can); the test transaction rolls that back with everything else.
    """
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if postgres:
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
