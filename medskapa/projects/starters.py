"""What the method library's cards start in projects (the workshop card's starter lives in events).

Registered in ``ProjectsConfig.ready`` with ``register_activity_starter`` (core registry); called by
``services.activity_start``, which the layer has already checked (``project.manage``). Each
starter calls a declared service, so the layer is asked again with the same actor.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from medskapa.web.registries.activity_starters import Started, StartRequest

from .models import Project, Prototype
from .services import journey_map_create, prototype_create, test_round_create


def _project_url(name: str, project: Project, **kwargs: Any) -> str:
    return reverse(
        f"projects:{name}",
        kwargs={"organisation": project.organisation_id, "project": project.pk, **kwargs},
    )


def start_journey_map(request: StartRequest) -> Started:
    journey = journey_map_create(
        actor=request.actor,
        project=request.project,
        title=request.activity.title,
        persona=str(request.details.get("persona", "")),
        phase=request.activity.phase,
    )
    return Started(
        "projects.journey_map",
        journey.pk,
        journey.title,
        _project_url("map", request.project, journey=journey.pk),
    )


def start_prototype(request: StartRequest) -> Started:
    prototype = prototype_create(
        actor=request.actor,
        project=request.project,
        title=request.activity.title,
        hypothesis_if="…",
        hypothesis_then="…",
        hypothesis_seen="…",
        phase=request.activity.phase,
    )
    return Started(
        "projects.prototype",
        prototype.pk,
        prototype.title,
        _project_url("prototype", request.project, prototype=prototype.pk),
    )


def start_user_test(request: StartRequest) -> Started:
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
    return Started(
        "projects.prototype",
        prototype.pk,
        f"{prototype.title}: {test_round.title}",
        _project_url("prototype", request.project, prototype=prototype.pk),
    )
