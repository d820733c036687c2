"""Events in "ni sa – vi gjorde" (wired from EventsConfig.ready by the lead).

- Link kind ``events.event``: staff link a message to an event ("after the workshop you said
  …, so we …").
- Contributions: each after-event feedback row (anonymous: no person; told on the event's
  public page) — and each logged-in participant (``Participation``, kept after the sign-up is
  deleted) as an audience-only row: they are told in their inbox, but coverage counts the
  feedback rows, not the people.
- Contact: a young person in the organisation's participant panel who chose e-mail or SMS is
  also told that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time
from uuid import UUID

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.web.links import LinkKind, LinkTarget, register
from medskapa.web.registries.contributions import (
    Contact,
    Contribution,
    Found,
    Recipient,
    register_contact,
    register_provider,
    register_source,
)

from .models import Event, EventFeedback, PanelChannel, PanelMembership, Participation

KIND = "events.event"
# One feedback row, for apps that hold its id (insights fragments follow it here).
FEEDBACK_KIND = "events.feedback"


def _unit_path(event: Event) -> str:
    return event.unit.path if event.unit is not None else ""


def _feedback_rows(rows: Iterable[EventFeedback]) -> list[Contribution]:
    return [
        Contribution(
            key=f"events.feedback:{row.pk}",
            organisation_id=row.organisation_id,
            created_at=timezone.make_aware(datetime.combine(row.created_on, time.min)),
            unit_path=_unit_path(row.event),
            recipient=Recipient.public(KIND, row.event_id),
            label=gettext_noop("Feedback after an event"),
            closable_via=(KIND, row.event_id),
        )
        for row in rows
    ]


def feedback_contributions(organisation_id: UUID, target_id: UUID) -> Found:
    rows = EventFeedback.objects.filter(organisation_id=organisation_id, pk=target_id)
    return Found(contributions=_feedback_rows(rows.select_related("event__unit")))


def event_contributions(organisation_id: UUID, target_id: UUID) -> Found:
    event = (
        Event.objects.filter(organisation_id=organisation_id, pk=target_id)
        .select_related("unit")
        .first()
    )
    if event is None:
        return Found()
    found = _feedback_rows(event.feedback.select_related("event__unit"))
    found += [
        Contribution(
            key=f"events.participation:{p.pk}",
            organisation_id=organisation_id,
            created_at=p.created_at,
            unit_path=_unit_path(event),
            recipient=Recipient.user(p.user_id),
            label=gettext_noop("Took part in an event"),
            counts=False,
        )
        for p in Participation.objects.filter(event=event)
    ]
    return Found(contributions=found)


def all_event_contributions(organisation_id: UUID) -> Iterator[Contribution]:
    yield from _feedback_rows(
        EventFeedback.objects.filter(organisation_id=organisation_id).select_related("event__unit")
    )


def panel_contact(user_id: UUID, organisation_id: UUID) -> Contact | None:
    membership = PanelMembership.objects.filter(
        user_id=user_id, organisation_id=organisation_id, left_at__isnull=True
    ).first()
    if membership is None or membership.channel == PanelChannel.APP or not membership.contact:
        return None
    return Contact(channel=str(membership.channel), address=membership.contact)


def _target(event: Event) -> LinkTarget:
    return LinkTarget(
        KIND,
        event.pk,
        event.title,
        reverse("events:detail", args=[event.organisation_id, event.pk]),
    )


def _resolve(actor: Actor, organisation_id: UUID, ids: list[UUID]) -> list[LinkTarget]:
    events = scope(actor, "event.manage", Event.objects.all()).filter(
        organisation_id=organisation_id, pk__in=ids
    )
    return [_target(e) for e in events]


def _search(actor: Actor, organisation_id: UUID, query: str) -> list[LinkTarget]:
    events = scope(actor, "event.manage", Event.objects.all()).filter(
        organisation_id=organisation_id, title__icontains=query.strip()[:100]
    )
    return [_target(e) for e in events.order_by("-starts_at")[:20]]


def register_feedback_hooks() -> None:
    if not apps.is_installed("medskapa.feedback"):
        return
    register(LinkKind(KIND, gettext("Event"), _resolve, _search))
    register_provider(KIND, event_contributions)
    register_provider(FEEDBACK_KIND, feedback_contributions)
    register_source("events", all_event_contributions)
    register_contact(panel_contact)
