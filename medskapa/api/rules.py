"""Who may issue and manage API tokens: the organisation's admins, in person (never a token)."""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import ApiToken


@rule("apitoken.manage", ApiToken)
def _manage_token(actor: Actor) -> Q:
    """Org admins list, create and revoke their organisation's tokens; a token cannot mint more."""
    if actor.token_id is not None:
        return Q(pk__in=[])
    return Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))


@rule("apitoken.issue", Organisation)
def _issue_token(actor: Actor) -> Q:
    """Org admins issue tokens for their organisation, logged in as themselves: a token (even an
    admin's) cannot mint another, so a leaked token cannot outlive its revocation."""
    if actor.token_id is not None:
        return Q(pk__in=[])
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN))
