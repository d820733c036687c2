"""Sections other apps add to reports, registered in core so no domain app imports another.

An app registers, in its ``AppConfig.ready``::

    from medskapa.web.registries.report_sections import Section, register_section

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
``"tables": [ExportTable, ...]`` to be offered as CSV (already suppressed). Which sections a
report expects, and how it shows a missing one, is the reports app's business
(``medskapa.reports.sections``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

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


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def unregister_section(key: str) -> None:
    _SECTIONS.pop(key, None)


def registered() -> dict[str, Section]:
    """The sections registered so far, by key (a copy)."""
    return dict(_SECTIONS)
