"""Decision links: goal images, prototypes and decisions rest on things of any registered link
kind (here a fake kind standing in for insights' patterns), picked by server-side search, and
every decision lists its sources for the feedback app."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.projects import selectors, services
from medskapa.projects.models import SourceLink
from medskapa.web import links
from tests.personas import Personas
from tests.projects.conftest import join, make_decision, make_goal, make_project, make_prototype

pytestmark = pytest.mark.django_db


def _picker(project, source_type: str, source_id: object) -> str:  # type: ignore[no-untyped-def]
    return f"/org/{project.organisation_id}/projects/{project.pk}/links/{source_type}/{source_id}/"


def test_a_decision_links_to_a_pattern_found_by_search_and_lists_it(
    personas: Personas, client_for, fake_patterns
) -> None:  # type: ignore[no-untyped-def]
    pattern = uuid.uuid4()
    fake_patterns[pattern] = (personas.own.pk, "Unga vet inte vem de ska ringa")
    fake_patterns[uuid.uuid4()] = (personas.other.pk, "Annan kommuns mönster")
    project = make_project(personas, unit=personas.unit_a)
    decision = make_decision(project)
    client: Client = client_for(personas.designer)
    page = client.get(_picker(project, "decision", decision.pk), {"q_fakepattern": "ringa"})
    html = page.content.decode()
    assert "Unga vet inte vem de ska ringa" in html
    assert "Annan kommuns mönster" not in html
    client.post(
        _picker(project, "decision", decision.pk), {"kind": "fake.pattern", "target": str(pattern)}
    )
    assert selectors.decision_sources(decision) == [("fake.pattern", pattern)]
    detail = client.get(
        f"/org/{personas.own.pk}/projects/{project.pk}/decisions/{decision.pk}/"
    ).content.decode()
    assert "Unga vet inte vem de ska ringa" in detail and "Fejkmönster" in detail


def test_a_link_to_something_the_actor_cannot_see_is_refused(
    personas: Personas, fake_patterns
) -> None:  # type: ignore[no-untyped-def]
    foreign = uuid.uuid4()
    fake_patterns[foreign] = (personas.other.pk, "Annan kommuns mönster")
    project = make_project(personas, unit=personas.unit_a)
    decision = make_decision(project)
    with pytest.raises(ValidationError):
        services.link_add(
            actor=actor_for_user(personas.designer),
            project=project,
            source_type="decision",
            source_id=decision.pk,
            target_kind="fake.pattern",
            target_id=foreign,
        )
    with pytest.raises(ValidationError):
        services.link_add(
            actor=actor_for_user(personas.designer),
            project=project,
            source_type="decision",
            source_id=decision.pk,
            target_kind="insights.unknown",
            target_id=uuid.uuid4(),
        )
    assert not SourceLink.objects.exists()


def test_a_link_is_removed_with_its_button(personas: Personas, client_for, fake_patterns) -> None:  # type: ignore[no-untyped-def]
    pattern = uuid.uuid4()
    fake_patterns[pattern] = (personas.own.pk, "Mönster")
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    link = services.link_add(
        actor=actor_for_user(personas.designer),
        project=project,
        source_type="goal_image",
        source_id=goal.pk,
        target_kind="fake.pattern",
        target_id=pattern,
    )
    client: Client = client_for(personas.designer)
    html = client.get(_picker(project, "goal_image", goal.pk)).content.decode()
    assert "länken till Mönster" in html
    client.post(f"/org/{personas.own.pk}/projects/{project.pk}/links/remove/{link.pk}/")
    assert not SourceLink.objects.exists()


def test_decision_sources_follow_goal_images_and_prototypes_to_their_patterns(
    personas: Personas, fake_patterns
) -> None:  # type: ignore[no-untyped-def]
    pattern, other_pattern = uuid.uuid4(), uuid.uuid4()
    fake_patterns[pattern] = (personas.own.pk, "Mönster A")
    fake_patterns[other_pattern] = (personas.own.pk, "Mönster B")
    project = make_project(personas, unit=personas.unit_a)
    goal, prototype, decision = make_goal(project), make_prototype(project), make_decision(project)
    actor = actor_for_user(personas.designer)

    def link(source_type: str, source_id: uuid.UUID, kind: str, target: uuid.UUID) -> None:
        services.link_add(
            actor=actor,
            project=project,
            source_type=source_type,
            source_id=source_id,
            target_kind=kind,
            target_id=target,
        )

    link("goal_image", goal.pk, "fake.pattern", pattern)
    link("prototype", prototype.pk, "fake.pattern", other_pattern)
    link("prototype", prototype.pk, "projects.goal_image", goal.pk)
    link("decision", decision.pk, "projects.goal_image", goal.pk)
    link("decision", decision.pk, "projects.prototype", prototype.pk)
    assert selectors.decision_sources(decision) == [
        ("projects.goal_image", goal.pk),
        ("projects.prototype", prototype.pk),
    ]
    assert selectors.decision_sources_deep(decision) == [
        ("projects.goal_image", goal.pk),
        ("projects.prototype", prototype.pk),
        ("fake.pattern", pattern),
        ("fake.pattern", other_pattern),
    ]
    join(project, personas.young)
    assert selectors.decision_cocreators(decision) == [personas.young]


def test_projects_link_kinds_resolve_only_for_staff_who_see_the_project(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a2)
    goal = make_goal(project, text="Jag blir lyssnad på")
    pairs = [("projects.goal_image", goal.pk)]
    found = links.resolve(actor_for_user(personas.designer), personas.own.pk, pairs)
    assert [t.title for t in found] == [f"Jag blir lyssnad på ({project.title})"]
    assert links.resolve(actor_for_user(personas.worker), personas.own.pk, pairs) == []
    assert links.resolve(actor_for_user(personas.outsider_designer), personas.own.pk, pairs) == []
    kind = links.kind("projects.goal_image")
    assert kind is not None
    assert [
        t.id for t in kind.search(actor_for_user(personas.designer), personas.own.pk, "lyssnad")
    ] == [goal.pk]
    assert kind.search(actor_for_user(personas.young), personas.own.pk, "lyssnad") == []


def test_the_link_picker_is_404_for_a_source_in_another_project(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    other = make_project(personas, unit=personas.unit_a)
    decision = make_decision(other)
    client: Client = client_for(personas.designer)
    assert client.get(_picker(project, "decision", decision.pk)).status_code == 404
    assert client.get(_picker(project, "nonsense", decision.pk)).status_code == 404
