"""What the method library's cards start in projects (and, when installed, in events).

Registered in ``ProjectsConfig.ready`` with ``hooks.register_activity_starter``; called by
``services.activity_start``, which the layer has already checked (``project.manage``). Each
starter calls a declared service, so the layer is asked again with the same actor.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.registry import can

from . import hooks, library
from .models import Project, Prototype
from .services import journey_map_create, prototype_create, test_round_create


def _project_url(name: str, project: Project, **kwargs: Any) -> str:
    return reverse(
        f"projects:{name}",
        kwargs={"organisation": project.organisation_id, "project": project.pk, **kwargs},
    )


def start_journey_map(request: hooks.StartRequest) -> hooks.Started:
    journey = journey_map_create(
        actor=request.actor,
        project=request.project,
        title=request.activity.title,
        persona=str(request.details.get("persona", "")),
        phase=request.activity.phase,
    )
    return hooks.Started(
        "projects.journey_map",
        journey.pk,
        journey.title,
        _project_url("map", request.project, journey=journey.pk),
    )


def start_prototype(request: hooks.StartRequest) -> hooks.Started:
    prototype = prototype_create(
        actor=request.actor,
        project=request.project,
        title=request.activity.title,
        hypothesis_if="…",
        hypothesis_then="…",
        hypothesis_seen="…",
        phase=request.activity.phase,
    )
    return hooks.Started(
        "projects.prototype",
        prototype.pk,
        prototype.title,
        _project_url("prototype", request.project, prototype=prototype.pk),
    )


def start_user_test(request: hooks.StartRequest) -> hooks.Started:
    """A test round on the chosen prototype (or on a new one named after the activity)."""
    chosen = request.details.get("prototype")
    prototype = (
        request.project.prototypes.filter(
            pk=chosen.pk if isinstance(chosen, Prototype) else chosen
        ).first()
        if chosen
        else None
    )
    if prototype is None:
        prototype = prototype_create(
            actor=request.actor,
            project=request.project,
            title=request.activity.title,
            hypothesis_if="…",
            hypothesis_then="…",
            hypothesis_seen="…",
            phase=request.activity.phase,
        )
    test_round = test_round_create(
        actor=request.actor,
        project=request.project,
        prototype=prototype,
        title=request.activity.title,
        held_on=request.details.get("held_on"),
    )
    return hooks.Started(
        "projects.prototype",
        prototype.pk,
        f"{prototype.title}: {test_round.title}",
        _project_url("prototype", request.project, prototype=prototype.pk),
    )


def start_workshop_event(request: hooks.StartRequest) -> hooks.Started | None:
    """Creates a draft event in the events app (registered only when it is installed)."""
    from medskapa.events import services as events_services  # lazy: events is optional

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
    card = library.card("workshop")
    contact = project.organisation.contact_email or (
        request.actor.user.email if request.actor.user and request.actor.user.email else "-"
    )
    event = events_services.event_create(
        actor=request.actor,
        organisation=project.organisation,
        unit=project.unit,
        title=request.activity.title[:150],
        description=(card.purpose if card else "") + "\n\n" + project.challenge,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=str(request.details.get("place") or _("To be decided")),
        seats=int(request.details.get("seats") or 8),
        contact=contact[:200],
        published=False,
    )
    return hooks.Started(
        "events.event",
        event.pk,
        event.title,
        reverse(
            "events:detail", kwargs={"organisation": project.organisation_id, "event": event.pk}
        ),
    )
