"""What klarsprak adds to the staff start page (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.registry import scope
from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import STAFF_ROLES
from medskapa.web.panels import StartPanel, register


def _staff(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        "use_orgs": scope(actor, "klarsprak.use", Organisation.objects.all()),
        "manage_orgs": scope(actor, "officialese.manage", Organisation.objects.all()),
    }


def register_panels() -> None:
    register(
        StartPanel(
            key="klarsprak.staff",
            template="klarsprak/start_panel.html",
            roles=frozenset(STAFF_ROLES),
            context=_staff,
            order=60,
        )
    )
