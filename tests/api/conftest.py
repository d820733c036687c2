"""Fixtures for the API: tokens for the personas' organisations, and a bearer client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.api.services import IssuedToken, api_token_create
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from tests.personas import Personas

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The failed-auth counters live in the cache; the local-memory cache outlives a test."""
    cache.clear()
    yield
    cache.clear()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class ApiClient:
    """A test client that sends one API token with every request."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client()

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(f"{API}{path}", headers=bearer(self.token), **kwargs)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("content_type", "application/json")
        return self.client.post(f"{API}{path}", data, headers=bearer(self.token), **kwargs)


IssueToken = Callable[..., IssuedToken]
ClientFor = Callable[[User], Client]


@pytest.fixture
def issue_token(personas: Personas) -> IssueToken:
    """``issue_token(role=Role.ORG_ADMIN, org=personas.own, expires_at=None)``."""

    def issue(
        role: str = Role.ORG_ADMIN,
        org: Organisation | None = None,
        expires_at: datetime | None = None,
        name: str = "Integration",
    ) -> IssuedToken:
        org = org or personas.own
        admin = personas.admin if org == personas.own else personas.outsider_admin
        return api_token_create(
            actor=actor_for_user(admin),
            organisation=org,
            name=name,
            role=role,
            expires_at=expires_at,
        )

    return issue


@pytest.fixture
def api_for(issue_token: IssueToken) -> Callable[..., ApiClient]:
    """``api_for(Role.DESIGNER)`` or ``api_for(Role.ORG_ADMIN, org=personas.other)``."""

    def make(role: str = Role.ORG_ADMIN, org: Organisation | None = None) -> ApiClient:
        return ApiClient(issue_token(role=role, org=org).plaintext)

    return make


@pytest.fixture
def admin_api(api_for: Callable[..., ApiClient]) -> ApiClient:
    """An org admin token of the own organisation."""
    return api_for(Role.ORG_ADMIN)
