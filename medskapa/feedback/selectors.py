"""Reads of the feedback app, through the permission layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.organisations.models import Membership, Organisation, Unit
from medskapa.organisations.roles import Role
from medskapa.web import links
from medskapa.web.registries import contributions as registry
from medskapa.web.registries.contributions import Contribution

from . import coverage
from .models import FeedbackDelivery, FeedbackMessage, FeedbackReach

SMALL_GROUP = 5


@dataclass(frozen=True)
class Audience:
    """Who a message would reach: counts only leave this module through ``count_label``."""

    users: frozenset[UUID]
    channels: frozenset[tuple[str, UUID]]
    contributions: tuple[Contribution, ...]

    @property
    def people(self) -> int:
        return len(self.users)


def count_label(count: int) -> str:
    """A count of young people as staff see it: "färre än 5" under five (but not zero)."""
    if 0 < count < SMALL_GROUP:
        return _("fewer than 5")
    return str(count)


def _young_people_of(organisation_id: UUID, user_ids: set[UUID]) -> set[UUID]:
    """Only active young people of the organisation are ever told (never staff, never others)."""
    if not user_ids:
        return set()
    return set(
        Membership.objects.active()
        .filter(
            organisation_id=organisation_id,
            role=Role.YOUNG_PERSON,
            user_id__in=user_ids,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
    )


def audience_of(
    *, organisation_id: UUID, about_kind: str, about_id: UUID, contribution_key: str = ""
) -> Audience:
    contributions = registry.walk(organisation_id, about_kind, about_id)
    if contribution_key:
        contributions = [c for c in contributions if c.key == contribution_key]
    users = {
        c.recipient.user_id
        for c in contributions
        if c.recipient is not None and c.recipient.user_id is not None
    }
    channels = {
        (c.recipient.channel_kind, c.recipient.channel_id)
        for c in contributions
        if c.recipient is not None and c.recipient.is_public and c.recipient.channel_id
    }
    return Audience(
        users=frozenset(_young_people_of(organisation_id, users)),
        channels=frozenset(channels),
        contributions=tuple(contributions),
    )


def message_audience(message: FeedbackMessage) -> Audience:
    return audience_of(
        organisation_id=message.organisation_id,
        about_kind=message.about_kind,
        about_id=message.about_id,
        contribution_key=message.contribution_key,
    )


def messages_for(actor: Actor, organisation: Organisation) -> QuerySet[FeedbackMessage]:
    return scope(actor, "feedback_message.manage", FeedbackMessage.objects.all()).filter(
        organisation=organisation
    )


def inbox_for(actor: Actor) -> QuerySet[FeedbackDelivery]:
    """The young person's own deliveries, newest first (withdrawn messages left out)."""
    return (
        scope(actor, "feedback_delivery.read", FeedbackDelivery.objects.all())
        .filter(recipient__isnull=False, message__published_at__isnull=False)
        .select_related("message", "organisation")
        .order_by("-delivered_at")
    )


def unread_count(actor: Actor) -> int:
    return inbox_for(actor).filter(read_at__isnull=True).count()


def public_messages(channel_kind: str, channel_id: UUID) -> list[FeedbackMessage]:
    """Published, standing messages told on a public channel (e.g. a campaign's receipt page)."""
    return list(
        FeedbackMessage.objects.filter(
            deliveries__channel_kind=channel_kind,
            deliveries__channel_id=channel_id,
            published_at__isnull=False,
            withdrawn_at__isnull=True,
        )
        .distinct()
        .order_by("-published_at")
    )


def about_target(actor: Actor, message: FeedbackMessage) -> links.LinkTarget | None:
    found = links.resolve(actor, message.organisation_id, [(message.about_kind, message.about_id)])
    return found[0] if found else None


def about_choices(actor: Actor, organisation: Organisation) -> list[tuple[str, str]]:
    """``("kind:id", "Label: title")`` for every target the actor may link a message to."""
    choices: list[tuple[str, str]] = []
    for key in registry.provider_kinds():
        link_kind = links.kind(key)
        if link_kind is None:
            continue
        for target in link_kind.search(actor, organisation.pk, ""):
            choices.append((f"{key}:{target.id}", f"{link_kind.label}: {target.title}"))
    return choices


def first_feedback(organisation_id: UUID, keys: list[str]) -> dict[str, datetime]:
    """When each contribution first got standing feedback (published, not withdrawn)."""
    rows = (
        FeedbackReach.objects.filter(
            organisation_id=organisation_id,
            contribution_key__in=keys,
            message__published_at__isnull=False,
            message__withdrawn_at__isnull=True,
        )
        .values("contribution_key")
        .annotate(first=Min("message__published_at"))
    )
    return {row["contribution_key"]: row["first"] for row in rows}


def _coverage(
    organisation_id: UUID, contributions: list[registry.Contribution], now: datetime | None
) -> coverage.Coverage:
    counted = [c for c in contributions if c.counts]
    first = first_feedback(organisation_id, [c.key for c in counted])
    return coverage.compute(counted, first, now or timezone.now())


def coverage_for_target(
    organisation: Organisation, kind: str, target_id: UUID, now: datetime | None = None
) -> coverage.Coverage:
    return _coverage(organisation.pk, registry.walk(organisation.pk, kind, target_id), now)


def coverage_for_unit(
    organisation: Organisation, unit: Unit | None, now: datetime | None = None
) -> coverage.Coverage:
    contributions = registry.all_contributions(organisation.pk)
    if unit is not None:
        contributions = [c for c in contributions if c.unit_path.startswith(unit.path)]
    return _coverage(organisation.pk, contributions, now)


def unit_names(organisation: Organisation) -> dict[str, str]:
    return dict(Unit.objects.filter(organisation=organisation).values_list("path", "name"))
