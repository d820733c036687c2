"""What reports adds to the start pages (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.registry import scope
from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import STAFF_ROLES, Role
from medskapa.web.panels import StartPanel, register


def _context(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    view = scope(actor, "reports.view", Organisation.objects.all())
    report = scope(actor, "gap.report", Organisation.objects.all()).exclude(pk__in=view)
    return {
        "view_orgs": list(view),
        "report_orgs": list(report),
        "young": not actor.is_staff_member,
    }


def register_panels() -> None:
    register(
        StartPanel(
            key="reports",
            template="reports/start_panel.html",
            roles=frozenset(STAFF_ROLES | {Role.YOUNG_PERSON}),
            context=_context,
            order=40,
        )
    )
