"""The API app's rows in the permission matrix (loaded by tests/access/test_matrix.py)."""

from __future__ import annotations

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.api.models import ApiToken
from medskapa.api.services import api_token_create
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from tests.personas import Personas

MATRIX: dict[str, dict[str, set[str]]] = {
    "apitoken.manage": {"own_api_token": {Role.ORG_ADMIN}, "other_org_api_token": set()},
    "apitoken.issue": {"own_org": {Role.ORG_ADMIN}, "other_org": set()},
}


def build_objects(p: Personas) -> dict[str, object]:
    def token(admin: User, org: Organisation) -> ApiToken:
        return api_token_create(
            actor=actor_for_user(admin), organisation=org, name="Matrix", role=Role.DESIGNER
        ).token

    return {
        "own_api_token": token(p.admin, p.own),
        "other_org_api_token": token(p.outsider_admin, p.other),
    }
