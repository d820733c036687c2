"""What check-ins add to the start pages (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.registry import scope
from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from medskapa.web.panels import StartPanel, register

from .models import Flag


def _young_person(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    organisations = scope(actor, "checkin.respond", Organisation.objects.all())
    return {"organisations": organisations}


def _staff(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        "caseload_orgs": scope(actor, "checkin.caseload", Organisation.objects.all()),
        "campaign_orgs": scope(actor, "campaign.create", Organisation.objects.all()),
        "rules_orgs": scope(actor, "checkin_questions.manage", Organisation.objects.all()),
        "open_alarms": scope(actor, "flag.handle", Flag.objects.all())
        .filter(handled_at__isnull=True, kind=Flag.Kind.ALARM)
        .count(),
    }


def register_panels() -> None:
    register(
        StartPanel(
            key="checkins.young_person",
            template="checkins/includes/start_panel_young.html",
            roles=frozenset({Role.YOUNG_PERSON}),
            context=_young_person,
            order=10,
        )
    )
    register(
        StartPanel(
            key="checkins.staff",
            template="checkins/includes/start_panel_staff.html",
            roles=frozenset({Role.WORKER, Role.DESIGNER, Role.MANAGER, Role.ORG_ADMIN}),
            context=_staff,
            order=10,
        )
    )
