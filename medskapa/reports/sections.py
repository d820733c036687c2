"""Sections other apps add to dashboards and reports, without reports importing them.

An app registers, in its ``AppConfig.ready``::

    from medskapa.reports.sections import Section, register_section

    register_section(Section(
        key="insights.top_patterns",            # also the CSS/anchor id
        title=gettext_lazy("Top patterns"),
        template="insights/report_section.html", # rendered with the context below
        render_context=top_patterns_for_report,  # (actor, organisation, period) -> dict
        order=10,
    ))

``period`` is a ``Period(start, end, unit)`` (months, first days; ``unit`` may be None for the
whole organisation). ``render_context`` must read through the permission layer, hide groups
under five itself, and return ``{}`` when it has nothing to show. Sections may also return
``"tables": [ExportTable, ...]`` to be offered as CSV (already suppressed).

Reports expects these keys (shown as "not available yet" while nothing is registered):
``insights.top_patterns``, ``projects.goals_and_decisions``, ``feedback.coverage``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from medskapa.access.actor import Actor
from medskapa.organisations.models import Organisation, Unit


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    unit: Unit | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    template: str
    render_context: Callable[[Actor, Organisation, Period], dict[str, Any]]
    order: int = 100


EXPECTED: dict[str, tuple[Any, int]] = {
    "insights.top_patterns": (_("Top patterns in what young people say"), 10),
    "projects.goals_and_decisions": (_("Goal images and decisions"), 20),
    "feedback.coverage": (_("Did the feedback reach the young people?"), 30),
}

_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def unregister_section(key: str) -> None:
    _SECTIONS.pop(key, None)


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    template: str | None  # None: nothing registered yet
    context: dict[str, Any]


def rendered(actor: Actor, organisation: Organisation, period: Period) -> list[RenderedSection]:
    """Every expected or registered section, in order; missing ones say so honestly."""
    result: list[tuple[int, RenderedSection]] = []
    for key, (title, order) in EXPECTED.items():
        if key not in _SECTIONS:
            result.append((order, RenderedSection(key, str(title), None, {})))
    for section in _SECTIONS.values():
        result.append(
            (
                section.order,
                RenderedSection(
                    section.key,
                    str(section.title),
                    section.template,
                    section.render_context(actor, organisation, period),
                ),
            )
        )
    return [item for _order, item in sorted(result, key=lambda pair: (pair[0], pair[1].key))]
