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
from medskapa.audit.chain import HASHED_FIELDS, row_hash
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


def is_superuser() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return bool(cursor.fetchone()[0] == "on")


def tamper(sql: str, params: list[Any]) -> None:
    """Run raw SQL on the audit table the way an intruder with database access would.

    SQLite: raw SQL passes the model guard. PostgreSQL: a superuser switches triggers off for
    the session (``session_replication_role = replica``); the application's own role cannot,
    so a run as that role skips these tests (the privilege tests cover it instead).
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    if not is_superuser():
        pytest.skip("playing the intruder on PostgreSQL needs a superuser connection")
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def rechain(organisation_id: uuid.UUID | None) -> None:
    """Re-link every row of a chain with plain SHA-256, as an intruder without the key can
    after removing rows (and as anyone could before the chain had a key)."""
    prev = "0" * 64
    for event in AuditEvent.stored.filter(organisation_id=organisation_id).order_by("id"):
        fields = {name: getattr(event, name) for name in HASHED_FIELDS}
        digest = row_hash(prev, fields)
        tamper(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, digest, event.id],
        )
        prev = digest
