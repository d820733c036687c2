"""The feedback app walks from a decision to the young people behind it: the project's
co-creators (told, not counted), the reactions to the goal images it rests on, and further
along the goal images' own links."""

from __future__ import annotations

import uuid

import pytest

from medskapa.access.actor import actor_for_user
from medskapa.projects import selectors, services
from medskapa.web.registries.contributions import Recipient, walk
from tests.personas import Personas, make_user
from tests.projects.conftest import join, make_decision, make_goal, make_project

pytestmark = pytest.mark.django_db


def test_a_decision_reaches_co_creators_and_the_reactions_behind_its_goal_images(
    personas: Personas,
) -> None:
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    decision = make_decision(project)
    services.link_add(
        actor=actor_for_user(personas.designer),
        project=project,
        source_type="decision",
        source_id=decision.pk,
        target_kind="projects.goal_image",
        target_id=goal.pk,
    )
    join(project, personas.young)
    reacting = make_user("reagerar", org=personas.own, role="young_person")
    join(project, reacting)  # only co-creators react (the layer asks ``goal_image.react``)
    services.reaction_save(actor=actor_for_user(reacting), goal_image=goal, choice="agree")
    services.reaction_save_by_device(goal_image=goal, device_hash="anon", choice="unsure")
    found = walk(personas.own.pk, "projects.decision", decision.pk)
    cocreators = [c for c in found if c.key.split(":")[0] == "projects.cocreator"]
    assert {c.recipient for c in cocreators} == {
        Recipient.user(personas.young.pk),
        Recipient.user(reacting.pk),
    }
    assert not any(c.counts for c in cocreators)
    reactions = [c for c in found if c.key.startswith("projects.reaction:")]
    assert len(reactions) == 2
    assert {c.recipient for c in reactions} == {Recipient.user(reacting.pk), None}
    assert selectors.sources_of_decision(decision.pk) == [("projects.goal_image", goal.pk)]
    assert selectors.sources_of_decision(uuid.uuid4()) == []


def test_the_walk_never_crosses_organisations(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    decision = make_decision(project)
    join(project, personas.young)
    assert walk(personas.other.pk, "projects.decision", decision.pk) == []
