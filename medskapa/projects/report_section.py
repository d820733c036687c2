"""Goal images and decisions as a section of the reports app: what was decided in the period
and how far it has come. Registered only when reports offers sections (reports never imports
projects). Only what the reader may see through the permission layer; no young person's words
beyond the goal images themselves, which are written for sharing."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.organisations.models import Organisation

from .models import Decision, GoalImage, Project


def _last_day(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def goals_and_decisions_for_report(
    actor: Actor, organisation: Organisation, period: Any
) -> dict[str, Any]:
    projects = scope(actor, "project.view", Project.objects.all()).filter(organisation=organisation)
    unit = getattr(period, "unit", None)
    if unit is not None:
        projects = projects.filter(unit__path__startswith=unit.path)
    decisions = Decision.objects.filter(
        project__in=projects, decided_on__gte=period.start, decided_on__lte=_last_day(period.end)
    ).select_related("project")
    goal_images = GoalImage.objects.filter(project__in=projects).count()
    paragraphs = (
        [
            _("%(count)s goal images in %(projects)s projects.")
            % {"count": goal_images, "projects": projects.count()}
        ]
        if goal_images
        else []
    )
    paragraphs += [
        _("%(title)s (%(project)s) – %(status)s, owner: %(owner)s")
        % {
            "title": d.title,
            "project": d.project,
            "status": d.get_status_display(),
            "owner": d.owner,
        }
        for d in decisions.order_by("-decided_on")[:20]
    ]
    return {"paragraphs": paragraphs} if paragraphs else {}


def register() -> None:
    if not apps.is_installed("medskapa.reports"):
        return
    from medskapa.web.registries.report_sections import Section, register_section

    register_section(
        Section(
            key="projects.goals_and_decisions",
            title=gettext_lazy("Goal images and decisions"),
            template="reports/includes/registered_section.html",
            render_context=goals_and_decisions_for_report,
            order=20,
        )
    )
