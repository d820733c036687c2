"""Every write to organisations, units, memberships, invites and pages.

Each service declares who may call it (``access.actions``: the layer checks before it runs,
so a view, an API endpoint or a command cannot skip it) and writes its own audit entry, so that
every path (web, API, commands) leaves the same trace. Joining by invite is a public write
guarded by the invite's one-time secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, acts_for_anyone, ensure
from medskapa.access.actor import Actor
from medskapa.accounts import sessions
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record

from .models import (
    Caseload,
    Invite,
    Membership,
    Organisation,
    OrganisationPage,
    Unit,
    hash_secret,
)
from .roles import STAFF_ROLES, Role


# --- Units ----------------------------------------------------------------------------------
@acts("organisation.manage", on="organisation")
@transaction.atomic
def unit_create(
    *, actor: Actor, organisation: Organisation, name: str, parent: Unit | None = None
) -> Unit:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("The parent unit belongs to another organisation."))
    unit = Unit(organisation=organisation, parent=parent, name=name.strip())
    unit.path = unit.compute_path()
    unit.full_clean()
    unit.save()
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=unit)
    return unit


@acts("unit.manage", on="unit")
@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, name: str, parent: Unit | None) -> Unit:
    if parent is not None:
        if parent.organisation_id != unit.organisation_id:
            raise ValidationError(_("The parent unit belongs to another organisation."))
        if parent.pk == unit.pk or parent.is_within(unit):
            raise ValidationError(_("A unit cannot be placed under itself."))
    old_path = unit.path
    unit.name = name.strip()
    unit.parent = parent
    unit.path = unit.compute_path()
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        for descendant in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            descendant.path = unit.path + descendant.path[len(old_path) :]
            descendant.save(update_fields=["path"])
    record(action=Action.UPDATE, actor=actor, organisation_id=unit.organisation_id, obj=unit)
    return unit


@acts("unit.manage", on="unit")
@transaction.atomic
def unit_delete(*, actor: Actor, unit: Unit) -> None:
    if unit.children.exists() or unit.memberships.filter(ended_at__isnull=True).exists():
        raise ValidationError(_("Only an empty unit can be removed: move its people first."))
    record(action=Action.DELETE, actor=actor, organisation_id=unit.organisation_id, obj=unit)
    unit.delete()


# --- Staff invites and memberships ----------------------------------------------------------
@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    secret: str  # shown or sent once, never stored


def _issue(invite: Invite) -> IssuedInvite:
    secret = Invite.new_secret(invite.kind)
    invite.secret_hash = hash_secret(secret)
    invite.expires_at = Invite.default_expiry()
    invite.full_clean()
    invite.save()
    return IssuedInvite(invite, secret)


@acts("organisation.manage", on="organisation")
@transaction.atomic
def staff_invite_create(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    unit: Unit | None,
    display_name: str = "",
) -> IssuedInvite:
    return _staff_invite(actor, organisation, email, role, unit, display_name)


@acts_as_system(
    "The operator's create_organisation command invites a new organisation's first admin; "
    "only someone with a shell on the server runs it, and nobody in it has a role yet."
)
@transaction.atomic
def first_admin_invite_create(
    *, operator: Actor, organisation: Organisation, email: str
) -> IssuedInvite:
    return _staff_invite(operator, organisation, email, Role.ORG_ADMIN, None, "")


def _staff_invite(
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    unit: Unit | None,
    display_name: str,
) -> IssuedInvite:
    if role not in STAFF_ROLES:
        raise ValidationError(_("Choose a staff role."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    if actor.user is None:
        raise PermissionDenied("Invites are made by people, not tokens.")
    issued = _issue(
        Invite(
            organisation=organisation,
            unit=unit,
            kind=Invite.Kind.STAFF,
            role=role,
            email=email.strip().lower(),
            display_name=display_name.strip(),
            created_by=actor.user,
        )
    )
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=issued.invite)
    return issued


@acts("invite.manage", on="invite")
@transaction.atomic
def invite_revoke(*, actor: Actor, invite: Invite) -> None:
    invite.revoked_at = timezone.now()
    invite.save(update_fields=["revoked_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=invite.organisation_id,
        obj=invite,
        detail="revoked",
    )


def _claim(invite: Invite) -> Invite:
    """Lock the invite row so a double submit can never create two accounts."""
    locked = Invite.objects.select_for_update().get(pk=invite.pk)
    if not locked.is_usable:
        raise ValidationError(_("This invitation can no longer be used."))
    return locked


def _mark_accepted(invite: Invite, user: User, *, detail: str) -> None:
    invite.accepted_at = timezone.now()
    invite.accepted_by = user
    invite.save(update_fields=["accepted_at", "accepted_by"])
    record(
        action=Action.CREATE,
        organisation_id=invite.organisation_id,
        obj=user,
        subject_id=user.pk,
        detail=detail,
    )


@acts_for_anyone("Joining staff: guarded by the invite's one-time secret.")
@transaction.atomic
def staff_invite_accept(
    *, invite: Invite, password: str, display_name: str, existing_user: User | None = None
) -> User:
    invite = _claim(invite)
    if existing_user is not None:
        user = existing_user
    else:
        if User.objects.filter(email__iexact=invite.email).exists():
            raise ValidationError(_("An account with this e-mail already exists. Log in first."))
        user = User(
            username=f"staff-{invite.pk.hex[:12]}",
            email=invite.email,
            display_name=display_name.strip() or invite.display_name,
        )
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    Membership.objects.get_or_create(
        user=user,
        organisation=invite.organisation,
        unit=invite.unit,
        role=invite.role,
        ended_at=None,
    )
    _mark_accepted(invite, user, detail=f"accepted invite as {invite.role}")
    return user


@acts("organisation.manage", on="organisation")
@transaction.atomic
def membership_assign(
    *, actor: Actor, organisation: Organisation, user: User, role: str, unit: Unit | None
) -> Membership:
    if role not in STAFF_ROLES:
        raise ValidationError(_("Choose a staff role."))
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, unit=unit, role=role, ended_at=None
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=membership,
        subject_id=user.pk,
        detail=role,
    )
    return membership


@acts("membership.manage", on="membership")
@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership) -> None:
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=membership.organisation_id,
        obj=membership,
        subject_id=membership.user_id,
        detail="ended",
    )


@acts("staff.manage", on="user")
@transaction.atomic
def user_set_active(*, actor: Actor, user: User, organisation_id: UUID, active: bool) -> None:
    """Deactivating ends every session at once: the person is out on their next request."""
    user.is_active = active
    user.deactivated_at = None if active else timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    if not active:
        sessions.end_all_sessions(user)
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation_id,
        obj=user,
        subject_id=user.pk,
        detail="reactivated" if active else "deactivated",
    )


@acts("staff.manage", on="user")
def user_end_sessions(*, actor: Actor, user: User, organisation_id: UUID) -> int:
    ended = sessions.end_all_sessions(user)
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation_id,
        obj=user,
        subject_id=user.pk,
        detail=f"ended {ended} sessions",
    )
    return ended


# --- Young people ---------------------------------------------------------------------------
@acts("organisation.invite_young_person", on="organisation")
@transaction.atomic
def young_person_invite_create(
    *,
    actor: Actor,
    organisation: Organisation,
    unit: Unit | None,
    display_name: str,
    birth_year: int | None = None,
) -> IssuedInvite:
    if actor.user is None:
        raise PermissionDenied("Invites are made by people, not tokens.")
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError(_("The unit belongs to another organisation."))
    if unit is not None:
        ensure(actor, "unit.invite_young_person", unit)
    issued = _issue(
        Invite(
            organisation=organisation,
            unit=unit,
            kind=Invite.Kind.YOUNG_PERSON,
            role=Role.YOUNG_PERSON,
            display_name=display_name.strip(),
            birth_year=birth_year,
            created_by=actor.user,
            case_worker=actor.user,
        )
    )
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=issued.invite)
    return issued


@acts_for_anyone("Joining as a young person: guarded by the one-time code.")
@transaction.atomic
def young_person_invite_accept(*, invite: Invite, username: str, password: str) -> User:
    invite = _claim(invite)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Someone already has that name. Try another one.")})
    user = User(username=username, display_name=invite.display_name, birth_year=invite.birth_year)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.create(
        user=user, organisation=invite.organisation, unit=invite.unit, role=Role.YOUNG_PERSON
    )
    if invite.case_worker_id is not None:
        Caseload.objects.create(
            organisation=invite.organisation,
            worker_id=invite.case_worker_id,
            young_person=user,
        )
    _mark_accepted(invite, user, detail="young person joined by invite")
    return user


@acts("young_person.reset_login", on="young_person")
@transaction.atomic
def young_person_password_code_create(
    *, actor: Actor, organisation: Organisation, young_person: User
) -> IssuedInvite:
    """A one-time code with which a young person on the worker's caseload picks a new password.

    Earlier unused codes for the same person stop working: only the newest one counts.
    """
    if actor.user is None:
        raise PermissionDenied("Codes are made by people, not tokens.")
    Invite.objects.filter(
        for_user=young_person, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    issued = _issue(
        Invite(
            organisation=organisation,
            kind=Invite.Kind.YOUNG_PERSON,
            role=Role.YOUNG_PERSON,
            display_name=young_person.display_name or young_person.username,
            created_by=actor.user,
            for_user=young_person,
        )
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=issued.invite,
        subject_id=young_person.pk,
        detail="new log-in code",
    )
    return issued


@acts_for_anyone("A new password: guarded by the one-time code a worker gave.")
@transaction.atomic
def young_person_password_code_accept(*, invite: Invite, password: str) -> User:
    invite = _claim(invite)
    user = invite.for_user
    if user is None or not user.is_active:
        raise ValidationError(_("This invitation can no longer be used."))
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions.end_all_sessions(user)  # a lost or shared phone is logged out
    _mark_accepted(invite, user, detail="new password with a log-in code")
    return user


# --- Settings -------------------------------------------------------------------------------
@acts("organisation.manage", on="organisation")
@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation: Organisation, name: str, contact_email: str, contact_phone: str
) -> Organisation:
    organisation.name = name.strip()
    organisation.contact_email = contact_email.strip()
    organisation.contact_phone = contact_phone.strip()
    organisation.full_clean()
    organisation.save(update_fields=["name", "contact_email", "contact_phone"])
    record(action=Action.UPDATE, actor=actor, organisation_id=organisation.pk, obj=organisation)
    return organisation


# --- Pages ----------------------------------------------------------------------------------
@acts("organisation.manage", on="organisation")
@transaction.atomic
def page_save(
    *, actor: Actor, organisation: Organisation, kind: str, language: str, body: str
) -> OrganisationPage:
    page, _created = OrganisationPage.objects.get_or_create(
        organisation=organisation, kind=kind, language=language, defaults={"body": body}
    )
    page.body = body
    page.updated_by = actor.user
    page.full_clean()
    page.save()
    record(action=Action.UPDATE, actor=actor, organisation_id=organisation.pk, obj=page)
    return page
