"""Projects' section in the reports: decisions of the period, for those who may see them."""

from __future__ import annotations

from datetime import date

from medskapa.access.actor import actor_for_user
from medskapa.projects.report_section import goals_and_decisions_for_report
from medskapa.web.registries.report_sections import Period
from tests.personas import Personas
from tests.projects.conftest import make_decision, make_goal, make_project


def test_decisions_of_the_period_are_listed_without_staff_notes(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    make_goal(project)
    make_decision(project)  # decided 2026-03-01
    make_decision(project, title="Gammalt beslut", decided_on=date(2025, 1, 1))
    period = Period(date(2026, 1, 1), date(2026, 12, 1))
    text = " ".join(
        goals_and_decisions_for_report(actor_for_user(personas.designer), personas.own, period)[
            "paragraphs"
        ]
    )
    assert "Alla unga får ett sms" in text and "Gammalt beslut" not in text
    assert "HEMLIG" not in text
    assert (
        goals_and_decisions_for_report(
            actor_for_user(personas.outsider_designer), personas.own, period
        )
        == {}
    )
