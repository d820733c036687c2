"""Feedback coverage as a section of the reports app ("Nådde återkopplingen de unga?").

Registered from ``FeedbackConfig.ready`` in the core registry
(``medskapa.web.registries.report_sections``), only when ``medskapa.reports`` is installed to
show it; neither app imports the other.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.utils import timezone

from medskapa.access.actor import Actor
from medskapa.access.registry import can
from medskapa.organisations.models import Organisation
from medskapa.web.registries import contributions as registry

from . import coverage, selectors
from .selectors import SMALL_GROUP


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def coverage_for_report(actor: Actor, organisation: Organisation, period: Any) -> dict[str, Any]:
    """Contributions made in the period (its unit, or the whole organisation): share with
    feedback, median days, and how many wait more than 90 days. Under five: nothing shown."""
    if not can(actor, "feedback.coverage", organisation):
        return {}
    start, end = period.start, _last_day(period.end)
    unit = getattr(period, "unit", None)
    contributions = [
        c
        for c in registry.all_contributions(organisation.pk)
        if start <= timezone.localtime(c.created_at).date() <= end
        and (unit is None or c.unit_path.startswith(unit.path))
    ]
    if not contributions:
        return {}
    first = selectors.first_feedback(organisation.pk, [c.key for c in contributions])
    result = coverage.compute(contributions, first, timezone.now())
    return {
        "too_few": result.total < SMALL_GROUP,
        "total": result.total,
        "answered": result.answered,
        "percent": result.percent,
        "median_days": result.median_days,
        "waiting": len(result.waiting),
        "organisation": organisation,
    }


def register() -> None:
    from django.apps import apps

    if not apps.is_installed("medskapa.reports"):
        return
    from django.utils.translation import gettext_lazy as _

    from medskapa.web.registries.report_sections import Section, register_section

    register_section(
        Section(
            key="feedback.coverage",
            title=_("Did the feedback reach the young people?"),
            template="feedback/report_section.html",
            render_context=coverage_for_report,
            order=30,
        )
    )
