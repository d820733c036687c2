"""Writing to the audit log. The only code path that inserts rows."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import uuid
from datetime import UTC, date, datetime
from typing import Any, Required, TypedDict, Unpack

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils.ipv6 import clean_ipv6_address

from medskapa.access.actor import ANONYMOUS, Actor
from medskapa.web.clientip import client_ip

from . import keys
from .chain import GENESIS, row_hash
from .models import PERSON_OBJECT_TYPES, AuditEvent, AuditPseudonym, AuditReview

Action = AuditEvent.Action
security_log = logging.getLogger("medskapa.security")

# Refusals: one chained row per actor, action and target organisation in this many seconds;
# the rest are counted in the shared cache and the count rides on the window's next row.
REFUSAL_WINDOW_SECONDS = 600
_COUNT_TIMEOUT = 7 * 24 * 3600


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


def _pseudonyms(person_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Each person's pseudonym, made on first mention (two writers racing agree on one)."""
    if not person_ids:
        return {}
    found = dict(
        AuditPseudonym.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "pseudonym"
        )
    )
    missing = person_ids - found.keys()
    if missing:
        AuditPseudonym.objects.bulk_create(
            [AuditPseudonym(person_id=i) for i in missing], ignore_conflicts=True
        )
        found.update(
            AuditPseudonym.objects.filter(person_id__in=missing).values_list(
                "person_id", "pseudonym"
            )
        )
    return found


def _person_object(fields: dict[str, Any]) -> uuid.UUID | None:
    if fields.get("object_type") not in PERSON_OBJECT_TYPES:
        return None
    try:
        return uuid.UUID(str(fields.get("object_id")))
    except ValueError:
        return None


def _people_in(fields: dict[str, Any]) -> list[uuid.UUID]:
    people = [fields.get("subject_id"), _person_object(fields)]
    if fields.get("actor_kind") == "user":
        people.append(fields.get("actor_id"))
    return [uuid.UUID(str(p)) for p in people if p]


def _as_stored(fields: dict[str, Any], names: dict[uuid.UUID, uuid.UUID]) -> dict[str, Any]:
    """The event as chained: people by pseudonym."""
    stored = dict(fields)
    if stored.get("subject_id"):
        stored["subject_id"] = names[uuid.UUID(str(stored["subject_id"]))]
    if stored.get("actor_kind") == "user" and stored.get("actor_id"):
        stored["actor_id"] = names[uuid.UUID(str(stored["actor_id"]))]
    person_object = _person_object(stored)
    if person_object is not None:
        stored["object_id"] = str(names[person_object])
    return stored


def append(organisation_id: uuid.UUID | None, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append events to one organisation's chain under a single lock, in the order given.

    Batch writers (the check-in processor) use this so that a hundred rows cost one lock,
    one read of the chain's head, one read of the people's pseudonyms and one insert, instead of
    a hundred of each. The rows are chained with the current key over pseudonyms; the returned
    rows read like loaded ones (person ids, not pseudonyms).
    """
    if not events:
        return []
    version, key = keys.current()
    rows: list[AuditEvent] = []
    with transaction.atomic():
        names = _pseudonyms({p for fields in events for p in _people_in(fields)})
        _lock_chain(organisation_id)
        last = (
            AuditEvent.stored.filter(organisation_id=organisation_id)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        )
        prev = last or GENESIS
        for fields in events:
            if fields["organisation_id"] != organisation_id:
                raise ValueError("Every event appended together belongs to the same chain.")
            stored = _as_stored(fields, names)
            row = AuditEvent(
                prev_hash=prev, hash=row_hash(prev, stored, key), hash_version=version, **stored
            )
            prev = row.hash
            rows.append(row)
        if len(rows) == 1:
            rows[0].save()
        else:
            # Ids come from one sequence in this order, so the chain follows ``id``.
            AuditEvent.stored.bulk_create(rows)
    for row, fields in zip(rows, events, strict=True):
        row.actor_id = fields.get("actor_id")
        row.subject_id = fields.get("subject_id")
        row.object_id = fields.get("object_id", "")
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


def forget_person(*, actor: Actor, person_id: uuid.UUID) -> bool:
    """Erase the link from a person to the audit log: the rows stay, chained and verifiable,
    and name nobody (their pseudonym no longer leads anywhere).

    The one deletion the audit app allows. The erasure itself is logged in the platform chain
    without naming the person. Rows written before pseudonyms (hash version 1) hold raw ids
    and are not reached by this (docs/deploy.md, "Audit log"). Returns whether a link existed.
    """
    with transaction.atomic():
        link = AuditPseudonym.objects.filter(person_id=person_id)
        if not link.exists():
            return False
        record(
            action=Action.DELETE,
            actor=actor,
            organisation_id=None,
            object_type="audit.auditpseudonym",
            purpose="erasure",
            detail="a person's link to the audit log was forgotten",
        )
        # Recording may have named the actor; forgetting oneself removes that link too.
        AuditPseudonym.objects.filter(person_id=person_id).delete()
    return True


def _as_uuid(value: object) -> uuid.UUID | None:
    """An organisation id from a URL (which may hold anything), or None."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _refusal_key(*parts: object) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"audit:refusal:{digest}"


def _refusal_sampled(key: str) -> tuple[bool, int]:
    """Whether this refusal opens a window (and is written), and the refusals counted and not
    written since the last written one. A cache that does not answer: write it (count 0)."""
    try:
        if cache.add(f"{key}:window", 1, timeout=REFUSAL_WINDOW_SECONDS):
            counted = int(cache.get(f"{key}:count") or 0)
            if counted:
                cache.delete(f"{key}:count")
            return True, counted
        try:
            counted = cache.incr(f"{key}:count")
        except ValueError:  # the first one counted in this window
            cache.add(f"{key}:count", 0, timeout=_COUNT_TIMEOUT)
            counted = cache.incr(f"{key}:count")
        return False, counted
    except Exception:  # the refusal is written when the cache cannot count it
        security_log.exception("The cache could not count a refusal; writing it to the log.")
        return True, 0


def record_refusal(
    *,
    actor: Actor,
    request: HttpRequest | None,
    action: str,
    object_type: str,
    object_id: str,
    target_organisation_id: uuid.UUID | str | None,
) -> list[AuditEvent]:
    """Log a refused request where its reviewers look, without letting refusals flood a chain.

    A refusal goes into the chain of the organisation the request named when the actor belongs
    to it; an outsider's probe goes into the actor's own organisations' chains (and the
    security log), never into the probed organisation's chain, which an outsider must not be
    able to fill. Per actor, action and target organisation, the first refusal in a window of
    ``REFUSAL_WINDOW_SECONDS`` is chained; later ones are only counted, and the next chained row
    carries the count. Returns the rows written (often none).
    """
    target_organisation_id = _as_uuid(target_organisation_id)
    own = set(actor.org_ids())
    outsider = target_organisation_id is not None and target_organisation_id not in own
    if target_organisation_id is not None and not outsider:
        chains: list[uuid.UUID | None] = [target_organisation_id]
    else:
        chains = sorted(own, key=str) or [None]
    who = actor.user_id or actor.token_id or _client_ip(request) or "anonymous"
    detail = action if not outsider else f"{action} in organisation {target_organisation_id}"
    written: list[AuditEvent] = []
    for organisation_id in chains:
        key = _refusal_key(who, action, target_organisation_id, organisation_id)
        sampled, counted = _refusal_sampled(key)
        if outsider and (sampled or counted in (10, 100, 1000, 10000)):
            security_log.warning(
                "refused: actor %s, %s, organisation %s (%d counted in this window)",
                who,
                action,
                target_organisation_id,
                counted,
            )
        if not sampled:
            continue
        more = f"; {counted} more refused since the last row" if counted else ""
        written.append(
            record(
                action=Action.DENIED,
                actor=actor,
                request=request,
                organisation_id=organisation_id,
                object_type=object_type,
                object_id=object_id,
                detail=f"{detail}{more}",
            )
        )
    return written
