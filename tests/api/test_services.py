"""API token services: the secret is shown once, only its hash is kept, revoking is final."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.access.registry import can
from medskapa.api.auth import actor_for_token
from medskapa.api.models import ApiToken, parse_token
from medskapa.api.services import api_token_authenticate, api_token_create, api_token_revoke
from medskapa.audit.models import AuditEvent
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import IssueToken


def test_it_returns_the_full_token_once_and_stores_only_a_hash(
    personas: Personas, issue_token: IssueToken
) -> None:
    issued = issue_token(role=Role.DESIGNER)
    parsed = parse_token(issued.plaintext)
    assert parsed is not None
    assert issued.plaintext.startswith(f"msk_{issued.token.prefix}_")

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert stored.prefix == parsed.prefix and len(stored.prefix) == 8
    assert stored.secret_hash == hashlib.sha256(parsed.secret.encode()).hexdigest()
    every_stored_value = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert parsed.secret not in every_stored_value
    assert issued.plaintext not in every_stored_value


def test_it_writes_an_audit_entry_on_create_and_revoke(
    personas: Personas, issue_token: IssueToken
) -> None:
    issued = issue_token()
    api_token_revoke(actor=actor_for_user(personas.admin), token=issued.token)
    events = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(issued.token.pk))
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]
    assert {e.organisation_id for e in events} == {personas.own.pk}
    assert {e.actor_id for e in events} == {personas.admin.pk}


def test_it_authenticates_a_good_token_and_notes_the_use(issue_token: IssueToken) -> None:
    issued = issue_token()
    token = api_token_authenticate(raw=issued.plaintext)
    assert token is not None and token.pk == issued.token.pk
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_it_writes_last_used_at_at_most_once_a_minute(issue_token: IssueToken) -> None:
    issued = issue_token()
    api_token_authenticate(raw=issued.plaintext)
    first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    api_token_authenticate(raw=issued.plaintext)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == first

    a_while_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=a_while_ago)
    api_token_authenticate(raw=issued.plaintext)
    later = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    assert later is not None and later > a_while_ago


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # wrong secret
        lambda t: t.replace("msk_", "xyz_"),  # wrong scheme
        lambda t: "msk_00000000_" + t.split("_", 2)[2],  # unknown prefix
        lambda t: "",
        lambda t: t + "\x00",
    ],
)
def test_it_refuses_a_wrong_token(issue_token: IssueToken, mangle) -> None:
    issued = issue_token()
    assert api_token_authenticate(raw=mangle(issued.plaintext)) is None


def test_it_refuses_a_revoked_token(personas: Personas, issue_token: IssueToken) -> None:
    issued = issue_token()
    api_token_revoke(actor=actor_for_user(personas.admin), token=issued.token)
    assert api_token_authenticate(raw=issued.plaintext) is None


def test_it_refuses_an_expired_token(issue_token: IssueToken) -> None:
    issued = issue_token(expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api_token_authenticate(raw=issued.plaintext) is None


def test_revoking_twice_changes_nothing_the_second_time(
    personas: Personas, issue_token: IssueToken
) -> None:
    issued = issue_token()
    actor = actor_for_user(personas.admin)
    first = api_token_revoke(actor=actor, token=issued.token).revoked_at
    second = api_token_revoke(actor=actor, token=issued.token).revoked_at
    assert first == second
    assert AuditEvent.objects.filter(object_id=str(issued.token.pk), action="update").count() == 1


def test_a_failed_attempt_is_in_the_audit_log(personas: Personas, issue_token: IssueToken) -> None:
    issued = issue_token()
    api_token_authenticate(raw=issued.plaintext[:-2] + "zz")
    event = AuditEvent.objects.filter(action="login_failed").get()
    assert event.organisation_id == personas.own.pk
    assert event.object_id == str(issued.token.pk)


@pytest.mark.parametrize("role", [Role.YOUNG_PERSON, Role.GUARDIAN, "superuser"])
def test_only_staff_roles_can_be_given_to_a_token(personas: Personas, role: str) -> None:
    with pytest.raises(ValidationError):
        api_token_create(
            actor=actor_for_user(personas.admin), organisation=personas.own, name="x", role=role
        )
    assert not ApiToken.objects.exists()


def test_a_token_cannot_expire_in_the_past(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        api_token_create(
            actor=actor_for_user(personas.admin),
            organisation=personas.own,
            name="x",
            role=Role.DESIGNER,
            expires_at=timezone.now() - timedelta(days=1),
        )


def test_only_an_admin_in_person_may_manage_tokens(
    personas: Personas, issue_token: IssueToken
) -> None:
    issued = issue_token(role=Role.ORG_ADMIN)
    assert can(actor_for_user(personas.admin), "apitoken.manage", issued.token)
    assert not can(actor_for_token(issued.token), "apitoken.manage", issued.token)
    for user in (personas.manager, personas.designer, personas.outsider_admin):
        assert not can(actor_for_user(user), "apitoken.manage", issued.token)
