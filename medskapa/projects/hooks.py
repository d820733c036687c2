"""What other apps plug into projects, without projects importing them.

- ``register_activity_starter(card_kind, func)``: starting an activity from a method card calls
  ``func(StartRequest)``, which creates the right thing (a journey map here, an event in events,
  an interview source in insights …) and returns where it lives. Projects registers its own
  starters, and the events starter when the events app is installed; insights registers its own.
- ``register_cohort_measure(func)``: ``func(organisation_id, unit_id, areas, start, end)`` returns
  ``(mean, n)`` — the mean of the chosen life areas over a cohort's check-ins in a period. The
  check-ins app registers it; without it a prototype's measure section says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from medskapa.access.actor import Actor

    from .models import Activity, Project


@dataclass(frozen=True)
class StartRequest:
    actor: Actor
    project: Project
    activity: Activity
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Started:
    kind: str  # a link kind, e.g. "projects.journey_map" or "events.event"
    id: UUID
    title: str
    url: str


Starter = Callable[[StartRequest], Started | None]
CohortMeasure = Callable[[UUID, UUID | None, list[str], date, date], tuple[float | None, int]]

_STARTERS: dict[str, Starter] = {}
_COHORT_MEASURE: list[CohortMeasure] = []
_MEASURE_AREAS: list[tuple[str, str]] = []


def register_activity_starter(card_kind: str, func: Starter) -> None:
    _STARTERS[card_kind] = func


def activity_starter(card_kind: str) -> Starter | None:
    return _STARTERS.get(card_kind)


def unregister_activity_starter(card_kind: str) -> None:
    _STARTERS.pop(card_kind, None)


def register_cohort_measure(
    func: CohortMeasure | None, areas: list[tuple[str, str]] | None = None
) -> None:
    """Register (or, with None, remove) the check-in measure, and optionally the life areas it
    knows as (key, label) pairs, offered as check boxes on the prototype form."""
    _COHORT_MEASURE.clear()
    _MEASURE_AREAS.clear()
    if func is not None:
        _COHORT_MEASURE.append(func)
        _MEASURE_AREAS.extend(areas or [])


def measure_areas() -> list[tuple[str, str]]:
    return list(_MEASURE_AREAS)


def cohort_measure() -> CohortMeasure | None:
    return _COHORT_MEASURE[0] if _COHORT_MEASURE else None
