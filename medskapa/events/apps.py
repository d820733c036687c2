from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _young_person_panel(request: HttpRequest) -> dict[str, Any]:
    from .selectors import upcoming_events_for_member

    return {"events": list(upcoming_events_for_member(request.user)[:5])}  # type: ignore[arg-type]


def _staff_panel(request: HttpRequest) -> dict[str, Any]:
    from medskapa.access.registry import scope
    from medskapa.access.views import actor_of
    from medskapa.organisations.models import Organisation

    actor = actor_of(request)
    return {"organisations": list(scope(actor, "events.organise", Organisation.objects.all()))}


class EventsConfig(AppConfig):
    name = "medskapa.events"
    label = "events"

    def ready(self) -> None:
        from medskapa.organisations.roles import STAFF_ROLES, Role
        from medskapa.web.panels import StartPanel, register

        from . import rules  # noqa: F401  (registers the rules)

        register(
            StartPanel(
                key="events.young_person",
                template="events/panels/young_person.html",
                roles=frozenset({Role.YOUNG_PERSON}),
                context=_young_person_panel,
                order=60,
            )
        )
        register(
            StartPanel(
                key="events.staff",
                template="events/panels/staff.html",
                roles=frozenset(STAFF_ROLES),
                context=_staff_panel,
                order=60,
            )
        )

        from .activity_starters import register as register_activity_starters
        from .feedback_hooks import register_feedback_hooks

        register_activity_starters()
        from .shared_texts import register as register_shared_texts

        register_shared_texts()

        register_feedback_hooks()
