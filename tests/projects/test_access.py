"""Access: young people join with the project's code and then see only their own projects'
young-person view, never the team's notes; other organisations see nothing; staff never see
who reacted."""

from __future__ import annotations

import pytest
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.projects import selectors, services
from medskapa.projects.models import CoCreator, Reaction
from tests.personas import Personas
from tests.projects.conftest import join, make_decision, make_goal, make_project, make_prototype

pytestmark = pytest.mark.django_db

SECRETS = [
    "HEMLIG TEAMANTECKNING",
    "HEMLIG MÅLBILDSANTECKNING",
    "HEMLIG PROTOTYPANTECKNING",
    "HEMLIG BESLUTSANTECKNING",
]


def test_a_young_person_joins_with_the_code_and_a_wrong_code_changes_nothing(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    code = services.join_code_create(actor=actor_for_user(personas.designer), project=project)
    client: Client = client_for(personas.young)
    page = client.get("/me/projects/join/", {"code": code}).content.decode()
    assert f'value="{code}"' in page  # the link fills in the code
    wrong = client.post("/me/projects/join/", {"code": "AAAA2222"})
    assert wrong.status_code == 200 and "Koden fungerar inte" in wrong.content.decode()
    assert not CoCreator.objects.exists()
    response = client.post("/me/projects/join/", {"code": code.lower()})
    assert response["Location"] == f"/me/projects/{project.pk}/"
    client.post("/me/projects/join/", {"code": code})  # a double tap joins once
    assert CoCreator.objects.filter(project=project, user=personas.young).count() == 1
    assert AuditEvent.objects.filter(subject_id=personas.young.pk, action="create").exists()


def test_the_code_does_not_work_for_another_organisation_or_for_staff(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    code = services.join_code_create(actor=actor_for_user(personas.designer), project=project)
    for user in (personas.outsider_young, personas.worker):
        client_for(user).post("/me/projects/join/", {"code": code})
    assert not CoCreator.objects.exists()


def test_a_new_code_stops_the_old_one(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    actor = actor_for_user(personas.designer)
    old = services.join_code_create(actor=actor, project=project)
    new = services.join_code_create(actor=actor, project=project)
    assert selectors.project_for_code(old) is None
    assert selectors.project_for_code(new) == project


def test_co_creators_see_only_their_projects_and_never_the_teams_notes(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    mine = make_project(personas, unit=personas.unit_a, title="Mitt projekt")
    other = make_project(personas, unit=personas.unit_a, title="Någon annans projekt")
    goal = make_goal(mine)
    prototype = make_prototype(mine, open_for_rating=True, for_young_people="Ett nytt sms")
    make_decision(mine)
    join(mine, personas.young)
    client: Client = client_for(personas.young)
    listing = client.get("/me/projects/").content.decode()
    assert "Mitt projekt" in listing and "Någon annans projekt" not in listing
    pages = [
        f"/me/projects/{mine.pk}/",
        f"/me/projects/{mine.pk}/goals/{goal.pk}/",
        f"/me/projects/{mine.pk}/prototypes/{prototype.pk}/",
    ]
    for path in pages:
        html = client.get(path).content.decode()
        for secret in SECRETS:
            assert secret not in html, (path, secret)
    detail = client.get(pages[0]).content.decode()
    assert "Du får ett sms med en bild" in detail  # the decision, in plain words
    assert client.get(f"/me/projects/{other.pk}/").status_code == 404
    other_goal = make_goal(other)
    assert client.get(f"/me/projects/{other.pk}/goals/{other_goal.pk}/").status_code == 404
    assert client.get(f"/me/projects/{mine.pk}/goals/{other_goal.pk}/").status_code == 404


def test_a_co_creator_can_leave_and_their_answers_stay_without_them(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    join(project, personas.young)
    goal = make_goal(project)
    services.reaction_save(actor=actor_for_user(personas.young), goal_image=goal, choice="agree")
    client: Client = client_for(personas.young)
    client.post(f"/me/projects/{project.pk}/leave/")
    assert not CoCreator.objects.exists()
    reaction = Reaction.objects.get()  # the answer stays, without the person
    assert (reaction.choice, reaction.participant) == ("agree", None)
    assert client.get(f"/me/projects/{project.pk}/").status_code == 404


def test_the_other_organisation_sees_nothing_anywhere(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    make_goal(project)
    for user in (personas.outsider_designer, personas.outsider_manager, personas.outsider_young):
        client: Client = client_for(user)
        assert client.get(f"/org/{personas.own.pk}/projects/").status_code == 404
        assert client.get(f"/org/{personas.own.pk}/projects/{project.pk}/").status_code == 404
        assert client.get(f"/me/projects/{project.pk}/").status_code == 404
        assert project.title not in client.get("/me/projects/").content.decode()
    assert AuditEvent.objects.filter(action="denied", object_id=str(project.pk)).exists()


def test_a_worker_adds_a_young_person_from_their_caseload_only(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    services.team_set(
        actor=actor_for_user(personas.designer), project=project, members=[personas.worker]
    )
    client: Client = client_for(personas.worker)
    url = f"/org/{personas.own.pk}/projects/{project.pk}/cocreators/"
    page = client.get(url).content.decode()
    assert personas.young.display_name in page  # on the worker's caseload
    assert personas.young_other.display_name not in page
    client.post(url, {"action": "add", "young_person": str(personas.young_other.pk)})
    assert not CoCreator.objects.exists()
    client.post(url, {"action": "add", "young_person": "not-a-uuid"})
    client.post(url, {"action": "add", "young_person": str(personas.young.pk)})
    assert CoCreator.objects.get().user == personas.young


def test_designers_see_only_a_count_of_co_creators(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    join(project, personas.young)
    client: Client = client_for(personas.designer)
    for path in ("", "cocreators/"):
        html = client.get(f"/org/{personas.own.pk}/projects/{project.pk}/{path}").content.decode()
        assert personas.young.display_name not in html
    assert (
        "1 ung person"
        in client.get(f"/org/{personas.own.pk}/projects/{project.pk}/").content.decode()
    )
