"""Reads of the audit log, always through the permission layer's scope."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import AuditEvent, AuditReview


@dataclass(frozen=True)
class EventFilters:
    user: str = ""
    subject: str = ""
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""


@dataclass(frozen=True)
class EventRow:
    """An event with the names a reviewer reads instead of ids."""

    event: AuditEvent
    who: str
    role: str
    subject: str


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


MAX_PEOPLE_PER_FILTER = 50


def _as_uuids(text: str) -> list[uuid.UUID] | None:
    """Comma-separated ids, or None when the text is not (only) ids."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    ids = [_as_uuid(part) for part in parts]
    if not ids or any(i is None for i in ids):
        return None
    return [i for i in ids if i is not None]


def people_ids(organisation: Organisation, text: str) -> list[uuid.UUID]:
    """The ids a filter text stands for: ids as given, or the organisation's users matching.

    Former members count too (their memberships ended, their rows stay in the log). At most
    ``MAX_PEOPLE_PER_FILTER + 1`` are returned, so a caller can tell "too many".
    """
    given = _as_uuids(text)
    if given is not None:
        return given
    matching = (
        Q(username__icontains=text)
        | Q(email__icontains=text)
        | Q(display_name__icontains=text)
        | Q(first_name__icontains=text)
        | Q(last_name__icontains=text)
    )
    members = User.objects.filter(memberships__organisation=organisation)
    ids = members.filter(matching).values_list("pk", flat=True).distinct()
    return list(ids[: MAX_PEOPLE_PER_FILTER + 1])


def _people(organisation: Organisation, text: str) -> list[uuid.UUID]:
    return people_ids(organisation, text)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def events_for(
    actor: Actor, organisation: Organisation, filters: EventFilters | None = None
) -> QuerySet[AuditEvent]:
    """The organisation's events the actor may read, filtered, newest first.

    Dates are whole days in the platform's time zone (Europe/Stockholm), both ends included.
    """
    events = scope(
        actor, "audit.view_event", AuditEvent.objects.filter(organisation_id=organisation.pk)
    )
    f = filters or EventFilters()
    if f.user:
        events = events.filter(actor_id__in=_people(organisation, f.user))
    if f.subject:
        events = events.filter(subject_id__in=_people(organisation, f.subject))
    if f.action:
        events = events.filter(action=f.action)
    if f.date_from:
        events = events.filter(occurred_at__gte=_local_midnight(f.date_from))
    if f.date_to:
        events = events.filter(occurred_at__lt=_local_midnight(f.date_to + timedelta(days=1)))
    return events.order_by("-id")


def reviews_for(actor: Actor, organisation: Organisation) -> QuerySet[AuditReview]:
    return scope(
        actor, "audit.view_review", AuditReview.objects.filter(organisation_id=organisation.pk)
    ).order_by("-created_at", "-id")


def names_of(ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """Display names for the user ids found in events (users may have left since)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = User.objects.filter(pk__in=wanted).only(
        "id", "display_name", "first_name", "last_name", "username"
    )
    return {user.pk: str(user) for user in users}


def names_for_filter(organisation: Organisation, text: str) -> list[str]:
    if not text:
        return []
    ids = people_ids(organisation, text)
    names = names_of(ids)
    return [names.get(i, str(i)) for i in ids]


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def rows_for(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events with names instead of ids: one query for all the names on a page."""
    events = list(events)
    names = names_of([e.actor_id for e in events] + [e.subject_id for e in events])
    rows = []
    for event in events:
        if event.actor_kind == "token":
            who = _("API token")
        elif event.actor_id is not None and event.actor_id in names:
            who = names[event.actor_id]
        else:
            who = _("unknown")
        subject = names.get(event.subject_id, "") if event.subject_id else ""
        rows.append(EventRow(event, who, _role_label(event.actor_role), subject))
    return rows


def iter_rows(events: QuerySet[AuditEvent], chunk_size: int = 1000) -> Iterator[EventRow]:
    """All rows of a (large) selection, reading and naming them a chunk at a time."""
    stream = events.iterator(chunk_size=chunk_size)
    while chunk := list(islice(stream, chunk_size)):
        yield from rows_for(chunk)


@dataclass(frozen=True)
class Read:
    """One audited read of a person's identified data, as "who has read my data" shows it."""

    event_id: int  # so the person can ask about this read ("why did they look?")
    occurred_at: datetime
    organisation_id: uuid.UUID | None
    action: str
    actor_kind: str
    actor_role: str
    unit_id: uuid.UUID | None  # the reader's unit, where the event recorded one (not yet)
    purpose: str


def reads_about(person_id: uuid.UUID) -> list[Read]:
    """Every audited view or export of a person's data by someone else, newest first.

    Goes through the pseudonym table, so it finds the rows that name the person by pseudonym
    (and rows from before pseudonyms, by id); after ``forget_person`` it finds none written
    since pseudonyms. No permission check: the caller ("my data" page) decides who may ask
    about whom. The reader is given by role, not by name, as the organisation's policy decides
    whether names are shown.
    """
    events = (
        AuditEvent.objects.filter(
            subject_id=person_id, action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT]
        )
        .exclude(actor_id=person_id)
        .order_by("-occurred_at", "-id")
    )
    return [
        Read(
            event_id=event.pk,
            occurred_at=event.occurred_at,
            organisation_id=event.organisation_id,
            action=event.action,
            actor_kind=event.actor_kind,
            actor_role=event.actor_role,
            unit_id=None,
            purpose=event.purpose,
        )
        for event in events
    ]
