"""Schemathesis against /api/v1/openapi.json, in process, as every role: no generated request
gives a server error, and every answer is one the schema documents (status code, content type,
body).

Every operation gets ``EXAMPLES_PER_OPERATION`` generated requests, valid and invalid, for
random ids and for the own organisation's objects (so the success paths run too); each request
is then sent as every persona: an org admin's, a manager's, a designer's and a worker's API
token, and a caller with none. Generation is derandomised (the same requests every run, so CI
is repeatable) and done once for all personas. Bounded twice, so the run fits in CI: the number
of examples, and ``BUDGET_SECONDS`` for sending them, in rounds (each round sends one example of
every operation as every persona), so a slow machine sends fewer rounds but skips no operation.
Failures are collected, not shrunk, and reported together.

Part of ``make test`` and ``make test-postgres``: on PostgreSQL is where a NUL byte used to be
a 500.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from medskapa.organisations.roles import Role
from tests.events.conftest import create_event
from tests.personas import Personas
from tests.projects.conftest import make_project

from .conftest import API, ApiClient, bearer

EXAMPLES_PER_OPERATION = 12
BUDGET_SECONDS = 120.0
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PERSONAS = {
    "org_admin": Role.ORG_ADMIN,
    "manager": Role.MANAGER,
    "designer": Role.DESIGNER,
    "worker": Role.WORKER,
    "anonymous": None,
}


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


def _known_ids(personas: Personas) -> dict[str, str]:
    """Ids of the own organisation's objects, so examples reach past the 404."""
    project = make_project(personas, unit=personas.unit_a)
    event = create_event(personas, unit=personas.unit_a)
    return {
        "organisation_id": str(personas.own.pk),
        "project_id": str(project.pk),
        "event_id": str(event.pk),
        "young_person_id": str(personas.young.pk),
    }


def _strategies(operation: Any, known: dict[str, str]) -> st.SearchStrategy[Any]:
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    path = {
        name: value
        for name, value in known.items()
        if operation.get_parameter(name, "path") is not None
    }
    if path:
        strategies += [
            operation.as_strategy(generation_mode=mode, path_parameters=path) for mode in modes
        ]
    return st.one_of(strategies)


def _generate(operation: Any, strategy: st.SearchStrategy[Any]) -> list[schemathesis.Case]:
    cases: list[schemathesis.Case] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def collect(case: schemathesis.Case) -> None:
        cases.append(case)

    collect()
    return cases


def test_every_answer_to_a_generated_request_is_documented_and_no_server_error(
    personas: Personas, api_for: Callable[..., ApiClient], wsgi_app: WSGIHandler
) -> None:
    headers = {
        persona: bearer(api_for(role).token) if role is not None else {}
        for persona, role in PERSONAS.items()
    }
    known = _known_ids(personas)
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    cases = {op.label: _generate(op, _strategies(op, known)) for op in operations}
    assert all(cases.values()), cases

    failures: list[str] = []
    sent = 0
    statuses: Counter[tuple[str, int]] = Counter()
    started = time.monotonic()
    rounds = max(len(c) for c in cases.values())
    for round_ in range(rounds):
        if round_ and time.monotonic() - started > BUDGET_SECONDS:
            break  # a slow machine: fewer rounds, every operation still covered
        for label, examples in cases.items():
            if round_ >= len(examples):
                continue
            case = examples[round_]
            for persona, auth in headers.items():
                response = case.call(headers=auth)
                sent += 1
                statuses[persona, response.status_code] += 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except (AssertionError, FailureGroup) as failure:
                    failures.append(f"{label} as {persona}: {failure}")
    print(sorted(statuses.items()))
    print(f"schemathesis: {sent} requests, {round_ + 1} rounds, {time.monotonic() - started:.0f} s")
    assert sent >= len(operations) * len(PERSONAS)
    distinct = {f.split(" as ")[0] + f.partition("- ")[2].split("\n")[0]: f for f in failures}
    assert not failures, f"{len(failures)} failures, distinct:\n" + "\n\n".join(distinct.values())
