"""Check-in campaigns as link targets for other apps (a decision rests on a class survey)."""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.web.links import LinkKind, LinkTarget, register

from .models import Campaign


def _target(campaign: Campaign) -> LinkTarget:
    return LinkTarget(
        "checkins.campaign",
        campaign.pk,
        campaign.title,
        reverse("checkins:campaign", args=[campaign.pk]),
    )


def _resolve(actor: Actor, organisation_id: UUID, ids: list[UUID]) -> list[LinkTarget]:
    campaigns = scope(actor, "campaign.manage", Campaign.objects.all()).filter(
        organisation_id=organisation_id, pk__in=ids
    )
    return [_target(c) for c in campaigns]


def _search(actor: Actor, organisation_id: UUID, query: str) -> list[LinkTarget]:
    campaigns = scope(actor, "campaign.manage", Campaign.objects.all()).filter(
        organisation_id=organisation_id, title__icontains=query.strip()[:100]
    )
    return [_target(c) for c in campaigns.order_by("-opens_at")[:20]]


def register_link_kinds() -> None:
    register(LinkKind("checkins.campaign", str(_("Anonymous survey")), _resolve, _search))
