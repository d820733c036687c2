"""The API: guides (read), a young person's prepared answers (submit), summaries (read and
confirm). Meetings are only for the young person and their workers; tokens never reach them."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.api.services import api_token_create
from medskapa.audit.models import AuditEvent
from medskapa.conversations import services
from medskapa.conversations.models import Answer, SummaryResponse
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db
API = "/api/v1/conversations"


def post(client: Client, path: str, data: object) -> object:
    return client.post(f"{API}{path}", json.dumps(data), content_type="application/json")


def test_guides_list_own_and_library_guides_with_their_versions(
    world: World, personas: Personas, client_for
) -> None:
    response = client_for(personas.worker).get(f"{API}/guides")
    assert response.status_code == 200
    items = response.json()["items"]
    ids = {item["id"] for item in items}
    assert str(world.guide.pk) in ids and str(world.builtin.pk) in ids
    assert str(world.other_guide.pk) not in ids
    detail = client_for(personas.worker).get(f"{API}/guides/{world.builtin.pk}").json()
    assert detail["version"] == 1 and detail["origin"] == "Medskapa"
    assert detail["content"]["sections"][0]["cards"][0]["question"]["en"]
    assert (
        client_for(personas.worker).get(f"{API}/guides/{world.other_guide.pk}").status_code == 404
    )


def test_a_young_person_submits_answers_and_chooses_what_to_share(
    world: World, personas: Personas, client_for
) -> None:
    young = client_for(personas.young)
    response = post(
        young,
        f"/meetings/{world.meeting.pk}/answers",
        {
            "answers": [
                {"card_key": "uv-bra-nu", "text": "Mina vänner", "shared": True},
                {"card_key": "uv-livet-skala", "scale": 4, "shared": False},
                {"card_key": "uv-energi-val", "choices": [0, 3], "shared": True},
                {"card_key": "uv-stolt", "skipped": True},
            ]
        },
    )
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert response.json() == {"saved": 4, "shared": 2}  # type: ignore[attr-defined]
    shared = set(Answer.objects.filter(shared=True).values_list("card_key", flat=True))
    assert shared == {"uv-bra-nu", "uv-energi-val"}


def test_one_bad_answer_changes_nothing(world: World, personas: Personas, client_for) -> None:
    response = post(
        client_for(personas.young),
        f"/meetings/{world.meeting.pk}/answers",
        {
            "answers": [
                {"card_key": "uv-bra-nu", "text": "Bra"},
                {"card_key": "uv-energi-val", "choices": [99]},
            ]
        },
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert not Answer.objects.exists()


def test_the_worker_cannot_submit_answers_for_the_young_person(
    world: World, personas: Personas, client_for
) -> None:
    response = post(
        client_for(personas.worker),
        f"/meetings/{world.meeting.pk}/answers",
        {"answers": [{"card_key": "uv-bra-nu", "text": "x"}]},
    )
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_summary_is_read_and_confirmed_and_the_read_is_logged(
    world: World, personas: Personas, client_for
) -> None:
    path = f"{API}/meetings/{world.meeting.pk}/summary"
    assert client_for(personas.young).get(path).status_code == 404  # nothing written yet
    services.summary_write(
        actor=actor_for_user(personas.worker), meeting=world.meeting, text="Du berättade att ..."
    )
    young = client_for(personas.young)
    body = young.get(path).json()
    assert body["text"] == "Du berättade att ..." and body["responses"] == []
    # The young person reading their own summary is no disclosure (the layer's decision).
    assert not AuditEvent.objects.filter(action="view", purpose="summary (API)").exists()
    refused = post(young, f"/meetings/{world.meeting.pk}/summary/response", {"verdict": "disagree"})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    ok = post(
        young,
        f"/meetings/{world.meeting.pk}/summary/response",
        {"verdict": "disagree", "comment": "Det var min bror, inte jag."},
    )
    assert ok.status_code == 201  # type: ignore[attr-defined]
    assert SummaryResponse.objects.get().comment == "Det var min bror, inte jag."
    worker_view = client_for(personas.worker).get(path).json()
    assert worker_view["responses"][0]["verdict"] == "disagree"
    read = AuditEvent.objects.get(action="view", purpose="summary (API)")
    assert read.actor_id == personas.worker.pk and read.subject_id == personas.young.pk
    for outsider in (personas.colleague, personas.guardian, personas.designer):
        assert client_for(outsider).get(path).status_code == 404


def test_an_api_token_never_reaches_a_meeting(world: World, personas: Personas) -> None:
    issued = api_token_create(
        actor=actor_for_user(personas.admin), organisation=personas.own, name="t", role=Role.WORKER
    )
    services.summary_write(
        actor=actor_for_user(personas.worker), meeting=world.meeting, text="Du berättade att ..."
    )
    headers = {"Authorization": f"Bearer {issued.plaintext}"}
    client = Client()
    assert (
        client.get(f"{API}/meetings/{world.meeting.pk}/summary", headers=headers).status_code == 404
    )
    assert client.get(f"{API}/guides", headers=headers).status_code == 200
