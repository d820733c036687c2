"""The check-ins API: a native app submits (once per key), an integration reads a trajectory;
the same permission layer decides."""

from __future__ import annotations

import json
import uuid

from django.test import Client

from medskapa.audit.models import AuditEvent
from medskapa.checkins.models import CheckIn
from tests.checkins.helpers import answers, submit
from tests.personas import Personas

API = "/api/v1/checkins"


def _post(client: Client, url: str, body: object) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_young_person_submits_once_per_key(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    body = {"idempotency_key": str(uuid.uuid4()), "answers": answers(home=3)}
    first = _post(client, f"{API}/{personas.own.pk}/checkins", body)
    again = _post(client, f"{API}/{personas.own.pk}/checkins", body)
    assert first.status_code == 201, first.content  # type: ignore[attr-defined]
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert first.json()["id"] == again.json()["id"]  # type: ignore[attr-defined]
    assert CheckIn.objects.count() == 1


def test_bad_answers_get_a_422_that_names_the_problem_and_store_nothing(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    body = {"idempotency_key": str(uuid.uuid4()), "answers": {"areas": {"home": 9}}}
    response = _post(client, f"{API}/{personas.own.pk}/checkins", body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "1 to 5" in response.content.decode()  # type: ignore[attr-defined]
    assert not CheckIn.objects.exists()


def test_a_young_person_cannot_submit_to_another_organisation(
    personas: Personas, client_for
) -> None:
    body = {"idempotency_key": str(uuid.uuid4()), "answers": answers()}
    response = _post(client_for(personas.young), f"{API}/{personas.other.pk}/checkins", body)
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_the_questions_are_served_to_the_app(personas: Personas, client_for) -> None:
    response = client_for(personas.young).get(f"{API}/{personas.own.pk}/questions")
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert len(response.json()["definition"]["areas"]) == 8


def test_the_case_worker_reads_the_trajectory_and_it_is_logged(
    personas: Personas, client_for
) -> None:
    submit(personas.young, personas.own, answers(home=2))
    submit(personas.young, personas.own, answers(home=4))
    url = f"{API}/{personas.own.pk}/young-people/{personas.young.pk}/trajectory"
    response = client_for(personas.worker).get(url)
    assert response.status_code == 200
    assert [p["areas"]["home"] for p in response.json()] == [2, 4]
    assert AuditEvent.objects.filter(
        action="view", purpose="api: check-in trajectory", subject_id=personas.young.pk
    ).exists()
    assert client_for(personas.young).get(url).status_code == 200


def test_nobody_else_reads_the_trajectory(personas: Personas, client_for) -> None:
    submit(personas.young, personas.own, answers(home=2))
    url = f"{API}/{personas.own.pk}/young-people/{personas.young.pk}/trajectory"
    for who in (
        personas.colleague,
        personas.manager,
        personas.admin,
        personas.outsider_worker,
        personas.young_other,
    ):
        response = client_for(who).get(url)
        assert response.status_code == 404, who
        assert b"areas" not in response.content
