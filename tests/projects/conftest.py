"""Helpers for the projects tests: a project in a unit, goal images, prototypes, decisions,
and a fake link kind standing in for another app's (e.g. insights' patterns)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from medskapa.access.actor import Actor, actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation, Unit
from medskapa.projects import services
from medskapa.projects.models import CoCreator, Decision, GoalImage, Project, Prototype
from medskapa.web import links
from tests.api.conftest import issue_token  # noqa: F401  (the API tests' token fixture)
from tests.personas import Personas


def actor(user: User) -> Actor:
    return actor_for_user(user)


def make_project(
    p: Personas,
    *,
    unit: Unit | None = None,
    organisation: Organisation | None = None,
    by: User | None = None,
    title: str = "Tryggare första möte",
    **fields: Any,
) -> Project:
    organisation = organisation or (unit.organisation if unit else p.own)
    creator = by or (p.designer if organisation == p.own else p.outsider_designer)
    return services.project_create(
        actor=actor(creator),
        organisation=organisation,
        unit=unit,
        title=title,
        challenge="Hur kan vi göra första mötet med socialtjänsten tryggare?",
        staff_notes=fields.pop("staff_notes", "HEMLIG TEAMANTECKNING"),
        **fields,
    )


def join(project: Project, user: User) -> CoCreator:
    return CoCreator.objects.create(project=project, user=user)


def make_goal(project: Project, text: str = "Jag vet vem jag kan prata med") -> GoalImage:
    return services.goal_image_create(
        actor=actor_for_user(project.created_by),
        project=project,
        text=text,
        staff_notes="HEMLIG MÅLBILDSANTECKNING",
    )


def make_prototype(project: Project, **fields: Any) -> Prototype:
    defaults: dict[str, Any] = {
        "title": "Sms före första mötet",
        "hypothesis_if": "skickar ett sms med bild på handläggaren",
        "hypothesis_then": "unga att känna sig tryggare när de kommer",
        "hypothesis_seen": "fler kommer till första mötet",
        "staff_notes": "HEMLIG PROTOTYPANTECKNING",
    }
    defaults.update(fields)
    return services.prototype_create(
        actor=actor_for_user(project.created_by), project=project, **defaults
    )


def make_decision(project: Project, **fields: Any) -> Decision:
    defaults: dict[str, Any] = {
        "title": "Alla unga får ett sms med bild före första mötet",
        "for_young_people": "Du får ett sms med en bild på den du ska träffa.",
        "decided_by": "Ledningsgruppen",
        "decided_on": date(2026, 3, 1),
        "owner": "Enhetschef Barn och unga",
        "staff_notes": "HEMLIG BESLUTSANTECKNING",
    }
    defaults.update(fields)
    return services.decision_create(
        actor=actor_for_user(project.created_by), project=project, **defaults
    )


FAKE_PATTERNS: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}


def _fake_resolve(
    actor: Actor, organisation_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[links.LinkTarget]:
    if not actor.is_staff_member:
        return []
    return [
        links.LinkTarget("fake.pattern", i, FAKE_PATTERNS[i][1], f"/fake/{i}/")
        for i in ids
        if i in FAKE_PATTERNS and FAKE_PATTERNS[i][0] == organisation_id
    ]


def _fake_search(actor: Actor, organisation_id: uuid.UUID, text: str) -> list[links.LinkTarget]:
    if not actor.is_staff_member:
        return []
    return [
        links.LinkTarget("fake.pattern", i, title, f"/fake/{i}/")
        for i, (org, title) in FAKE_PATTERNS.items()
        if org == organisation_id and text.lower() in title.lower()
    ]


@pytest.fixture
def fake_patterns() -> Iterator[dict[uuid.UUID, tuple[uuid.UUID, str]]]:
    """A registered link kind "fake.pattern" whose targets are this dict's entries."""
    links.register(links.LinkKind("fake.pattern", "Fejkmönster", _fake_resolve, _fake_search))
    FAKE_PATTERNS.clear()
    yield FAKE_PATTERNS
    FAKE_PATTERNS.clear()
    links._KINDS.pop("fake.pattern", None)
