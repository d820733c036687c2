"""Every page of the projects app renders for those who may see it, in Swedish, and refuses
(404) those who may not."""

from __future__ import annotations

import pytest
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.projects import services
from medskapa.projects.models import Project
from tests.personas import Personas
from tests.projects.conftest import join, make_decision, make_goal, make_project, make_prototype

pytestmark = pytest.mark.django_db


def _world(p: Personas) -> dict[str, str]:
    project = make_project(p, unit=p.unit_a)
    goal = make_goal(project)
    prototype = make_prototype(project, open_for_rating=True)
    decision = make_decision(project)
    activity = services.activity_start(
        actor=actor_for_user(p.designer), project=project, card="journey_map", title="Resan"
    )
    join(project, p.young)
    project.campaign_slug = "kampanjlank123"
    project.campaign_open = True
    project.save()
    return {
        "org": str(p.own.pk),
        "p": str(project.pk),
        "goal": str(goal.pk),
        "proto": str(prototype.pk),
        "dec": str(decision.pk),
        "map": str(activity.result_id),
    }


STAFF_PAGES = [
    "/org/{org}/projects/",
    "/org/{org}/projects/new/",
    "/org/{org}/projects/{p}/",
    "/org/{org}/projects/{p}/edit/",
    "/org/{org}/projects/{p}/phases/",
    "/org/{org}/projects/{p}/library/",
    "/org/{org}/projects/{p}/library/interview/",
    "/org/{org}/projects/{p}/library/workshop/",
    "/org/{org}/projects/{p}/library/user_test/",
    "/org/{org}/projects/{p}/library/journey_map/",
    "/org/{org}/projects/{p}/cocreators/",
    "/org/{org}/projects/{p}/goals/",
    "/org/{org}/projects/{p}/goals/{goal}/",
    "/org/{org}/projects/{p}/prototypes/",
    "/org/{org}/projects/{p}/prototypes/{proto}/",
    "/org/{org}/projects/{p}/prototypes/{proto}/edit/",
    "/org/{org}/projects/{p}/decisions/",
    "/org/{org}/projects/{p}/decisions/{dec}/",
    "/org/{org}/projects/{p}/links/decision/{dec}/",
    "/org/{org}/projects/{p}/maps/{map}/",
]
YOUNG_PAGES = [
    "/me/projects/",
    "/me/projects/join/",
    "/me/projects/{p}/",
    "/me/projects/{p}/goals/{goal}/",
    "/me/projects/{p}/prototypes/{proto}/",
]
PUBLIC_PAGES = ["/malbild/kampanjlank123/", "/malbild/kampanjlank123/{goal}/"]


def test_every_staff_page_renders_for_a_designer(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    client: Client = client_for(personas.designer)
    for path in STAFF_PAGES:
        response = client.get(path.format(**ids), HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200, path
        assert 'lang="sv"' in response.content.decode()


def test_every_staff_page_is_404_for_the_other_organisation(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    client: Client = client_for(personas.outsider_designer)
    for path in STAFF_PAGES[2:]:
        assert client.get(path.format(**ids)).status_code == 404, path


def test_staff_pages_are_404_for_young_people_and_org_admins(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    for user in (personas.young, personas.admin, personas.guardian):
        client: Client = client_for(user)
        for path in STAFF_PAGES[2:]:
            assert client.get(path.format(**ids)).status_code == 404, (user, path)


def test_the_young_persons_pages_render(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    client: Client = client_for(personas.young)
    for path in YOUNG_PAGES:
        assert client.get(path.format(**ids)).status_code == 200, path


def test_the_public_pages_render_without_log_in(personas: Personas, client: Client) -> None:
    ids = _world(personas)
    for path in PUBLIC_PAGES:
        assert client.get(path.format(**ids)).status_code == 200, path


def test_a_closed_public_link_is_404(personas: Personas, client: Client) -> None:
    ids = _world(personas)
    Project.objects.filter(pk=ids["p"]).update(campaign_open=False)
    assert client.get("/malbild/kampanjlank123/").status_code == 404


def test_a_worker_off_the_team_may_read_but_not_change(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    client: Client = client_for(personas.worker)
    assert client.get("/org/{org}/projects/{p}/".format(**ids)).status_code == 200
    assert client.get("/org/{org}/projects/{p}/edit/".format(**ids)).status_code == 404
    response = client.post("/org/{org}/projects/{p}/goals/".format(**ids), {"text": "Ny"})
    assert response.status_code == 404


def test_a_project_under_another_organisations_url_is_404(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    """The layer compares the URL's organisation with the project's (no ``_same_org`` here)."""
    ids = _world(personas)
    client: Client = client_for(personas.designer)
    for path in STAFF_PAGES[2:]:
        assert client.get(path.format(**{**ids, "org": personas.other.pk})).status_code == 404
