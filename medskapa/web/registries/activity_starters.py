"""What a method-library card starts, registered in core so projects never imports the app
that does the starting.

``register_activity_starter(card_kind, func)``: starting an activity from a method card calls
``func(StartRequest)``, which creates the right thing (a journey map in projects, a draft event
in events, an interview source in insights …) and returns where it lives as ``Started``, or
None when the actor may not start it there. Projects registers its own starters; events
registers the workshop starter from its own ``AppConfig.ready``, so without events the card
simply has no starter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from medskapa.access.actor import Actor


@dataclass(frozen=True)
class StartRequest:
    actor: Actor
    project: Any  # projects.Project: typed loosely so core never imports a domain app
    activity: Any  # projects.Activity
    details: dict[str, Any] = field(default_factory=dict)
    # The card's purpose, for starters that describe what they create (e.g. a draft event).
    purpose: str = ""


@dataclass(frozen=True)
class Started:
    kind: str  # a link kind, e.g. "projects.journey_map" or "events.event"
    id: UUID
    title: str
    url: str


Starter = Callable[[StartRequest], Started | None]

_STARTERS: dict[str, Starter] = {}


def register_activity_starter(card_kind: str, func: Starter) -> None:
    _STARTERS[card_kind] = func


def activity_starter(card_kind: str) -> Starter | None:
    return _STARTERS.get(card_kind)


def unregister_activity_starter(card_kind: str) -> None:
    _STARTERS.pop(card_kind, None)
