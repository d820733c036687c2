"""What feedback adds to the start pages: staff who write "ni sa – vi gjorde", and young
people's own answers (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.access.registry import scope
from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from medskapa.web.panels import StartPanel, register

from .models import FeedbackDelivery


def _staff(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {"organisations": scope(actor, "feedback.write", Organisation.objects.all())}


def _young_person(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    unread = (
        scope(actor, "feedback_delivery.read", FeedbackDelivery.objects.all())
        .filter(read_at__isnull=True)
        .count()
    )
    return {"unread": unread}


def register_panels() -> None:
    register(
        StartPanel(
            key="feedback.staff",
            template="feedback/includes/start_panel_staff.html",
            roles=frozenset({Role.DESIGNER, Role.MANAGER}),
            context=_staff,
            order=30,
        )
    )
    register(
        StartPanel(
            key="feedback.young_person",
            template="feedback/includes/start_panel_young.html",
            roles=frozenset({Role.YOUNG_PERSON}),
            context=_young_person,
            order=15,
        )
    )
