"""GET /api/v1/me: the caller as the API sees it."""

from __future__ import annotations

from django.test import Client

from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import API, ClientFor, IssueToken, bearer


def test_it_shows_a_user_their_memberships(personas: Personas, client_for: ClientFor) -> None:
    personas.manager.preferred_language = "en"
    personas.manager.save()
    body = client_for(personas.manager).get(f"{API}/me").json()
    assert body["kind"] == "user" and body["token"] is None
    user = body["user"]
    assert user["id"] == str(personas.manager.pk)
    assert user["display_name"] == "Manager"
    assert user["language"] == "en"
    assert user["memberships"] == [
        {
            "organisation_id": str(personas.own.pk),
            "organisation_name": personas.own.name,
            "unit_id": str(personas.unit_a.pk),
            "unit_name": personas.unit_a.name,
            "role": Role.MANAGER,
        }
    ]


def test_it_shows_a_token_its_organisation_and_role(
    personas: Personas, issue_token: IssueToken
) -> None:
    issued = issue_token(role=Role.DESIGNER, org=personas.other)
    body = Client().get(f"{API}/me", headers=bearer(issued.plaintext)).json()
    assert body["kind"] == "token" and body["user"] is None
    assert body["token"] == {
        "id": str(issued.token.pk),
        "name": "Integration",
        "prefix": issued.token.prefix,
        "organisation_id": str(personas.other.pk),
        "organisation_name": personas.other.name,
        "role": Role.DESIGNER,
    }
