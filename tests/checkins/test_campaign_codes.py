"""Class surveys bound to one-time answer codes (issue 13, finding 4): the adult prints a
sheet of codes, each code answers once (also when sent twice at the same moment), answers
without a code are refused, and nothing staff can see links a code to an answer."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import Campaign, CampaignCode, CampaignResponse
from medskapa.checkins.selectors import campaign_results
from tests.personas import Personas


def _campaign(p: Personas, mode: str = Campaign.AnswerMode.CODES) -> Campaign:
    now = timezone.now()
    return services.campaign_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        unit=p.unit_a,
        title="Klass 9A",
        intro="",
        areas=["school", "friends"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        answer_mode=mode,
    )


def _codes(p: Personas, campaign: Campaign, count: int) -> list[str]:
    return services.campaign_codes_create(
        actor=actor_for_user(p.designer), campaign=campaign, count=count
    )


def _respond(campaign: Campaign, code: str | None) -> services.CampaignReceipt:
    return services.campaign_respond(
        campaign=campaign,
        device_token=uuid.uuid4().hex,
        answers={"areas": {"school": 4, "friends": 3}},
        language="sv",
        code=code,
    )


def _answer_in_browser(campaign: Campaign, code: str | None) -> Client:
    client = Client()
    public = reverse("checkins:campaign_public", args=[campaign.slug])
    client.get(public)
    if code is not None:
        client.post(public, {"code": code})
    for step in ("area:school", "area:friends"):
        client.post(reverse("checkins:campaign_step", args=[campaign.slug, step]), {"score": "4"})
    for key in ("feel_good", "would_help"):
        client.post(
            reverse("checkins:campaign_step", args=[campaign.slug, f"text:{key}"]), {"text": ""}
        )
    client.post(reverse("checkins:campaign_review", args=[campaign.slug]))
    return client


def test_a_code_answers_once(personas: Personas) -> None:
    campaign = _campaign(personas)
    [code] = _codes(personas, campaign, 1)
    assert _respond(campaign, code.lower()).receipt_code
    with pytest.raises(ValidationError):
        _respond(campaign, code)
    assert CampaignResponse.objects.filter(campaign=campaign).count() == 1
    assert CampaignCode.objects.get(campaign=campaign).used


def test_a_pupil_answers_in_the_browser_with_a_code_and_the_code_is_spent(
    personas: Personas,
) -> None:
    campaign = _campaign(personas)
    [code] = _codes(personas, campaign, 1)
    _answer_in_browser(campaign, code)
    assert CampaignResponse.objects.filter(campaign=campaign).count() == 1
    again = Client().post(reverse("checkins:campaign_public", args=[campaign.slug]), {"code": code})
    assert again.status_code == 400
    assert "redan använd" in again.content.decode()


def test_twenty_stuffed_answers_without_codes_are_refused(personas: Personas) -> None:
    campaign = _campaign(personas)
    _codes(personas, campaign, 30)
    for _ in range(20):
        _answer_in_browser(campaign, None)
        with pytest.raises(ValidationError):
            _respond(campaign, None)
    with pytest.raises(ValidationError):
        _respond(campaign, "WRONGCODE")
    assert not CampaignResponse.objects.filter(campaign=campaign).exists()


def test_the_results_count_only_coded_answers(personas: Personas) -> None:
    campaign = _campaign(personas)
    for code in _codes(personas, campaign, 5):
        _respond(campaign, code)
    for _ in range(3):
        with pytest.raises(ValidationError):
            _respond(campaign, None)
    campaign.refresh_from_db()
    assert campaign_results(campaign, campaign.graph_version.load(), "sv")["responses"] == 5


def test_an_answer_keeps_no_trace_of_its_code(personas: Personas, client_for) -> None:
    campaign = _campaign(personas)
    codes = _codes(personas, campaign, 6)
    _respond(campaign, codes[0])
    response = CampaignResponse.objects.get(campaign=campaign)
    code_hashes = set(CampaignCode.objects.values_list("code_hash", flat=True))
    assert response.device_hash not in code_hashes
    assert not {f.name for f in CampaignResponse._meta.get_fields()} & {"code", "campaign_code"}
    assert not {f.name for f in CampaignCode._meta.get_fields()} & {"used_at", "response"}
    page = client_for(personas.designer).get(reverse("checkins:campaign", args=[campaign.pk]))
    html = page.content.decode()
    assert "6 koder utskrivna, 1 använda" in html
    assert not any(code in html for code in codes)


def test_the_open_link_mode_still_takes_one_answer_per_device(personas: Personas) -> None:
    campaign = _campaign(personas, mode=Campaign.AnswerMode.LINK)
    services.campaign_respond(
        campaign=campaign,
        device_token="device-" + "a" * 24,
        answers={"areas": {"school": 4, "friends": 3}},
        language="sv",
    )
    assert CampaignResponse.objects.filter(campaign=campaign).count() == 1


def test_staff_print_a_sheet_of_codes_and_outsiders_cannot(personas: Personas, client_for) -> None:
    campaign = _campaign(personas)
    url = reverse("checkins:campaign_codes", args=[campaign.pk])
    sheet = client_for(personas.designer).post(url, {"count": "3"})
    assert sheet.status_code == 200
    assert sheet.content.decode().count('class="code-box"') == 3
    assert CampaignCode.objects.filter(campaign=campaign).count() == 3
    assert client_for(personas.outsider_designer).post(url, {"count": "3"}).status_code == 404
    assert CampaignCode.objects.filter(campaign=campaign).count() == 3
