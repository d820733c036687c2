"""The method library: seven cards in Swedish and English, and starting an activity from a card
creates the right thing and lists it in its phase."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from medskapa.access.actor import actor_for_user
from medskapa.events.models import Event
from medskapa.projects import library, services
from medskapa.projects.models import Activity, JourneyMap, PhaseKey, Prototype, TestRound
from medskapa.web.registries import activity_starters
from tests.personas import Personas
from tests.projects.conftest import make_project, make_prototype

pytestmark = pytest.mark.django_db


def test_every_card_is_complete_in_swedish_and_english() -> None:
    for language in ("sv", "en"):
        cards = library.cards(language)
        assert [c.key for c in cards] == library.CARD_ORDER
        for card in cards:
            assert card.title and card.purpose and card.time
            assert len(card.steps) >= 3 and card.materials and len(card.tips) >= 3


def test_the_card_page_follows_the_language(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    url = f"/org/{personas.own.pk}/projects/{project.pk}/library/observation/"
    client: Client = client_for(personas.designer)
    assert "Observation" in client.get(url).content.decode()
    assert "Med barn och unga" in client.get(url).content.decode()
    with translation.override("en"):
        assert library.card("observation") is not None
        assert library.card("observation").purpose.startswith("See what")  # type: ignore[union-attr]


def _start(client: Client, project: Any, card: str, **data: Any) -> Any:
    phase = project.phases.get(key=library.card(card).phase)  # type: ignore[union-attr]
    return client.post(
        f"/org/{project.organisation_id}/projects/{project.pk}/library/{card}/",
        {"title": f"{card} med unga", "phase": str(phase.pk), "notes": "", **data},
    )


def test_a_journey_map_card_creates_a_journey_map_listed_in_its_phase(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    client: Client = client_for(personas.designer)
    response = _start(client, project, "journey_map", persona="En 15-åring")
    journey = JourneyMap.objects.get(project=project)
    assert response["Location"].endswith(f"/maps/{journey.pk}/")
    assert journey.persona == "En 15-åring"
    assert journey.stages.count() == 4
    activity = Activity.objects.get(project=project)
    assert activity.phase is not None and activity.phase.key == PhaseKey.PATTERNS
    assert activity.result_kind == "projects.journey_map" and activity.result_id == journey.pk
    html = client.get(f"/org/{personas.own.pk}/projects/{project.pk}/").content.decode()
    assert "journey_map med unga" in html


def test_a_user_test_card_creates_a_test_round_on_the_chosen_prototype(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    prototype = make_prototype(project)
    _start(client_for(personas.designer), project, "user_test", prototype=str(prototype.pk))
    test_round = TestRound.objects.get()
    assert test_round.prototype == prototype
    assert Activity.objects.get(project=project).result_id == prototype.pk


def test_a_user_test_without_a_prototype_creates_one(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    services.activity_start(
        actor=actor_for_user(personas.designer), project=project, card="user_test", title="Test 1"
    )
    assert Prototype.objects.get(project=project).rounds.count() == 1


def test_a_workshop_card_creates_a_draft_event_in_the_events_app(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    response = _start(client_for(personas.manager), project, "workshop", place="Fritidsgården")
    event = Event.objects.get()
    assert event.title == "workshop med unga" and event.place == "Fritidsgården"
    assert not event.published
    assert event.unit == personas.unit_a
    assert response["Location"] == f"/org/{personas.own.pk}/events/{event.pk}/"
    activity = Activity.objects.get()
    assert (activity.result_kind, activity.result_id) == ("events.event", event.pk)


def test_an_interview_is_an_activity_here_until_insights_registers_a_starter(
    personas: Personas,
) -> None:
    project = make_project(personas, unit=personas.unit_a)
    activity = services.activity_start(
        actor=actor_for_user(personas.designer), project=project, card="interview", title="Intervju"
    )
    assert activity.phase is not None and activity.phase.key == PhaseKey.UNDERSTAND
    assert activity.result_kind == ""
    made = uuid.uuid4()

    def insights_starter(request: activity_starters.StartRequest) -> activity_starters.Started:
        return activity_starters.Started(
            "insights.source", made, request.activity.title, "/insights/x/"
        )

    previous = activity_starters.activity_starter("interview")
    activity_starters.register_activity_starter("interview", insights_starter)
    try:
        second = services.activity_start(
            actor=actor_for_user(personas.designer), project=project, card="interview", title="Två"
        )
    finally:
        if previous is None:
            activity_starters.unregister_activity_starter("interview")
        else:
            activity_starters.register_activity_starter("interview", previous)
    assert (second.result_kind, second.result_id, second.result_url) == (
        "insights.source",
        made,
        "/insights/x/",
    )


def test_an_unknown_card_is_404_and_a_viewer_cannot_start(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    base = f"/org/{personas.own.pk}/projects/{project.pk}/library/"
    assert client_for(personas.designer).get(base + "tarot/").status_code == 404
    assert _start(client_for(personas.worker), project, "interview").status_code == 404
    assert not Activity.objects.exists()
