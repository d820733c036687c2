"""Deny by default, for the API too: every operation declares the permission it needs, and the
schema is served without any page that would load a script from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.operation import Operation

from medskapa.access.registry import get_rule
from medskapa.access.views import ACCESS_ATTRIBUTE
from medskapa.api.access import AUTHENTICATED, declaration_of
from medskapa.api.api import api

from .conftest import API


def _operations() -> Iterator[tuple[str, Operation]]:
    api.urls  # noqa: B018  (binds the routers, as Django's URL loading does)
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield f"{bound.prefix}{path}", operation


def _api_patterns() -> Iterator[URLPattern]:
    def walk(patterns: list[Any]) -> Iterator[URLPattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == api.urls_namespace:
                    yield from (p for p in pattern.url_patterns if isinstance(p, URLPattern))
                else:
                    yield from walk(pattern.url_patterns)

    yield from walk(get_resolver().url_patterns)


def test_every_operation_declares_a_known_permission() -> None:
    operations = list(_operations())
    assert len(operations) >= 6
    for path, operation in operations:
        declaration = declaration_of(operation.view_func)
        assert declaration, f"{operation.methods} {path} declares no permission"
        if declaration != AUTHENTICATED:
            kind, _, action = declaration.partition(":")
            assert kind == "requires", declaration
            get_rule(action)  # raises for an action no rule defines


def test_every_operation_needs_authentication() -> None:
    for path, operation in _operations():
        assert operation.auth_callbacks, f"{operation.methods} {path} is open to anyone"


def test_every_api_url_is_marked_for_the_url_walk() -> None:
    patterns = list(_api_patterns())
    assert patterns
    for pattern in patterns:
        assert getattr(pattern.callback, ACCESS_ATTRIBUTE, ""), pattern


def test_the_openapi_schema_is_served(db: None) -> None:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) >= {
        f"{API}/me",
        f"{API}/organisations",
        f"{API}/organisations/{{organisation_id}}",
        f"{API}/organisations/{{organisation_id}}/units",
        f"{API}/organisations/{{organisation_id}}/staff",
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_there_is_no_docs_page_loading_a_cdn(db: None) -> None:
    assert api.docs_url is None
    assert Client().get(f"{API}/docs").status_code == 404
