"""Who is asking: a logged-in user or an API token, reduced to the grants the rules read.

Rules never look at ``request.user`` directly; they read an ``Actor``. That keeps web views and
API endpoints on one path, and lets an API token act with exactly one organisation-wide role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q

from medskapa.organisations.roles import STAFF_ROLES, Role

if TYPE_CHECKING:
    from medskapa.accounts.models import User


@dataclass(frozen=True)
class Grant:
    organisation_id: UUID
    # None: the whole organisation; otherwise the unit's path, which covers all units below it.
    unit_path: str | None
    role: str
    # The unit itself (None when org-wide), so a young person's writes need no membership query.
    unit_id: UUID | None = None


@dataclass
class Actor:
    user: User | None = None
    token_id: UUID | None = None
    grants: tuple[Grant, ...] = ()
    has_mfa: bool = False
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.token_id is not None

    @property
    def user_id(self) -> UUID | None:
        return self.user.pk if self.user is not None else None

    @cached_property
    def is_staff_member(self) -> bool:
        return any(grant.role in STAFF_ROLES for grant in self.grants)

    @property
    def may_see_identified_data(self) -> bool:
        """Staff must have a second factor before any identified personal data is shown."""
        if self.token_id is not None:
            return True
        return self.has_mfa or not self.is_staff_member

    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}

    def primary_role(self) -> str:
        order = [
            Role.ORG_ADMIN,
            Role.MANAGER,
            Role.DESIGNER,
            Role.WORKER,
            Role.GUARDIAN,
            Role.YOUNG_PERSON,
        ]
        held = self.roles()
        return next((str(role) for role in order if role in held), "")

    def grant_in(self, organisation_id: UUID, role: str) -> Grant | None:
        """The actor's grant of ``role`` in one organisation, if any."""
        return next(
            (g for g in self.grants if g.organisation_id == organisation_id and g.role == role),
            None,
        )

    def org_ids(self, *roles: str) -> set[UUID]:
        """Organisations where the actor holds any of ``roles`` (all roles when none given)."""
        return {g.organisation_id for g in self.grants if not roles or g.role in roles}

    def org_wide_ids(self, *roles: str) -> set[UUID]:
        return {g.organisation_id for g in self.grants if g.unit_path is None and g.role in roles}

    def q_within_units(self, roles: Iterable[str], *, org_field: str, path_field: str) -> Q:
        """Objects in a unit the actor holds one of ``roles`` for (or anywhere, if org-wide)."""
        roles = set(roles)
        query = Q(pk__in=[])
        org_wide = self.org_wide_ids(*roles)
        if org_wide:
            query |= Q(**{f"{org_field}__in": org_wide})
        for grant in self.grants:
            if grant.role in roles and grant.unit_path is not None:
                query |= Q(
                    **{
                        org_field: grant.organisation_id,
                        f"{path_field}__startswith": grant.unit_path,
                    }
                )
        return query


ANONYMOUS = Actor(label="anonymous")


def actor_for_user(user: Any) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    from allauth.mfa.models import Authenticator

    from medskapa.organisations.models import Membership

    rows = (
        Membership.objects.active()
        .filter(user=user)
        .values_list("organisation_id", "unit__path", "role", "unit_id")
    )
    grants = tuple(Grant(org, path, role, unit) for org, path, role, unit in rows)
    # Only staff need a second factor; young people and guardians skip the query.
    has_mfa = any(g.role in STAFF_ROLES for g in grants) and (
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )
    return Actor(user=user, grants=grants, has_mfa=has_mfa, label=str(user.pk))
