"""The check-in measure a project's prototype compares cohorts with, registered in core.

``register_cohort_measure(func, areas)``: ``func(organisation_id, unit_id, areas, start, end)``
returns ``(mean, n)`` — the mean of the chosen life areas over a cohort's check-ins in a period.
The check-ins app registers it (with the life areas it knows as ``(key, label)`` pairs, offered
as check boxes on the prototype form); projects reads it. Neither imports the other, so either
can be left out of ``INSTALLED_APPS``: without a measure a prototype's measure section says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

CohortMeasure = Callable[[UUID, UUID | None, list[str], date, date], tuple[float | None, int]]

_COHORT_MEASURE: list[CohortMeasure] = []
_MEASURE_AREAS: list[tuple[str, str]] = []


def register_cohort_measure(
    func: CohortMeasure | None, areas: list[tuple[str, str]] | None = None
) -> None:
    """Register (or, with None, remove) the check-in measure, and optionally the life areas it
    knows as (key, label) pairs."""
    _COHORT_MEASURE.clear()
    _MEASURE_AREAS.clear()
    if func is not None:
        _COHORT_MEASURE.append(func)
        _MEASURE_AREAS.extend(areas or [])


def measure_areas() -> list[tuple[str, str]]:
    return list(_MEASURE_AREAS)


def cohort_measure() -> CohortMeasure | None:
    return _COHORT_MEASURE[0] if _COHORT_MEASURE else None
