"""The link to "who has read my data" on a young person's start page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medskapa.organisations.roles import Role
from medskapa.web.panels import StartPanel, register


def _nothing(request: HttpRequest) -> dict[str, Any]:
    return {}


def register_panels() -> None:
    register(
        StartPanel(
            key="mydata.young_person",
            template="mydata/includes/start_panel.html",
            roles=frozenset({Role.YOUNG_PERSON}),
            context=_nothing,
            order=90,
        )
    )
