"""The check-in measure a project's experiment reads: how a group of young people rated chosen
life areas in a period (before and after a prototype), as a mean and the number of people.

Registered with the projects app from ``CheckinsConfig.ready`` when projects is installed;
projects never imports check-ins. Only aggregates leave this module; the caller suppresses
groups under five.
"""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from django.db.models import Avg, Count
from django.utils import timezone

from medskapa.organisations.models import Unit

from .graph import default_definition, load
from .models import AreaScore


def cohort_measure(
    organisation_id: UUID, unit_id: UUID | None, areas: list[str], start: date, end: date
) -> tuple[float | None, int]:
    """Mean score (1–5) over the areas and the period, and how many young people answered.

    Personal check-ins only (campaign answers have no person to count); "vill inte svara" is
    left out; ``end`` is inclusive.
    """
    scores = AreaScore.objects.filter(
        organisation_id=organisation_id,
        checkin__isnull=False,
        score__isnull=False,
        area__in=areas,
        submitted_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        submitted_at__lte=timezone.make_aware(datetime.combine(end, time.max)),
    )
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, organisation_id=organisation_id).first()
        if unit is None:
            return None, 0
        scores = scores.filter(unit_path__startswith=unit.path)
    result = scores.aggregate(mean=Avg("score"), people=Count("young_person", distinct=True))
    mean = result["mean"]
    return (round(float(mean), 2) if mean is not None else None), int(result["people"])


def measure_areas() -> list[tuple[str, str]]:
    graph = load(default_definition())
    return [(area.key, area.title["sv"]) for area in graph.areas]


def register_cohort_measure() -> None:
    from medskapa.web.registries.cohort_measures import register_cohort_measure as register

    register(cohort_measure, areas=measure_areas())
