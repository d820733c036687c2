"""Top patterns as a section of the reports app: which curated patterns young people's words
gathered in the period, most first. Registered only when reports offers sections (reports
never imports insights). Counts are fragments; a pattern with fewer than five in the period is
left out, so no small group shows."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.organisations.models import Organisation

from .models import Pattern

SMALL_GROUP = 5


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def top_patterns_for_report(
    actor: Actor, organisation: Organisation, period: Any
) -> dict[str, Any]:
    in_period = Q(
        fragments__source__date__gte=period.start,
        fragments__source__date__lte=_last_day(period.end),
    )
    unit = getattr(period, "unit", None)
    if unit is not None:
        in_period &= Q(fragments__source__unit__path__startswith=unit.path)
    patterns = (
        scope(actor, "insight_pattern.view", Pattern.objects.all())
        .filter(organisation=organisation)
        .annotate(said=Count("fragments", filter=in_period, distinct=True))
        .filter(said__gte=SMALL_GROUP)
        .order_by("-said", "title")[:10]
    )
    paragraphs = [
        _("%(title)s: %(count)s quotes") % {"title": p.title, "count": p.said} for p in patterns
    ]
    return {"paragraphs": paragraphs} if paragraphs else {}


def register() -> None:
    if not apps.is_installed("medskapa.reports"):
        return
    from medskapa.web.registries.report_sections import Section, register_section

    register_section(
        Section(
            key="insights.top_patterns",
            title=gettext_lazy("Top patterns in what young people say"),
            template="reports/includes/registered_section.html",
            render_context=top_patterns_for_report,
            order=10,
        )
    )
