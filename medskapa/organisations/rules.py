"""Who may do what with organisations, units, memberships, invites and young people.

Follows the default policy in DOMAIN.md: organisations may restrict further, never widen.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.accounts.models import User

from .models import (
    Caseload,
    Consent,
    Guardianship,
    Invite,
    Membership,
    Organisation,
    OrganisationPage,
    Unit,
)
from .roles import STAFF_ROLES, Role


@rule("organisation.view", Organisation)
def _view_organisation(actor: Actor) -> Q:
    """Any member sees the organisation they belong to."""
    return Q(pk__in=actor.org_ids())


@rule("organisation.manage", Organisation)
def _manage_organisation(actor: Actor) -> Q:
    """Org admins manage units, staff, roles, settings, pages and API tokens."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN))


@rule("organisation.view_staff", Organisation)
def _view_staff(actor: Actor) -> Q:
    """Org admins and managers see the staff list (managers: their own units, read only)."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN, Role.MANAGER))


@rule("organisation.invite_young_person", Organisation)
def _invite_young_person(actor: Actor) -> Q:
    """A worker invites young people onto their own caseload."""
    return Q(pk__in=actor.org_ids(Role.WORKER))


@rule("unit.view", Unit)
def _view_unit(actor: Actor) -> Q:
    """Staff see the unit tree of their organisation."""
    return Q(organisation_id__in=actor.org_ids(*STAFF_ROLES))


@rule("unit.invite_young_person", Unit)
def _invite_young_person_to_unit(actor: Actor) -> Q:
    """Workers invite young people into the units they work in (and the units below)."""
    return actor.q_within_units([Role.WORKER], org_field="organisation_id", path_field="path")


@rule("unit.manage", Unit)
def _manage_unit(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))


@rule("membership.view", Membership)
def _view_membership(actor: Actor) -> Q:
    """Staff memberships: org admins see all, managers those in their own units."""
    staff_only = Q(role__in=STAFF_ROLES)
    admin = Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))
    manager = actor.q_within_units(
        [Role.MANAGER], org_field="organisation_id", path_field="unit__path"
    )
    return staff_only & (admin | manager)


@rule("membership.manage", Membership)
def _manage_membership(actor: Actor) -> Q:
    """Org admins assign staff roles; a young person's membership belongs to their workers."""
    return Q(role__in=STAFF_ROLES, organisation_id__in=actor.org_ids(Role.ORG_ADMIN))


@rule("staff.manage", User)
def _manage_staff_user(actor: Actor) -> Q:
    """Org admins deactivate staff and end their sessions — never another organisation's."""
    admin_orgs = actor.org_ids(Role.ORG_ADMIN)
    staff_in_admin_orgs = Membership.objects.filter(
        organisation_id__in=admin_orgs, role__in=STAFF_ROLES
    ).values("user_id")
    # A user who also belongs to an organisation the admin does not run stays out of reach.
    elsewhere = Membership.objects.exclude(organisation_id__in=admin_orgs).values("user_id")
    return Q(pk__in=staff_in_admin_orgs) & ~Q(pk__in=elsewhere)


@rule("young_person.view", User, identified=True, subject="pk")
def _view_young_person(actor: Actor) -> Q:
    """The young person themself, and the workers who have them on their caseload."""
    if actor.user is None:
        return Q(pk__in=[])
    themself = Membership.objects.active().filter(user=actor.user, role=Role.YOUNG_PERSON)
    on_caseload = Caseload.objects.filter(
        worker=actor.user,
        ended_at__isnull=True,
        organisation_id__in=actor.org_ids(Role.WORKER),
    )
    return Q(pk__in=themself.values("user_id")) | Q(pk__in=on_caseload.values("young_person_id"))


@rule("young_person.reset_login", User, identified=True, subject="pk")
def _reset_young_persons_login(actor: Actor) -> Q:
    """Workers give a young person on their caseload a code to pick a new password (the young
    person reads their own page but cannot make such a code for themself)."""
    if actor.user is None:
        return Q(pk__in=[])
    on_caseload = Caseload.objects.filter(
        worker=actor.user,
        ended_at__isnull=True,
        organisation_id__in=actor.org_ids(Role.WORKER),
    )
    return Q(pk__in=on_caseload.values("young_person_id"))


@rule("caseload.view", Caseload, identified=True, subject="young_person_id")
def _view_caseload(actor: Actor) -> Q:
    """A worker's own caseload entries, in organisations where they still work."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(worker=actor.user, organisation_id__in=actor.org_ids(Role.WORKER))


@rule("invite.manage", Invite)
def _manage_invite(actor: Actor) -> Q:
    """Org admins handle staff invites; a worker handles the invites they made."""
    staff = Q(kind=Invite.Kind.STAFF, organisation_id__in=actor.org_ids(Role.ORG_ADMIN))
    own = Q(pk__in=[])
    if actor.user is not None:
        own = Q(
            kind=Invite.Kind.YOUNG_PERSON,
            created_by=actor.user,
            organisation_id__in=actor.org_ids(Role.WORKER),
        )
    return staff | own


@rule("page.manage", OrganisationPage)
def _manage_page(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))


@rule("consent.manage", Consent)
def _manage_consent(actor: Actor) -> Q:
    """The person the consent is about, and their recorded guardians, see and withdraw it."""
    if actor.user is None:
        return Q(pk__in=[])
    children = Guardianship.objects.filter(guardian=actor.user, ended_at__isnull=True)
    return Q(subject=actor.user) | Q(
        pk__in=Consent.objects.filter(
            subject_id__in=children.values("young_person_id"),
            organisation_id__in=children.values("organisation_id"),
        ).values("pk")
    )
