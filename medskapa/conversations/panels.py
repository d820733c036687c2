"""Start-page panels: a young person's guides to prepare or read, a staff member's links."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.views import actor_of
from medskapa.organisations.roles import Role

from . import selectors


def young_person_panel(request: HttpRequest) -> dict[str, Any]:
    meetings = list(selectors.meetings_for_young_person(actor_of(request))[:5])
    return {"meetings": meetings}


def staff_panel(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    from medskapa.organisations.models import Organisation

    organisations = Organisation.objects.filter(
        pk__in=actor.org_ids(Role.ORG_ADMIN, Role.DESIGNER, Role.WORKER, Role.MANAGER)
    )
    return {"organisations": organisations, "is_worker": bool(actor.org_ids(Role.WORKER))}
