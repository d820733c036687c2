"""Journey maps: cards added, edited and moved with plain POST buttons (left/right across
stages, up/down across lanes), a feelings curve drawn on the server, and exports as PDF and PNG."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.projects import journey as drawing
from medskapa.projects import selectors, services
from medskapa.projects.models import JourneyCard, Lane
from tests.personas import Personas
from tests.projects.conftest import make_project

pytestmark = pytest.mark.django_db


def _map(personas: Personas):  # type: ignore[no-untyped-def]
    project = make_project(personas, unit=personas.unit_a)
    journey = services.journey_map_create(
        actor=actor_for_user(personas.designer), project=project, title="Första mötet"
    )
    return project, journey


def _base(project, journey) -> str:  # type: ignore[no-untyped-def]
    return f"/org/{project.organisation_id}/projects/{project.pk}/maps/{journey.pk}/"


def test_a_card_is_added_moved_edited_and_removed_with_buttons(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    stages = list(journey.stages.all())
    client: Client = client_for(personas.designer)
    base = _base(project, journey)
    client.post(
        base + "cards/add/", {"stage": str(stages[0].pk), "lane": "doing", "text": "Får ett brev"}
    )
    card = JourneyCard.objects.get()
    client.post(base + f"cards/{card.pk}/", {"action": "right"})
    client.post(base + f"cards/{card.pk}/", {"action": "down"})
    card.refresh_from_db()
    assert (card.stage_id, card.lane) == (stages[1].pk, Lane.THINKING)
    client.post(base + f"cards/{card.pk}/", {"action": "up"})
    client.post(base + f"cards/{card.pk}/", {"action": "up"})  # at the top: stays
    client.post(base + f"cards/{card.pk}/", {"action": "left"})
    client.post(base + f"cards/{card.pk}/", {"action": "left"})  # at the left edge: stays
    card.refresh_from_db()
    assert (card.stage_id, card.lane) == (stages[0].pk, Lane.DOING)
    client.post(base + f"cards/{card.pk}/", {"action": "save", "text": "Får ett sms"})
    card.refresh_from_db()
    assert card.text == "Får ett sms"
    client.post(base + f"cards/{card.pk}/", {"action": "delete"})
    assert not JourneyCard.objects.exists()


def test_bad_card_input_changes_nothing(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    client: Client = client_for(personas.designer)
    base = _base(project, journey)
    assert (
        client.post(base + "cards/add/", {"stage": "x", "lane": "nope", "text": ""}).status_code
        == 302
    )
    assert not JourneyCard.objects.exists()
    _other_project, other_journey = _map(personas)
    foreign_stage = other_journey.stages.first()
    client.post(base + "cards/add/", {"stage": str(foreign_stage.pk), "lane": "doing", "text": "x"})
    assert not JourneyCard.objects.exists()


def test_stages_are_renamed_given_a_feeling_moved_and_removed(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    client: Client = client_for(personas.designer)
    base = _base(project, journey)
    first, second = list(journey.stages.all())[:2]
    client.post(base + f"stages/{first.pk}/", {"action": "save", "name": "Oro", "feeling": "-2"})
    client.post(base + f"stages/{first.pk}/", {"action": "right"})
    names = [s.name for s in journey.stages.all()]
    assert names[:2] == [second.name, "Oro"]
    assert journey.stages.get(name="Oro").feeling == -2
    client.post(base + f"stages/{first.pk}/", {"action": "save", "name": "Oro", "feeling": "7"})
    assert journey.stages.get(name="Oro").feeling == -2
    client.post(base + "stages/add/", {"name": "Uppföljning", "feeling": "1"})
    assert journey.stages.last().name == "Uppföljning"
    client.post(base + f"stages/{first.pk}/", {"action": "delete"})
    assert not journey.stages.filter(name="Oro").exists()


def test_the_feelings_curve_and_the_table_say_the_same(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    stages = list(journey.stages.all())
    actor = actor_for_user(personas.designer)
    for stage, feeling in zip(stages, [0, -2, 1, 2], strict=True):
        services.stage_update(
            actor=actor, project=project, stage=stage, name=stage.name, feeling=feeling
        )
    curve = drawing.feelings_curve(selectors.journey_grid(journey))
    assert len(curve.points) == 4
    ys = [y for _x, y, _n, _w in curve.points]
    assert ys[3] < ys[2] < ys[0] < ys[1]  # +2 highest, −2 lowest
    html = client_for(personas.designer).get(_base(project, journey)).content.decode()
    assert "<table" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'role="img"' in html and "Känslokurva" in html
    assert "Mycket dåligt (-2)" in html and "Mycket bra (+2)" in html
    # SVG numbers are never localised ("80,0" would put every point at 0).
    assert re.search(r'<circle cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', html)


def test_the_map_exports_as_an_a4_landscape_pdf(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    services.card_add(
        actor=actor_for_user(personas.designer),
        project=project,
        journey=journey,
        stage=journey.stages.first(),
        lane="pain_points",
        text="Vet inte vem som ringer",
    )
    response = client_for(personas.designer).get(_base(project, journey) + "export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    page = drawing.pdf_document(journey).pages[0]
    # A4 landscape in CSS pixels (96 per inch): 297 mm × 210 mm.
    assert (round(page.width), round(page.height)) == (1123, 794)


def test_the_map_exports_as_a_png(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    services.card_add(
        actor=actor_for_user(personas.designer),
        project=project,
        journey=journey,
        stage=journey.stages.first(),
        lane="doing",
        text="Läser brevet",
    )
    response = client_for(personas.designer).get(_base(project, journey) + "export.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_exports_are_404_for_another_organisation(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    project, journey = _map(personas)
    client: Client = client_for(personas.outsider_designer)
    assert client.get(_base(project, journey) + "export.pdf").status_code == 404
    assert client.get(_base(project, journey) + "export.png").status_code == 404
