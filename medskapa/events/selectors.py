"""Reads for events and the panel, through the permission layer's scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User
from medskapa.organisations.models import Membership, Organisation
from medskapa.organisations.roles import Role

from .models import (
    Event,
    EventSettings,
    PanelInvitation,
    PanelMembership,
    Participation,
    SignUp,
    SignUpToken,
    hash_token,
)

SUPPRESS_BELOW = 5
Status = SignUp.Status


def suppress(count: int, k: int = SUPPRESS_BELOW) -> str:
    """A count as people may see it: the number from ``k`` up, otherwise "fewer than k"."""
    if count >= k:
        return str(count)
    return _("fewer than %(k)d") % {"k": k}


def events_for(actor: Actor, organisation: Organisation) -> QuerySet[Event]:
    return scope(
        actor, "event.view", Event.objects.filter(organisation=organisation)
    ).select_related("unit")


def signups_for(actor: Actor, event: Event) -> QuerySet[SignUp]:
    """Sign-ups of an event, only for its organisers (the caller audits the read)."""
    if not scope(actor, "event.view_signups", Event.objects.filter(pk=event.pk)).exists():
        return SignUp.objects.none()
    # Sign-ups whose link was never opened are nobody's yet: the organisers do not see them.
    return event.signups.exclude(status=SignUp.Status.UNCONFIRMED).order_by("created_at", "id")


def upcoming_events_for_member(user: User, now: datetime | None = None) -> QuerySet[Event]:
    """Open events of the organisations a young person belongs to (for their start page)."""
    organisations = Membership.objects.active().filter(user=user, role=Role.YOUNG_PERSON)
    return (
        Event.objects.open_for_signup(now)
        .filter(organisation_id__in=organisations.values("organisation_id"))
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class MyHistory:
    upcoming: list[SignUp]
    participations: list[Participation]
    invitations: list[PanelInvitation]
    memberships: list[PanelMembership]


def history_of(user: User, now: datetime | None = None) -> MyHistory:
    """A young person's own page: their sign-ups, what they took part in, their invitations."""
    now = now or timezone.now()
    upcoming = list(
        SignUp.objects.filter(user=user, event__ends_at__gt=now)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )
    participations = list(
        Participation.objects.filter(user=user).select_related("event").order_by("-created_at")
    )
    invitations = list(
        PanelInvitation.objects.filter(
            membership__user=user,
            membership__left_at__isnull=True,
            answered_at__isnull=True,
            event__starts_at__gt=now,
            event__published=True,
            event__cancelled_at__isnull=True,
        ).select_related("event")
    )
    memberships = list(
        PanelMembership.objects.filter(user=user, left_at__isnull=True).select_related(
            "organisation"
        )
    )
    return MyHistory(upcoming, participations, invitations, memberships)


# --- Recruitment view -----------------------------------------------------------------------
AGE_BANDS: list[tuple[int, int]] = [(8, 12), (13, 15), (16, 17), (18, 20)]


def age_band(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return _("Age not known")
    age = year - birth_year
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return _("Other ages")


@dataclass(frozen=True)
class CountRow:
    label: str
    shown: str


@dataclass(frozen=True)
class Recruitment:
    total: str
    by_age: list[CountRow]
    by_unit: list[CountRow]
    invitations_sent: str
    invitations_answered: str
    answered_yes: str
    answer_rate: str  # "" when too few invitations to say


def recruitment(organisation: Organisation, now: datetime | None = None) -> Recruitment:
    """Panel size by age band and by unit, invitations and answer rates; counts under five are
    shown as "fewer than 5" so no small group can be singled out."""
    now = now or timezone.now()
    year = timezone.localtime(now).year
    members = list(
        PanelMembership.objects.filter(
            organisation=organisation, left_at__isnull=True, user__is_active=True
        ).values_list("user_id", "user__birth_year")
    )
    user_ids = [user_id for user_id, _birth in members]
    unit_of: dict[UUID, str] = {}
    for user_id, unit_name in (
        Membership.objects.active()
        .filter(organisation=organisation, role=Role.YOUNG_PERSON, user_id__in=user_ids)
        .order_by("created_at")
        .values_list("user_id", "unit__name")
    ):
        unit_of.setdefault(user_id, unit_name or _("The whole organisation"))
    ages = Counter(age_band(birth, year) for _user, birth in members)
    units = Counter(unit_of.get(user_id, _("The whole organisation")) for user_id in user_ids)
    band_order = [f"{low}–{high}" for low, high in AGE_BANDS]
    by_age = [CountRow(band, suppress(ages.get(band, 0))) for band in band_order]
    by_age += [
        CountRow(label, suppress(count))
        for label, count in sorted(ages.items())
        if label not in band_order
    ]
    by_unit = [CountRow(label, suppress(count)) for label, count in sorted(units.items())]
    invitations = PanelInvitation.objects.filter(organisation=organisation)
    sent = invitations.count()
    answered = invitations.filter(answered_at__isnull=False).count()
    yes = invitations.filter(answer=PanelInvitation.Answer.YES).count()
    rate = f"{round(100 * answered / sent)} %" if sent >= SUPPRESS_BELOW else ""
    return Recruitment(
        total=suppress(len(members)),
        by_age=by_age,
        by_unit=by_unit,
        invitations_sent=suppress(sent),
        invitations_answered=suppress(answered),
        answered_yes=suppress(yes),
        answer_rate=rate,
    )


def confirmation_link(token: str) -> SignUpToken | None:
    """The confirmation link's row, used or not (a second opening shows the same answer)."""
    if not token or len(token) > 100:
        return None
    found = SignUpToken.objects.filter(
        token_hash=hash_token(token), purpose=SignUpToken.Purpose.CONFIRM
    )
    return found.select_related("signup__event").first()


# --- Reads the services and the views share --------------------------------------------------
def settings_for(organisation: Organisation | Any) -> EventSettings:
    """The organisation's event settings, or the defaults (unsaved) when it has chosen none."""
    found = EventSettings.objects.filter(organisation_id=organisation.pk).first()
    if found is not None:
        return found
    default_age = int(settings.MEDSKAPA["GUARDIAN_CONSENT_AGE"])  # type: ignore[call-overload]
    return EventSettings(organisation_id=organisation.pk, guardian_consent_age=default_age)


def token_find(token: str, purpose: str, *, now: datetime | None = None) -> SignUpToken | None:
    """The usable token, or None: the same answer for wrong, used, expired and other purposes."""
    if not token or len(token) > 100:
        return None
    found = (
        SignUpToken.objects.select_related("signup__event__organisation")
        .filter(token_hash=hash_token(token), purpose=purpose)
        .first()
    )
    return found if found is not None and found.is_usable(now) else None


def event_counts(event: Event) -> dict[str, int]:
    """Counts for staff: live while sign-ups exist, then the stored anonymous tally."""
    if event.personal_data_deleted_at is not None:
        return {
            "confirmed": event.tally_confirmed,
            "attended": event.tally_attended,
            "cancelled": event.tally_cancelled,
            "waitlisted": event.tally_waitlisted,
            "no_guardian": event.tally_no_guardian,
            "pending_guardian": 0,
        }
    counts = event.signups.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        attended=Count("pk", filter=Q(attended=True)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        no_guardian=Count("pk", filter=Q(status__in=[Status.DECLINED, Status.EXPIRED])),
        pending_guardian=Count("pk", filter=Q(status=Status.PENDING_GUARDIAN)),
    )
    return {key: int(value) for key, value in counts.items()}
