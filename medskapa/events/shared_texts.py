"""Feedback given on events, offered to insights through the core registry
(``medskapa.web.registries.shared_texts``), and its deletion announced there: events never
imports insights, insights never imports events."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any
from uuid import UUID

from django.db.models.signals import post_delete

from medskapa.web.registries.shared_texts import (
    TextGroup,
    register_text_source,
    text_withdrawn,
)

KIND = "events.eventfeedback"


def _event_feedback(organisation_id: UUID, taken: Collection[str]) -> Iterable[TextGroup]:
    from .models import EventFeedback

    by_event: dict[Any, list[Any]] = {}
    feedback = EventFeedback.objects.filter(organisation_id=organisation_id).exclude(text="")
    for item in feedback.select_related("event").order_by("created_on", "pk"):
        if str(item.pk) in taken:
            continue
        by_event.setdefault(item.event, []).append(item)
    for event, rows in by_event.items():
        yield TextGroup(
            kind=KIND,
            subject=event.title,
            date=rows[-1].created_on,
            rows=[(str(r.pk), "", r.text) for r in rows],
            unit=event.unit,
        )


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    text_withdrawn(KIND, str(instance.pk))


def register() -> None:
    from .models import EventFeedback

    register_text_source(KIND, _event_feedback)
    post_delete.connect(_deleted, sender=EventFeedback, dispatch_uid="shared_texts_eventfeedback")
