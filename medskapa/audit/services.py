"""Writing to the audit log. The only code path that inserts rows."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest

from medskapa.access.actor import ANONYMOUS, Actor

from .chain import GENESIS, row_hash
from .models import AuditEvent, AuditReview

Action = AuditEvent.Action


def _lock_chain(organisation_id: uuid.UUID | None) -> None:
    """Serialise writers of one organisation's chain (SQLite already serialises all writes)."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(
        hashlib.sha256(str(organisation_id).encode()).digest()[:8], "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    actor: Actor | None = None,
    request: HttpRequest | None = None,
    organisation_id: uuid.UUID | None = None,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    subject_id: uuid.UUID | None = None,
    purpose: str = "",
    detail: str = "",
) -> AuditEvent:
    """Append one event to the organisation's chain and return it."""
    if actor is None:
        actor = getattr(request, "actor", None) or ANONYMOUS
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    fields: dict[str, Any] = {
        "occurred_at": datetime.now(tz=UTC),
        "organisation_id": organisation_id,
        "actor_id": actor.user_id or actor.token_id,
        "actor_kind": "token" if actor.token_id else ("user" if actor.user else "anonymous"),
        "actor_role": actor.primary_role(),
        "action": action,
        "object_type": object_type[:60],
        "object_id": str(object_id)[:64],
        "subject_id": subject_id,
        "purpose": purpose[:200],
        "detail": detail[:300],
        "request_id": getattr(request, "request_id", "") if request is not None else "",
        "ip": _client_ip(request),
    }
    with transaction.atomic():
        _lock_chain(organisation_id)
        last = (
            AuditEvent.objects.filter(organisation_id=organisation_id)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        prev = last or GENESIS
        event = AuditEvent(prev_hash=prev, hash=row_hash(prev, fields), **fields)
        event.save()
    return event


def record_review(
    *,
    actor: Actor,
    organisation_id: uuid.UUID,
    kind: str,
    period_start: Any,
    period_end: Any,
    filters: str,
    findings: str,
) -> AuditReview:
    assert actor.user is not None
    review = AuditReview(
        organisation_id=organisation_id,
        reviewer_id=actor.user.pk,
        reviewer_name=str(actor.user),
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        filters=filters[:500],
        findings=findings,
    )
    review.full_clean()
    review.save()
    return review
