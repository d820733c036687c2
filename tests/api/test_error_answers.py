"""API errors are JSON and documented: every operation lists its 401, 404, 422 and 429 answers
with the shared error schemas, no two schemas share a component name, and a refusal raised by a
service (``Denied``) is an audited JSON 404 like everything else outside the caller's reach."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from ninja.constants import NOT_SET

from medskapa.access.actions import Denied
from medskapa.audit.models import AuditEvent
from medskapa.organisations import services as organisation_services
from medskapa.organisations.models import Unit
from tests.personas import Personas

from .conftest import API, ApiClient
from .schema_walk import models_in, operations

ApiFor = Callable[..., ApiClient]

ERROR_SCHEMAS = {
    "401": "ErrorOut",
    "404": "ErrorOut",
    "422": "ValidationErrorOut",
    "429": "ErrorOut",
}


@pytest.fixture
def schema(db: None) -> dict[str, Any]:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_every_operation_documents_its_error_answers(schema: dict[str, Any]) -> None:
    missing = []
    count = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            count += 1
            for status, name in ERROR_SCHEMAS.items():
                content = operation["responses"].get(status, {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
                if ref != f"#/components/schemas/{name}":
                    missing.append(f"{method.upper()} {path}: {status} -> {ref or 'nothing'}")
    assert count >= 30
    assert not missing, "\n".join(missing)


def test_the_error_schemas_say_what_a_client_gets(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail"]
    assert components["ErrorOut"]["properties"]["detail"]["type"] == "string"
    item = components["FieldErrorOut"]
    assert set(item["required"]) == {"type", "loc", "msg"}


def test_no_two_schemas_share_a_component_name() -> None:
    found: dict[int, type[Any]] = {}
    for _path, operation in operations():
        for model in operation.models:
            models_in(model, found)
        for model in operation.response_models.values():
            if model not in (None, NOT_SET):
                models_in(model, found)
    by_name: dict[str, set[str]] = {}
    for cls in found.values():
        if cls.__name__ in {"NinjaResponseSchema", "BodyParams", "QueryParams", "PathParams"}:
            continue  # ninja's wrappers: inlined, never components
        shape = cls.model_json_schema() if hasattr(cls, "model_json_schema") else list(cls)
        by_name.setdefault(cls.__name__, set()).add(json.dumps(shape, sort_keys=True, default=str))
    clashes = {name: len(shapes) for name, shapes in by_name.items() if len(shapes) > 1}
    assert len(by_name) >= 30
    assert not clashes, f"different schemas under one component name: {clashes}"


def test_a_refusal_from_a_service_is_an_audited_json_404(
    personas: Personas, api_for: ApiFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: Any) -> Unit:
        raise Denied("organisation.manage", kwargs["organisation"])

    monkeypatch.setattr(organisation_services, "unit_create", refuse)
    before = AuditEvent.objects.filter(action="denied").count()
    response = api_for().post(f"/organisations/{personas.own.pk}/units", {"name": "Ny enhet"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Not Found"}
    assert AuditEvent.objects.filter(action="denied").count() > before
    assert not Unit.objects.filter(name="Ny enhet").exists()


def test_an_unknown_object_and_a_missing_token_answer_json(
    personas: Personas, api_for: ApiFor
) -> None:
    missing = api_for().get("/organisations/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found"}
    anonymous = Client().get(f"{API}/organisations")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Unauthorized"}


def test_an_anonymous_post_is_a_401_not_a_csrf_403(personas: Personas) -> None:
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/organisations/{personas.own.pk}/units",
        {"name": "Ny"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_session_post_without_its_csrf_token_is_still_refused(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(
        f"{API}/organisations/{personas.own.pk}/units",
        {"name": "Ny"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(name="Ny").exists()
