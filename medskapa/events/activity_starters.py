"""The method library's workshop card starts a draft event here.

Registered from ``EventsConfig.ready`` into the core registry
(``medskapa.web.registries.activity_starters``): projects calls it through the registry without
importing events, and without events installed the card simply starts nothing. The layer is
asked for the events actions (``events.organise`` and where the event may be placed) before
``event_create``, which asks again as a declared service.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.registry import can
from medskapa.web.registries.activity_starters import (
    Started,
    StartRequest,
    register_activity_starter,
)

from .services import event_create


def start_workshop_event(request: StartRequest) -> Started | None:
    project = request.project
    where_ok = (
        can(request.actor, "events.create_in", project.unit)
        if project.unit is not None
        else can(request.actor, "events.create_org_wide", project.organisation)
    )
    if not can(request.actor, "events.organise", project.organisation) or not where_ok:
        return None
    starts = request.details.get("starts_at")
    if not isinstance(starts, datetime):
        day = timezone.localdate() + timedelta(days=14)
        starts = timezone.make_aware(datetime.combine(day, time(15, 0)))
    contact = project.organisation.contact_email or (
        request.actor.user.email if request.actor.user and request.actor.user.email else "-"
    )
    event = event_create(
        actor=request.actor,
        organisation=project.organisation,
        unit=project.unit,
        title=request.activity.title[:150],
        description=request.purpose + "\n\n" + project.challenge,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=str(request.details.get("place") or _("To be decided")),
        seats=int(request.details.get("seats") or 8),
        contact=contact[:200],
        published=False,
    )
    return Started(
        "events.event",
        event.pk,
        event.title,
        reverse(
            "events:detail", kwargs={"organisation": project.organisation_id, "event": event.pk}
        ),
    )


def register() -> None:
    register_activity_starter("workshop", start_workshop_event)
