"""Reads for organisations, always through the permission layer's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User

from .models import (
    Caseload,
    Consent,
    Guardianship,
    Invite,
    Membership,
    Organisation,
    Unit,
    hash_secret,
)
from .roles import Role


def organisations_for(actor: Actor) -> QuerySet[Organisation]:
    return scope(actor, "organisation.view", Organisation.objects.all())


def units_for(
    actor: Actor, organisation: Organisation, action: str = "unit.view"
) -> QuerySet[Unit]:
    return scope(actor, action, Unit.objects.filter(organisation=organisation))


def staff_memberships_for(actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    return (
        scope(actor, "membership.view", Membership.objects.filter(organisation=organisation))
        .filter(ended_at__isnull=True)
        .select_related("user", "unit")
        .order_by("user__display_name", "user__email")
    )


def pending_invites_for(actor: Actor, organisation: Organisation) -> QuerySet[Invite]:
    return scope(
        actor,
        "invite.manage",
        Invite.objects.filter(
            organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        ),
    ).select_related("unit")


def caseload_for(actor: Actor, organisation: Organisation) -> QuerySet[Caseload]:
    return (
        scope(actor, "caseload.view", Caseload.objects.filter(organisation=organisation))
        .filter(ended_at__isnull=True)
        .select_related("young_person")
        .order_by("young_person__display_name")
    )


def young_people_on_caseload(actor: Actor, organisation: Organisation) -> QuerySet[User]:
    """The young people on the actor's own caseload in the organisation (the one caseload
    query: pages that pick a young person ask here, not the models)."""
    return User.objects.filter(
        pk__in=caseload_for(actor, organisation).values("young_person_id")
    ).order_by("display_name")


def case_workers_of(young_person: User) -> QuerySet[User]:
    """The workers a young person may see as their contacts (their own data, so no scope)."""
    return User.objects.filter(
        caseload_entries__young_person=young_person,
        caseload_entries__ended_at__isnull=True,
        memberships__role=Role.WORKER,
        memberships__ended_at__isnull=True,
        is_active=True,
    ).distinct()


def consents_for(actor: Actor) -> QuerySet[Consent]:
    """Active consents the actor may see and withdraw: their own, and their children's."""
    return (
        scope(actor, "consent.manage", Consent.objects.filter(withdrawn_at__isnull=True))
        .select_related("subject", "given_by", "organisation")
        .order_by("-given_at")
    )


def children_of(guardian: User) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Guardianship.objects.filter(guardian=guardian, ended_at__isnull=True).values(
            "young_person_id"
        )
    )


def invite_find(secret: str, kind: str) -> Invite | None:
    """The usable invite for a secret, or None; the same answer for wrong, used and expired."""
    invite = (
        Invite.objects.select_related("organisation", "unit")
        .filter(secret_hash=hash_secret(secret), kind=kind)
        .first()
    )
    return invite if invite is not None and invite.is_usable else None
