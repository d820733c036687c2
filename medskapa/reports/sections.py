"""Which sections a report shows, and how a missing one says so honestly.

The registry itself (``Section``, ``Period``, ``register_section``) lives in core,
``medskapa.web.registries.report_sections``: an app adds its section there without importing
reports. Reports expects these keys (shown as "not available yet" while nothing is
registered): ``insights.top_patterns``, ``projects.goals_and_decisions``, ``feedback.coverage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from medskapa.access.actor import Actor
from medskapa.organisations.models import Organisation
from medskapa.web.registries.report_sections import Period, registered

EXPECTED: dict[str, tuple[Any, int]] = {
    "insights.top_patterns": (_("Top patterns in what young people say"), 10),
    "projects.goals_and_decisions": (_("Goal images and decisions"), 20),
    "feedback.coverage": (_("Did the feedback reach the young people?"), 30),
}


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    template: str | None  # None: nothing registered yet
    context: dict[str, Any]


def rendered(actor: Actor, organisation: Organisation, period: Period) -> list[RenderedSection]:
    """Every expected or registered section, in order; missing ones say so honestly."""
    result: list[tuple[int, RenderedSection]] = []
    sections = registered()
    for key, (title, order) in EXPECTED.items():
        if key not in sections:
            result.append((order, RenderedSection(key, str(title), None, {})))
    for section in sections.values():
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
