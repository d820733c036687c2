"""Who may call the API at all: a valid bearer token, or a logged-in session (with CSRF)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.api.auth import FAILURE_LIMIT
from medskapa.api.models import ApiToken
from medskapa.api.services import api_token_revoke
from medskapa.audit.models import AuditEvent
from medskapa.organisations.roles import Role
from tests.personas import Personas, make_user

from .conftest import API, ClientFor, IssueToken, bearer


def _me(headers: dict[str, str] | None = None, client: Client | None = None) -> Any:
    return (client or Client()).get(f"{API}/me", headers=headers or {})


def _assert_401(response: Any) -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_request_without_credentials(db: None) -> None:
    _assert_401(_me())


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ",
        "Bearer msk_nothing",
        "Bearer msk_0123abcd_" + "x" * 43,
        "Bearer " + "x" * 10_000,
        "Basic dXNlcjpwYXNz",
        "msk_0123abcd_secret",
    ],
)
def test_it_refuses_an_invalid_token(personas: Personas, header: str) -> None:
    _assert_401(_me({"Authorization": header}))


def test_it_refuses_a_revoked_token(personas: Personas, issue_token: IssueToken) -> None:
    issued = issue_token()
    assert _me(bearer(issued.plaintext)).status_code == 200
    api_token_revoke(actor=actor_for_user(personas.admin), token=issued.token)
    _assert_401(_me(bearer(issued.plaintext)))


def test_it_refuses_an_expired_token(issue_token: IssueToken) -> None:
    issued = issue_token(expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    _assert_401(_me(bearer(issued.plaintext)))


def test_a_bad_token_is_refused_even_with_a_valid_session(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.admin)
    assert _me(client=client).status_code == 200
    _assert_401(_me(bearer("msk_0123abcd_" + "x" * 43), client=client))


def test_the_token_decides_when_a_session_is_also_present(
    personas: Personas, client_for: ClientFor, issue_token: IssueToken
) -> None:
    issued = issue_token(role=Role.DESIGNER, org=personas.other)
    response = _me(bearer(issued.plaintext), client=client_for(personas.admin))
    assert response.json()["kind"] == "token"


def test_a_logged_in_user_can_use_the_session(personas: Personas, client_for: ClientFor) -> None:
    response = _me(client=client_for(personas.worker))
    assert response.status_code == 200
    assert response.json()["kind"] == "user"
    assert response.json()["user"]["id"] == str(personas.worker.pk)


def test_a_session_write_needs_the_csrf_token(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    url = f"{API}/organisations/{personas.own.pk}/units"
    response = client.post(url, {"name": "Utan CSRF"}, content_type="application/json")
    assert response.status_code == 403

    client.get(f"/org/{personas.own.pk}/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        url, {"name": "Med CSRF"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201


def test_a_deactivated_users_session_is_refused(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.designer)
    personas.designer.is_active = False
    personas.designer.save()
    assert _me(client=client).status_code == 401


def test_a_failed_attempt_is_written_to_the_audit_log(personas: Personas) -> None:
    _me(bearer("msk_0123abcd_" + "x" * 43))
    assert AuditEvent.objects.filter(action="login_failed", actor_kind="anonymous").count() == 1


def test_too_many_failures_from_one_address_are_throttled(
    personas: Personas, issue_token: IssueToken
) -> None:
    wrong = bearer("msk_0123abcd_" + "x" * 43)
    for _ in range(FAILURE_LIMIT):
        assert _me(wrong).status_code == 401
    response = _me(wrong)
    assert response.status_code == 429
    assert response["Retry-After"]
    # A good token from the same address (say, behind the same proxy) still works.
    assert _me(bearer(issue_token().plaintext)).status_code == 200
    # Nothing more is written while throttled.
    assert AuditEvent.objects.filter(action="login_failed").count() == FAILURE_LIMIT


def test_a_staff_session_without_a_second_factor_gets_no_personal_data(
    personas: Personas, client_for: ClientFor
) -> None:
    newcomer = make_user("newadmin", org=personas.own, role=Role.ORG_ADMIN, mfa=False)
    response = client_for(newcomer).get(f"{API}/organisations/{personas.own.pk}/staff")
    assert response.status_code in {302, 401, 403, 404}
    assert personas.worker.email not in response.content.decode()
