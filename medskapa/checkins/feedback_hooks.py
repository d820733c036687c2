"""Check-in campaigns in "ni sa – vi gjorde" (wired from CheckinsConfig.ready by the lead).

An anonymous campaign answer has no person behind it: its recipient is the campaign's public
channel, read on the receipt page (found again with the receipt code) and the campaign page.
``medskapa.web.registries.contributions`` is plain Python in core (no models), so importing it
is safe even when the feedback app is not installed; only the registration is guarded.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from django.apps import apps
from django.utils.translation import gettext_noop

from medskapa.web.registries.contributions import (
    Contribution,
    Found,
    Recipient,
    register_provider,
    register_source,
)

from .models import Campaign, CampaignResponse


def _contribution(response: CampaignResponse, campaign: Campaign) -> Contribution:
    return Contribution(
        key=f"checkins.campaign_response:{response.pk}",
        organisation_id=campaign.organisation_id,
        created_at=response.submitted_at,
        unit_path=campaign.unit.path,
        recipient=Recipient.public("checkins.campaign", campaign.pk),
        label=gettext_noop("Survey answer"),
        closable_via=("checkins.campaign", campaign.pk),
    )


def campaign_contributions(organisation_id: UUID, target_id: UUID) -> Found:
    campaign = (
        Campaign.objects.filter(organisation_id=organisation_id, pk=target_id)
        .select_related("unit")
        .first()
    )
    if campaign is None:
        return Found()
    return Found(contributions=[_contribution(r, campaign) for r in campaign.responses.all()])


def all_campaign_contributions(organisation_id: UUID) -> Iterator[Contribution]:
    for response in CampaignResponse.objects.filter(
        campaign__organisation_id=organisation_id
    ).select_related("campaign__unit"):
        yield _contribution(response, response.campaign)


def register_feedback_hooks() -> None:
    if not apps.is_installed("medskapa.feedback"):
        return
    register_provider("checkins.campaign", campaign_contributions)
    register_source("checkins", all_campaign_contributions)
