"""Writing to the audit log. The only code path that inserts rows."""

from __future__ import annotations

import hashlib
import ipaddress
import uuid
from datetime import UTC, date, datetime
from typing import Any, Required, TypedDict, Unpack

from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils.ipv6 import clean_ipv6_address

from medskapa.access.actor import ANONYMOUS, Actor
from medskapa.web.clientip import client_ip

from .chain import GENESIS, row_hash
from .models import AuditEvent, AuditReview

Action = AuditEvent.Action


def _now() -> datetime:
    return datetime.now(tz=UTC)


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
    """The client's address in the form the database gives back, so the hash still fits.

    Django writes IPv6 addresses compressed and lower-case (and PostgreSQL's ``inet`` returns
    them so); hashing the raw header instead would break the chain on read. Anything that is not
    an address is dropped rather than allowed to fail the insert.
    """
    if request is None:
        return None
    raw = client_ip(request) or ""  # through the trusted proxy (docs/deploy.md)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if address.version == 6:
        return str(clean_ipv6_address(raw))
    return str(address)


class Event(TypedDict, total=False):
    """What a caller says about one event; ``event_fields`` turns it into the hashed row."""

    action: Required[str]
    actor: Actor | None
    request: HttpRequest | None
    organisation_id: uuid.UUID | None
    obj: Model | None
    object_type: str
    object_id: str
    subject_id: uuid.UUID | None
    purpose: str
    detail: str


def event_fields(**event: Unpack[Event]) -> dict[str, Any]:
    """The hashed fields of one event, ready for ``append``."""
    request = event.get("request")
    actor = event.get("actor") or getattr(request, "actor", None) or ANONYMOUS
    obj = event.get("obj")
    object_type = event.get("object_type", "")
    object_id = event.get("object_id", "")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return {
        "occurred_at": _now(),
        "organisation_id": event.get("organisation_id"),
        "actor_id": actor.user_id or actor.token_id,
        "actor_kind": "token" if actor.token_id else ("user" if actor.user else "anonymous"),
        "actor_role": actor.primary_role(),
        "action": event["action"],
        "object_type": object_type[:60],
        "object_id": str(object_id)[:64],
        "subject_id": event.get("subject_id"),
        "purpose": event.get("purpose", "")[:200],
        "detail": event.get("detail", "")[:300],
        "request_id": getattr(request, "request_id", "") if request is not None else "",
        "ip": _client_ip(request),
    }


def append(organisation_id: uuid.UUID | None, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append events to one organisation's chain under a single lock, in the order given.

    Batch writers (the check-in processor) use this so that a hundred rows cost one lock,
    one read of the chain's head and one insert, instead of a hundred of each.
    """
    if not events:
        return []
    rows: list[AuditEvent] = []
    with transaction.atomic():
        _lock_chain(organisation_id)
        last = (
            AuditEvent.objects.filter(organisation_id=organisation_id)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        prev = last or GENESIS
        for fields in events:
            if fields["organisation_id"] != organisation_id:
                raise ValueError("Every event appended together belongs to the same chain.")
            row = AuditEvent(prev_hash=prev, hash=row_hash(prev, fields), **fields)
            prev = row.hash
            rows.append(row)
        if len(rows) == 1:
            rows[0].save()
        else:
            # Ids come from one sequence in this order, so the chain follows ``id``.
            AuditEvent.objects.bulk_create(rows)
    return rows


def record(**event: Unpack[Event]) -> AuditEvent:
    """Append one event to the organisation's chain and return it."""
    return append(event.get("organisation_id"), [event_fields(**event)])[0]


@transaction.atomic
def record_review(
    *,
    actor: Actor,
    organisation_id: uuid.UUID,
    kind: str,
    period_start: date,
    period_end: date,
    filters: str,
    findings: str,
    request: HttpRequest | None = None,
) -> AuditReview:
    """Record a follow-up of the access log, and log the recording itself."""
    if actor.user is None:
        raise ValueError("A review of the access log is recorded by a person, not a token.")
    review = AuditReview(
        organisation_id=organisation_id,
        reviewer_id=actor.user.pk,
        reviewer_name=str(actor.user)[:150],
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        filters=filters[:500],
        findings=findings.strip(),
    )
    review.full_clean()
    review.save()
    record(
        action=Action.CREATE,
        actor=actor,
        request=request,
        organisation_id=organisation_id,
        obj=review,
        purpose="access-log review",
        detail=f"{kind} {period_start.isoformat()}..{period_end.isoformat()}",
    )
    return review
