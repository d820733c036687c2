"""Feedback coverage as a reports section: figures for managers and designers, nothing under
five contributions, nothing for others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.feedback.report_section import coverage_for_report
from medskapa.organisations.models import Unit
from tests.personas import Personas

from .helpers import campaign, message, publish, respond


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    unit: Unit | None = None


def _this_month() -> Period:
    today = timezone.localdate()
    return Period(today.replace(day=1), today.replace(day=1))


def test_report_section_shows_coverage_for_the_period(personas: Personas) -> None:
    p = personas
    c = campaign(p)
    for _ in range(6):
        respond(c)
    publish(p, message(p, "checkins.campaign", c.pk))
    section = coverage_for_report(actor_for_user(p.manager), p.own, _this_month())
    assert (section["total"], section["answered"], section["percent"]) == (6, 6, 100)
    assert section["median_days"] == 0.0 and section["too_few"] is False
    assert coverage_for_report(actor_for_user(p.worker), p.own, _this_month()) == {}
    other_unit = Period(_this_month().start, _this_month().end, p.unit_a2)
    assert coverage_for_report(actor_for_user(p.designer), p.own, other_unit) == {}


def test_report_section_hides_fewer_than_five(personas: Personas) -> None:
    p = personas
    c = campaign(p)
    respond(c)
    section = coverage_for_report(actor_for_user(p.designer), p.own, _this_month())
    assert section["too_few"] is True
