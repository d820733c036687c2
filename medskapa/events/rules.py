"""Who may do what in events; registered from AppConfig.ready.

Decisions (DOMAIN.md, "who may see what"):
- Any staff member sees the organisation's events and may create one for a unit they work in.
- An event is managed (edited, cancelled, panel invited) by staff with a grant covering its
  unit: org admins and designers anywhere in the organisation, managers and workers in the
  event's unit or a unit above it. An event for the whole organisation (no unit) is managed by
  org-wide grants only.
- The sign-up list is identified personal data: only the organisers — designers, managers and
  workers whose grant covers the event's unit — see it (second factor required, reads audited).
  Org admins run the platform and do not see young people's data, so they do not see it.
- Creating an event is asked about its unit (``events.create_in``: the units a staff grant
  covers) or, for the whole organisation, ``events.create_org_wide`` (organisation-wide
  grants); the service asks, so the form and any other caller agree.
- Marking attendance (``event.mark_attendance``) is the organisers' own action, apart from
  reading the list, so the matrix says who may write it.
- Young people and guardians see the published events of their organisation (the public page
  is open to anyone anyway). A young person cancels their own sign-up; organisers can too.
- The panel: young people join and leave their own membership; designers and managers see the
  recruitment view (aggregates, nothing under five).
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation, Unit
from medskapa.organisations.roles import STAFF_ROLES, Role

from .models import Event, PanelInvitation, PanelMembership, Participation, SignUp

ORGANISERS = (Role.MANAGER, Role.WORKER, Role.DESIGNER)


def _organiser_events(actor: Actor, roles: tuple[str, ...], *, prefix: str = "") -> Q:
    """Events whose unit one of the actor's ``roles`` grants covers (org-wide: any event)."""
    return actor.q_within_units(
        roles, org_field=f"{prefix}organisation_id", path_field=f"{prefix}unit__path"
    )


@rule("events.organise", Organisation)
def _organise(actor: Actor) -> Q:
    """Staff see their organisation's event list and may create events."""
    return Q(pk__in=actor.org_ids(*STAFF_ROLES))


@rule("events.create_in", Unit)
def _create_in(actor: Actor) -> Q:
    """Staff create events for the units their grants cover (org-wide grants: every unit)."""
    return actor.q_within_units(STAFF_ROLES, org_field="organisation_id", path_field="path")


@rule("events.create_org_wide", Organisation)
def _create_org_wide(actor: Actor) -> Q:
    """An event for the whole organisation (no unit): staff with an organisation-wide grant."""
    return Q(pk__in=actor.org_wide_ids(*STAFF_ROLES))


@rule("events.settings", Organisation)
def _settings(actor: Actor) -> Q:
    """Org admins choose guardian age, retention and reminder times."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN))


@rule("event.view", Event)
def _view_event(actor: Actor) -> Q:
    """Staff see every event of their organisation; young people and guardians published ones."""
    staff = Q(organisation_id__in=actor.org_ids(*STAFF_ROLES))
    members = Q(
        organisation_id__in=actor.org_ids(Role.YOUNG_PERSON, Role.GUARDIAN),
        published=True,
        cancelled_at__isnull=True,
    )
    return staff | members


@rule("event.manage", Event)
def _manage_event(actor: Actor) -> Q:
    """Org admins and designers (org-wide), managers and workers for their unit tree."""
    org_wide = Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN, Role.DESIGNER))
    return org_wide | _organiser_events(actor, ORGANISERS)


@rule("event.view_signups", Event, identified=True, subject="")
def _view_signups(actor: Actor) -> Q:
    """The organisers: designers, managers and workers whose grant covers the event's unit."""
    return _organiser_events(actor, ORGANISERS)


@rule("event.mark_attendance", Event, identified=True, subject="")
def _mark_attendance(actor: Actor) -> Q:
    """Who came is marked by the organisers who see the sign-up list, nobody else."""
    return _organiser_events(actor, ORGANISERS)


@rule("signup.cancel", SignUp)
def _cancel_signup(actor: Actor) -> Q:
    """The young person who signed up, and the event's organisers."""
    own = Q(user=actor.user) if actor.user is not None else Q(pk__in=[])
    organisers = Q(pk__in=[])
    if actor.may_see_identified_data:
        organisers = _organiser_events(actor, ORGANISERS, prefix="event__")
    return own | organisers


@rule("participation.feedback", Participation)
def _participation_feedback(actor: Actor) -> Q:
    """A young person tells what they thought of an event they took part in."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(user=actor.user)


@rule("panel.join", Organisation)
def _join_panel(actor: Actor) -> Q:
    """Young people join the panel of an organisation they belong to."""
    return Q(pk__in=actor.org_ids(Role.YOUNG_PERSON))


@rule("panel.leave", PanelMembership)
def _leave_panel(actor: Actor) -> Q:
    """Only the member themself."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(user=actor.user)


@rule("panel.answer", PanelInvitation)
def _answer_invitation(actor: Actor) -> Q:
    """Only the invited member themself."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(membership__user=actor.user)


@rule("panel.recruitment", Organisation)
def _recruitment(actor: Actor) -> Q:
    """Designers and managers see how the panel grows (aggregates of at least five)."""
    return Q(pk__in=actor.org_ids(Role.DESIGNER, Role.MANAGER))
