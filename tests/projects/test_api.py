"""The projects API: read projects, phases, goal images (suppressed counts), prototypes and
decisions with their sources; create where it makes sense; other organisations get 404."""

from __future__ import annotations

import uuid

import pytest

from medskapa.access.actor import actor_for_user
from medskapa.organisations.roles import Role
from medskapa.projects import services
from medskapa.projects.models import PhaseKey, Project
from tests.api.conftest import ApiClient, IssueToken
from tests.personas import Personas
from tests.projects.conftest import make_decision, make_goal, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer_api(issue_token: IssueToken) -> ApiClient:
    return ApiClient(issue_token(role=Role.DESIGNER).plaintext)


def test_a_designer_token_lists_and_reads_projects(
    personas: Personas, designer_api: ApiClient
) -> None:
    project = make_project(personas, unit=personas.unit_a)
    make_project(personas, organisation=personas.other, unit=personas.unit_b)
    listing = designer_api.get("/projects").json()
    assert [item["id"] for item in listing["items"]] == [str(project.pk)]
    detail = designer_api.get(f"/projects/{project.pk}").json()
    assert detail["challenge"].startswith("Hur kan vi")
    assert "staff_notes" not in detail
    phases = designer_api.get(f"/projects/{project.pk}/phases").json()
    assert [p["key"] for p in phases][:2] == ["understand", "patterns"]
    assert phases[0]["current"] is True


def test_a_project_of_another_organisation_is_404(
    personas: Personas, designer_api: ApiClient
) -> None:
    other = make_project(personas, organisation=personas.other, unit=personas.unit_b)
    assert designer_api.get(f"/projects/{other.pk}").status_code == 404
    assert designer_api.get(f"/projects/{other.pk}/decisions").status_code == 404
    assert designer_api.get(f"/projects/{uuid.uuid4()}").status_code == 404


def test_goal_images_come_with_suppressed_counts(
    personas: Personas, designer_api: ApiClient
) -> None:
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    for i in range(6):
        services.reaction_save_by_device(
            goal_image=goal, choice="agree" if i < 5 else "unsure", device_hash=f"d{i}"
        )
    [item] = designer_api.get(f"/projects/{project.pk}/goal-images").json()
    assert item["reactions"] == 6
    counts = {c["answer"]: c["count"] for c in item["counts"]}
    assert counts == {"agree": 5, "unsure": None, "disagree": None, "no_answer": None}


def test_decisions_list_their_sources(personas: Personas, designer_api: ApiClient) -> None:
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
    [item] = designer_api.get(f"/projects/{project.pk}/decisions").json()
    assert item["sources"] == [{"kind": "projects.goal_image", "id": str(goal.pk)}]


def test_a_token_creates_a_project_goal_image_prototype_and_decision(
    personas: Personas, designer_api: ApiClient
) -> None:
    created = designer_api.post(
        "/projects",
        {
            "organisation_id": str(personas.own.pk),
            "unit_id": str(personas.unit_a.pk),
            "title": "Via API",
            "challenge": "Hur kan vi …?",
        },
    )
    assert created.status_code == 201, created.content
    project = Project.objects.get(pk=created.json()["id"])
    assert (
        designer_api.post(
            f"/projects/{project.pk}/goal-images", {"text": "Jag blir trodd"}
        ).status_code
        == 201
    )
    assert (
        designer_api.post(
            f"/projects/{project.pk}/prototypes",
            {"title": "P", "hypothesis_if": "a", "hypothesis_then": "b", "hypothesis_seen": "c"},
        ).status_code
        == 201
    )
    assert (
        designer_api.post(
            f"/projects/{project.pk}/decisions",
            {"title": "B", "decided_by": "Nämnden", "decided_on": "2026-04-01", "owner": "Chef"},
        ).status_code
        == 201
    )
    test_phase = project.phases.get(key=PhaseKey.TEST)
    moved = designer_api.post(
        f"/projects/{project.pk}/phases/current", {"phase_id": str(test_phase.pk)}
    )
    assert moved.json()["current_phase_id"] == str(test_phase.pk)


def test_bad_input_is_422_and_creates_nothing(personas: Personas, designer_api: ApiClient) -> None:
    response = designer_api.post(
        "/projects",
        {
            "organisation_id": str(personas.own.pk),
            "title": "",
            "challenge": "x",
            "starts_on": "2026-05-01",
            "target_on": "2026-01-01",
        },
    )
    assert response.status_code == 422
    response = designer_api.post(
        "/projects",
        {
            "organisation_id": str(personas.own.pk),
            "title": "X",
            "challenge": "x",
            "starts_on": "2026-05-01",
            "target_on": "2026-01-01",
        },
    )
    assert response.status_code == 422
    assert not Project.objects.exists()
    foreign = designer_api.post(
        "/projects", {"organisation_id": str(personas.other.pk), "title": "X", "challenge": "x"}
    )
    assert foreign.status_code == 404
    assert not Project.objects.exists()


def test_an_admin_token_sees_no_projects(personas: Personas, issue_token: IssueToken) -> None:
    project = make_project(personas, unit=personas.unit_a)
    admin = ApiClient(issue_token(role=Role.ORG_ADMIN).plaintext)
    assert admin.get("/projects").json()["items"] == []
    assert admin.get(f"/projects/{project.pk}").status_code == 404


def _create(client, personas: Personas, unit) -> int:  # type: ignore[no-untyped-def]
    body = {
        "organisation_id": str(personas.own.pk),
        "unit_id": str(unit.pk) if unit is not None else None,
        "title": "Nytt projekt",
        "challenge": "Hur kan vi göra det lättare?",
    }
    return client.post("/api/v1/projects", body, content_type="application/json").status_code


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("manager", {"unit_a", "unit_a_child"}),
        ("worker", {"unit_a", "unit_a_child"}),
        ("designer", {"unit_a", "unit_a_child", "unit_a2", None}),
        ("admin", set()),
        ("young", set()),
    ],
)
def test_creating_a_project_through_the_api_asks_the_layer_about_the_unit(
    personas: Personas, client_for, persona: str, allowed: set[str | None]
) -> None:
    """Issue 13: a unit-scoped manager created projects in a sibling unit and org-wide."""
    client = client_for(getattr(personas, persona))
    for name in ("unit_a", "unit_a_child", "unit_a2", None):
        unit = getattr(personas, name) if name is not None else None
        status = _create(client, personas, unit)
        assert status == (201 if name in allowed else 404), (persona, name, status)
    titles = Project.objects.filter(title="Nytt projekt").values_list("unit_id", flat=True)
    assert len(titles) == len(allowed)
