from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest


def _staff_panel(request: HttpRequest) -> dict[str, Any]:
    from medskapa.access.registry import scope
    from medskapa.access.views import actor_of
    from medskapa.organisations.models import Organisation

    actor = actor_of(request)
    return {"organisations": list(scope(actor, "projects.use", Organisation.objects.all()))}


def _young_person_panel(request: HttpRequest) -> dict[str, Any]:
    from medskapa.access.views import actor_of

    from .selectors import projects_of_cocreator

    return {"projects": list(projects_of_cocreator(actor_of(request))[:5])}


class ProjectsConfig(AppConfig):
    name = "medskapa.projects"
    label = "projects"

    def ready(self) -> None:
        from medskapa.organisations.roles import Role
        from medskapa.web.panels import StartPanel, register
        from medskapa.web.registries.activity_starters import register_activity_starter

        from . import (
            rules,  # noqa: F401  (registers the rules)
            starters,
        )
        from .link_kinds import register_kinds

        register_kinds()
        register_activity_starter("journey_map", starters.start_journey_map)
        register_activity_starter("prototype", starters.start_prototype)
        register_activity_starter("user_test", starters.start_user_test)
        if apps.is_installed("medskapa.feedback"):
            from .feedback_hooks import register as register_feedback

            register_feedback()
        register(
            StartPanel(
                key="projects.staff",
                template="projects/panels/staff.html",
                roles=frozenset({Role.DESIGNER, Role.MANAGER, Role.WORKER}),
                context=_staff_panel,
                order=70,
            )
        )
        register(
            StartPanel(
                key="projects.young_person",
                template="projects/panels/young_person.html",
                roles=frozenset({Role.YOUNG_PERSON}),
                context=_young_person_panel,
                order=70,
            )
        )

        from .report_section import register as register_report_section

        register_report_section()
