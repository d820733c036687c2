"""What insights adds to the staff start page (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.registry import scope
from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from medskapa.web.panels import StartPanel, register


def _staff(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {"insight_orgs": scope(actor, "insights.view", Organisation.objects.all())}


def register_panels() -> None:
    register(
        StartPanel(
            key="insights.staff",
            template="insights/includes/start_panel.html",
            roles=frozenset({Role.DESIGNER, Role.MANAGER}),
            context=_staff,
            order=40,
        )
    )
