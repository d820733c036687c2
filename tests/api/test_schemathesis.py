"""Schemathesis against /api/v1/openapi.json, in process: no generated request gives a 5xx.

Each operation gets a bounded number of examples, valid and invalid, both for random ids and
for the own organisation's id (so the success paths run too), authenticated as an org admin.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.personas import Personas

from .conftest import API, ApiClient, bearer

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI app on the test's own database connection and transaction.

    A real request closes "old" connections when it ends; inside a test that would close the
    connection holding the test's transaction (Django's test client unhooks this the same way).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_generated_request_gives_a_server_error(
    personas: Personas, admin_api: ApiClient, wsgi_app: WSGIHandler
) -> None:
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", wsgi_app)
    headers = bearer(admin_api.token)
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [
            operation.as_strategy(generation_mode=mode)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
        if operation.get_parameter("organisation_id", "path") is not None:
            own = {"organisation_id": str(personas.own.pk)}
            strategies += [
                operation.as_strategy(generation_mode=mode, path_parameters=own)
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
            ]

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        call()
        tested.append(operation.label)
    assert len(tested) >= 6, tested
