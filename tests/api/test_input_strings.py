"""Finding 8 at the API's boundary: a NUL byte, a lone surrogate or another control character
in any string is a 422 with a message (never a 500 from the database), and a number or an object
where text is expected is refused, never stored as its repr. By construction: every string an
operation accepts is a ``Line`` or a ``Text``, and a walk over every operation proves it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pydantic import BaseModel

from medskapa.api.schemas import Line, Text
from medskapa.checkins.models import CheckIn
from medskapa.organisations.models import Unit
from tests.checkins.helpers import answers
from tests.personas import Personas

from .conftest import ApiClient
from .schema_walk import operations, plain_strings

ApiFor = Callable[..., ApiClient]

BROKEN = {
    "a NUL byte": "Zed\x00n",
    "a lone surrogate": "Zed\ud800n",
    "an escape character": "Zed\x1b[2Jn",
    "a DEL character": "Zed\x7fn",
}


def test_every_string_an_operation_accepts_is_a_checked_line_or_text() -> None:
    unchecked = [
        f"{operation.methods} {path}: {where}"
        for path, operation in operations()
        for model in operation.models
        for where in plain_strings(model)
    ]
    assert not unchecked, "use medskapa.api.schemas.Line/Text:\n" + "\n".join(unchecked)


def test_the_walk_finds_a_plain_str_and_a_free_form_value() -> None:
    class Nested(BaseModel):
        note: str

    class Loose(BaseModel):
        name: str | None
        tags: list[str]
        extra: dict[str, Any]
        nested: Nested
        fine: Line
        also_fine: list[Text | None]

    assert sorted(plain_strings(Loose)) == [
        "extra[]: str",
        "extra[]: typing.Any",
        "name[]: str",
        "nested.note: str",
        "tags[]: str",
    ]


def _post_raw(api: ApiClient, path: str, payload: dict[str, Any]) -> Any:
    """JSON as a client sends it: ``\\ud800`` travels as an escape and decodes to a surrogate."""
    return api.post(path, json.dumps(payload))


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_name_is_a_422_that_says_why_and_stores_nothing(
    personas: Personas, api_for: ApiFor, kind: str
) -> None:
    response = _post_raw(
        api_for(), f"/organisations/{personas.own.pk}/units", {"name": BROKEN[kind]}
    )
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "name"]
    assert error["type"] in {"control_character", "lone_surrogate"}
    assert "styrtecken" in error["msg"] or "surrogattecken" in error["msg"]  # Swedish first
    assert not Unit.objects.filter(name__startswith="Zed").exists()


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_free_text_is_a_422(personas: Personas, api_for: ApiFor, kind: str) -> None:
    body = {"organisation_id": str(personas.own.pk), "text": f"Ett stycke. {BROKEN[kind]}"}
    response = _post_raw(api_for(), "/klarsprak/analyse", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "text"]


def test_line_breaks_tabs_and_emoji_are_fine_in_free_text(
    personas: Personas, api_for: ApiFor
) -> None:
    text = "Jag mår bra.\r\nMin familj 👩‍👩‍👧 hjälper mig.\tSlut."
    body = {"organisation_id": str(personas.own.pk), "text": text}
    response = _post_raw(api_for(), "/klarsprak/analyse", body)
    assert response.status_code == 200, response.content


def test_a_line_break_in_a_one_line_field_is_refused(personas: Personas, api_for: ApiFor) -> None:
    response = _post_raw(
        api_for(), f"/organisations/{personas.own.pk}/units", {"name": "Två\nrader"}
    )
    assert response.status_code == 422, response.content


def test_a_nul_byte_in_a_query_parameter_is_a_422(personas: Personas, api_for: ApiFor) -> None:
    response = api_for().get(f"/reports/{personas.own.pk}/wellbeing", data={"area": "hem\x00"})
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", "area"]


@pytest.mark.parametrize("value", [123, 4.5, True, {"a": 1}, ["x"]])
def test_a_number_or_object_where_a_name_is_expected_is_refused(
    personas: Personas, api_for: ApiFor, value: object
) -> None:
    response = _post_raw(api_for(), f"/organisations/{personas.own.pk}/units", {"name": value})
    assert response.status_code == 422, response.content
    assert not Unit.objects.filter(name=str(value)).exists()


@pytest.mark.parametrize("value", [{"a": 1}, ["mår bra"], 7, "Bra\x00"])
def test_a_check_in_text_that_is_not_plain_text_is_refused_not_stored_as_its_repr(
    personas: Personas, client_for: Callable[..., Client], value: object
) -> None:
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "answers": {**answers(), "texts": {"feel_good": value}},
    }
    response = client_for(personas.young).post(
        f"/api/v1/checkins/{personas.own.pk}/checkins",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert not CheckIn.objects.exists()


def test_a_check_in_with_plain_text_is_stored(
    personas: Personas, client_for: Callable[..., Client]
) -> None:
    body = {
        "idempotency_key": str(uuid.uuid4()),
        "answers": {**answers(), "texts": {"feel_good": "Fotboll\nmed kompisar"}},
    }
    response = client_for(personas.young).post(
        f"/api/v1/checkins/{personas.own.pk}/checkins",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get().answers["texts"]["feel_good"] == "Fotboll\nmed kompisar"
