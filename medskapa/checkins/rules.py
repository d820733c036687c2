"""Who may do what with check-ins (DOMAIN.md, "who may see what").

Identified check-ins, alarms and contact requests: the young person themself, and the workers
who have that young person on their caseload in that organisation — nobody else, not managers,
not admins. Campaign results are aggregates: workers of the unit, managers and designers of the
organisation.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.accounts.models import User
from medskapa.organisations.models import Caseload, Organisation
from medskapa.organisations.roles import Role

from .models import Campaign, CheckIn, CheckInDraft, ContactRequest, Flag, ReminderPlan, ShareLink

NOTHING = Q(pk__in=[])


def on_my_caseload(
    actor: Actor, *, person: str = "young_person_id", organisation: str = "organisation_id"
) -> Q:
    """Rows about a young person on the actor's active caseload, in that same organisation."""
    if actor.user is None:
        return NOTHING
    return Q(
        Exists(
            Caseload.objects.filter(
                worker=actor.user,
                ended_at__isnull=True,
                organisation_id__in=actor.org_ids(Role.WORKER),
                organisation_id=OuterRef(organisation),
                young_person_id=OuterRef(person),
            )
        )
    )


def own(actor: Actor) -> Q:
    if actor.user is None:
        return NOTHING
    return Q(young_person=actor.user, organisation_id__in=actor.org_ids(Role.YOUNG_PERSON))


@rule("checkin.respond", Organisation)
def _respond(actor: Actor) -> Q:
    """Young people answer in the organisations they belong to."""
    return Q(pk__in=actor.org_ids(Role.YOUNG_PERSON))


@rule("checkin_draft.edit", CheckInDraft, identified=True, subject="young_person_id")
def _edit_draft(actor: Actor) -> Q:
    """A draft is the young person's own until they send it: nobody else answers in it."""
    return own(actor)


@rule("checkin.view", CheckIn, identified=True, subject="young_person_id")
def _view_checkin(actor: Actor) -> Q:
    """The young person's own check-ins, and their case workers'."""
    return own(actor) | on_my_caseload(actor)


@rule("checkin.follow", User, identified=True, subject="pk")
def _follow_person(actor: Actor) -> Q:
    """A worker follows the check-ins of the young people on their caseload."""
    if actor.user is None:
        return NOTHING
    on_caseload = Caseload.objects.filter(
        worker=actor.user, ended_at__isnull=True, organisation_id__in=actor.org_ids(Role.WORKER)
    )
    return Q(pk__in=on_caseload.values("young_person_id"))


@rule("checkin.caseload", Organisation)
def _caseload_overview(actor: Actor) -> Q:
    """Workers see the check-in overview of their own caseload."""
    return Q(pk__in=actor.org_ids(Role.WORKER))


@rule("flag.handle", Flag, identified=True, subject="young_person_id")
def _handle_flag(actor: Actor) -> Q:
    return on_my_caseload(actor)


@rule("contact_request.view", ContactRequest, identified=True, subject="young_person_id")
def _view_contact_request(actor: Actor) -> Q:
    return own(actor) | on_my_caseload(actor)


@rule("contact_request.handle", ContactRequest, identified=True, subject="young_person_id")
def _handle_contact_request(actor: Actor) -> Q:
    return on_my_caseload(actor)


@rule("reminder.suggest", ReminderPlan, identified=True, subject="young_person_id")
def _suggest_reminder(actor: Actor) -> Q:
    return on_my_caseload(actor)


@rule("reminder.manage", ReminderPlan, identified=True, subject="young_person_id")
def _manage_reminders(actor: Actor) -> Q:
    """The young person decides about their own reminders (a worker may only suggest)."""
    return own(actor)


@rule("sharelink.manage", ShareLink)
def _manage_share_link(actor: Actor) -> Q:
    """Only the young person who shared decides about the link."""
    return own(actor)


@rule("checkin_questions.manage", Organisation)
def _manage_questions(actor: Actor) -> Q:
    """Org admins edit the questions and the flag rules."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN))


@rule("campaign.create", Organisation)
def _create_campaign(actor: Actor) -> Q:
    return Q(pk__in=actor.org_ids(Role.DESIGNER, Role.MANAGER, Role.WORKER))


@rule("campaign.manage", Campaign)
def _manage_campaign(actor: Actor) -> Q:
    """Designers and managers across the organisation; workers in their own units.

    Results are aggregates with small groups hidden; org admins run the platform and, by the
    default policy, do not see them.
    """
    org_wide = Q(organisation_id__in=actor.org_ids(Role.DESIGNER))
    in_units = actor.q_within_units(
        [Role.MANAGER, Role.WORKER], org_field="organisation_id", path_field="unit__path"
    )
    return org_wide | in_units


# --- Instruments (appended with instruments.py) --------------------------------------------
from .models import InstrumentAssignment, InstrumentResponse  # noqa: E402


@rule("instrument.manage", Organisation)
def _manage_instruments(actor: Actor) -> Q:
    """Org admins load instrument definitions, confirm the rights and (de)activate them."""
    return Q(pk__in=actor.org_ids(Role.ORG_ADMIN))


@rule("instrument.assign", User, identified=True, subject="pk")
def _assign_instrument(actor: Actor) -> Q:
    """A worker asks the young people on their caseload to answer an instrument."""
    return _follow_person(actor)


@rule("instrument.respond", InstrumentAssignment, identified=True, subject="young_person_id")
def _respond_to_instrument(actor: Actor) -> Q:
    """Only the young person asked answers, and only while the request is open."""
    return own(actor) & Q(completed_at__isnull=True, cancelled_at__isnull=True)


@rule("instrument.withdraw", InstrumentAssignment, identified=True, subject="young_person_id")
def _withdraw_instrument(actor: Actor) -> Q:
    """The young person's case workers may withdraw an open request."""
    return on_my_caseload(actor) & Q(completed_at__isnull=True, cancelled_at__isnull=True)


@rule("instrument_response.view", InstrumentResponse, identified=True, subject="young_person_id")
def _view_instrument_response(actor: Actor) -> Q:
    """Like check-ins: the young person's own answers, and their case workers'."""
    return own(actor) | on_my_caseload(actor)
