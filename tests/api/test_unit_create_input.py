"""POST /organisations/{id}/units: no input, however odd, gives a 5xx; bad input gives 4xx."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.organisations.models import Unit
from tests.personas import Personas

from .conftest import ApiClient

ApiFor = Callable[..., ApiClient]

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _units_url(personas: Personas) -> str:
    return f"/organisations/{personas.own.pk}/units"


def _assert_refused(response: Any) -> None:
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 10_000}, "name"),
        ({"name": "nul\x00byte"}, "name"),
        ({"name": "Ny", "parent_id": "not-a-uuid"}, "parent_id"),
        ({"name": "Ny", "parent_id": str(uuid.uuid4())}, "parent_id"),
        ({"name": "Ny", "colour": "red"}, "colour"),
        ({}, "name"),
    ],
)
def test_it_answers_422_with_a_message(
    personas: Personas, api_for: ApiFor, payload: dict[str, Any], field: str
) -> None:
    response = api_for().post(_units_url(personas), payload)
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == field and e["msg"] for e in errors), errors
    assert not Unit.objects.filter(name="Ny").exists()


def test_a_parent_from_the_other_organisation_is_refused(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for().post(
        _units_url(personas), {"name": "Ny", "parent_id": str(personas.unit_b.pk)}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "parent_id"]
    assert not Unit.objects.filter(name="Ny").exists()


def test_a_duplicate_name_under_the_same_parent_is_refused(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for()
    payload = {"name": "Barn och unga, Öst", "parent_id": str(personas.unit_a.pk)}
    response = api.post(_units_url(personas), payload)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "body",
    [b"", b"{", b"not json", b"[]", b'"name"', b"null", b'{"name": 1}', b"\xff\xfe", b"{" * 5000],
)
def test_malformed_json_is_refused(personas: Personas, api_for: ApiFor, body: bytes) -> None:
    response = api_for().post(_units_url(personas), body)
    _assert_refused(response)


def test_a_wrong_content_type_is_refused(personas: Personas, api_for: ApiFor) -> None:
    response = api_for().post(_units_url(personas), {"name": "Ny"}, content_type="text/plain")
    _assert_refused(response)


@FUZZ
@given(name=st.text(max_size=400))
def test_any_name_is_created_or_refused(
    personas: Personas, admin_api: ApiClient, name: str
) -> None:
    response = admin_api.post(_units_url(personas), {"name": name})
    assert response.status_code in {201, 422}, response.content


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@FUZZ
@given(
    payload=st.dictionaries(
        st.sampled_from(["name", "parent_id", "organisation", "id"]) | st.text(max_size=20),
        _json_values,
        max_size=5,
    )
)
def test_any_json_object_gets_a_4xx_or_201(
    personas: Personas, admin_api: ApiClient, payload: dict[str, Any]
) -> None:
    response = admin_api.post(_units_url(personas), json.dumps(payload))
    assert response.status_code == 201 or 400 <= response.status_code < 500, response.content


@FUZZ
@given(body=st.binary(max_size=200))
def test_any_bytes_get_a_4xx_or_201(personas: Personas, admin_api: ApiClient, body: bytes) -> None:
    response = admin_api.post(_units_url(personas), body)
    assert response.status_code == 201 or 400 <= response.status_code < 500, response.content
