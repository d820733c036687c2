"""The org admin's API token page: list, create (shown once), revoke; outsiders get 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from medskapa.api.models import ApiToken
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import API, ClientFor, IssueToken, bearer


def _page(personas: Personas) -> str:
    return reverse("api_tokens", args=[personas.own.pk])


def test_an_admin_sees_the_tokens_of_their_organisation(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    own = issue_token(name="Ärendesystemet")
    other = issue_token(name="Grannens system", org=personas.other)
    response = client_for(personas.admin).get(_page(personas))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ärendesystemet" in html and f"msk_{own.token.prefix}_" in html
    assert "Grannens system" not in html and other.token.prefix not in html
    assert own.plaintext not in html
    assert response["Cache-Control"] == "no-store"


def test_creating_a_token_shows_it_once(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.admin)
    response = client.post(
        _page(personas), {"name": "Rapportverktyget", "role": Role.MANAGER, "validity": "90"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'value="(msk_[0-9a-f]{8}_[A-Za-z0-9_-]+)"', html)
    assert match, html
    plaintext = match.group(1)

    token = ApiToken.objects.get()
    assert token.name == "Rapportverktyget" and token.role == Role.MANAGER
    assert token.organisation == personas.own and token.created_by == personas.admin
    assert token.expires_at is not None
    assert plaintext.split("_", 2)[2] not in token.secret_hash

    assert plaintext not in client.get(_page(personas)).content.decode()
    me = client_for(personas.admin).get(f"{API}/me", headers=bearer(plaintext)).json()
    assert me["token"]["role"] == Role.MANAGER
    assert AuditEvent.objects.filter(action="create", object_id=str(token.pk)).exists()


def test_a_token_without_expiry_can_be_made(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.admin).post(
        _page(personas), {"name": "Utan slut", "role": Role.DESIGNER, "validity": "never"}
    )
    assert ApiToken.objects.get().expires_at is None


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "role": Role.DESIGNER, "validity": "90"},
        {"name": "x" * 101, "role": Role.DESIGNER, "validity": "90"},
        {"name": "Ung", "role": Role.YOUNG_PERSON, "validity": "90"},
        {"name": "Fel", "role": Role.DESIGNER, "validity": "7"},
    ],
)
def test_bad_input_shows_the_form_again(
    personas: Personas, client_for: ClientFor, data: dict[str, str]
) -> None:
    response = client_for(personas.admin).post(_page(personas), data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_admin_revokes_a_token(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    issued = issue_token()
    url = reverse("api_token_revoke", args=[personas.own.pk, issued.token.pk])
    response = client_for(personas.admin).post(url)
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    client = client_for(personas.admin)
    assert client.get(f"{API}/me", headers=bearer(issued.plaintext)).status_code == 401


def test_revoking_needs_a_post(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    issued = issue_token()
    url = reverse("api_token_revoke", args=[personas.own.pk, issued.token.pk])
    assert client_for(personas.admin).get(url).status_code == 405
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("who", ["manager", "worker", "designer", "young", "outsider_admin"])
def test_everyone_but_the_admin_gets_404(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken, who: str
) -> None:
    issued = issue_token()
    client = client_for(getattr(personas, who))
    assert client.get(_page(personas)).status_code == 404
    revoke = reverse("api_token_revoke", args=[personas.own.pk, issued.token.pk])
    assert client.post(revoke).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_outsider_admin_cannot_revoke_through_their_own_organisation(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    issued = issue_token()
    url = reverse("api_token_revoke", args=[personas.other.pk, issued.token.pk])
    assert client_for(personas.outsider_admin).post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_of_both_cannot_mix_organisation_and_token(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    Membership.objects.create(user=personas.admin, organisation=personas.other, role=Role.ORG_ADMIN)
    issued = issue_token()
    url = reverse("api_token_revoke", args=[personas.other.pk, issued.token.pk])
    assert client_for(personas.admin).post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_anonymous_visitors_are_sent_to_log_in(personas: Personas, client: Client) -> None:
    response = client.get(_page(personas))
    assert response.status_code == 302
    assert "login" in response["Location"]
