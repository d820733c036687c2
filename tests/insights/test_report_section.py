"""Insights' section in the reports: patterns with at least five quotes in the period."""

from __future__ import annotations

from datetime import date

from medskapa.access.actor import actor_for_user
from medskapa.insights.models import Fragment, Pattern, Source
from medskapa.insights.report_section import top_patterns_for_report
from medskapa.web.registries.report_sections import Period
from tests.personas import Personas


def _pattern(personas: Personas, title: str, quotes: int) -> Pattern:
    source = Source.objects.create(
        organisation=personas.own,
        title="Workshop",
        method="workshop",
        date=date(2026, 3, 5),
        unit=personas.unit_a,
        text="x",
    )
    pattern = Pattern.objects.create(organisation=personas.own, title=title)
    for i in range(quotes):
        Fragment.objects.create(
            organisation=personas.own, source=source, text=f"citat {i}", pattern=pattern
        )
    return pattern


def test_patterns_under_five_quotes_are_left_out(personas: Personas) -> None:
    _pattern(personas, "Väntan är lång", 6)
    _pattern(personas, "Liten grupp", 4)
    period = Period(date(2026, 1, 1), date(2026, 12, 1))
    context = top_patterns_for_report(actor_for_user(personas.manager), personas.own, period)
    text = " ".join(context["paragraphs"])
    assert "Väntan är lång" in text and "Liten grupp" not in text
    assert (
        top_patterns_for_report(actor_for_user(personas.outsider_manager), personas.own, period)
        == {}
    )
