"""Phases: every project starts with the six phases of the guide, editable per project, with
the current phase marked in text on the progress line."""

from __future__ import annotations

import pytest
from django.test import Client

from medskapa.audit.models import AuditEvent
from medskapa.projects.models import Activity, Phase, PhaseKey, Project
from tests.personas import Personas
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def _url(project: Project, rest: str = "") -> str:
    return f"/org/{project.organisation_id}/projects/{project.pk}/phases/{rest}"


def test_a_new_project_gets_the_six_phases_and_starts_in_the_first(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    assert [p.key for p in project.phases.all()] == [
        PhaseKey.UNDERSTAND,
        PhaseKey.PATTERNS,
        PhaseKey.GOAL_IMAGES,
        PhaseKey.IDEAS,
        PhaseKey.TEST,
        PhaseKey.ACT,
    ]
    assert project.current_phase is not None
    assert project.current_phase.key == PhaseKey.UNDERSTAND


def test_the_progress_line_is_an_ordered_list_naming_the_current_phase_in_text(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    html = (
        client_for(personas.designer)
        .get(f"/org/{personas.own.pk}/projects/{project.pk}/")
        .content.decode()
    )
    line = html[
        html.index('<ol class="progress-line"') : html.index(
            "</ol>", html.index('class="progress-line"')
        )
    ]
    assert "<strong>Förstå</strong>" in line
    assert "(nu)" in line
    assert "Mönster" in line and "(kommer)" in line
    assert "Idéer och prototyper" in line and "Agera" in line


def test_moving_to_another_phase_is_saved_and_audited(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    goal_phase = project.phases.get(key=PhaseKey.GOAL_IMAGES)
    response = client_for(personas.manager).post(
        _url(project, f"{goal_phase.pk}/"), {"action": "current"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.current_phase_id == goal_phase.pk
    assert AuditEvent.objects.filter(
        object_id=str(project.pk), detail="phase: goal_images"
    ).exists()
    html = client_for(personas.designer).get(_url(project)).content.decode()
    assert "Förstå</li>" not in html  # earlier phases are marked done
    assert "(klar)" in html


def test_phases_can_be_renamed_added_moved_and_removed(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    client: Client = client_for(personas.designer)
    first = project.phases.get(key=PhaseKey.UNDERSTAND)
    client.post(_url(project, f"{first.pk}/"), {"action": "rename", "name": "Förstå behovet"})
    client.post(_url(project, "add/"), {"name": "Sprida"})
    added = project.phases.get(name="Sprida")
    assert added.order == 6
    client.post(_url(project, f"{added.pk}/"), {"action": "up"})
    names = [p.display_name for p in project.phases.all()]
    assert names[0] == "Förstå behovet"
    assert names[-2:] == ["Sprida", "Act"] or names[-2:] == ["Sprida", "Agera"]
    activity = Activity.objects.create(project=project, phase=added, card="workshop", title="X")
    client.post(_url(project, f"{added.pk}/"), {"action": "delete"})
    assert not Phase.objects.filter(pk=added.pk).exists()
    activity.refresh_from_db()
    assert activity.phase is not None  # what the phase held moved to the phase before it


def test_the_last_phase_cannot_be_removed_and_bad_input_changes_nothing(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    client: Client = client_for(personas.designer)
    for phase in list(project.phases.all())[1:]:
        client.post(_url(project, f"{phase.pk}/"), {"action": "delete"})
    only = project.phases.get()
    response = client.post(_url(project, f"{only.pk}/"), {"action": "delete"}, follow=True)
    assert response.status_code == 200
    assert "minst en fas" in response.content.decode()
    assert project.phases.count() == 1
    assert client.post(_url(project, "add/"), {"name": "   "}).status_code == 302
    assert client.post(_url(project, f"{only.pk}/"), {"action": "explode"}).status_code == 302
    assert project.phases.count() == 1


def test_a_phase_of_another_project_is_404(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    other = make_project(personas, unit=personas.unit_a)
    foreign = other.phases.first()
    assert foreign is not None
    response = client_for(personas.designer).post(
        _url(project, f"{foreign.pk}/"), {"action": "current"}
    )
    assert response.status_code == 404
