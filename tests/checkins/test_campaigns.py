"""Anonymous campaigns: no log-in, one answer per device, a receipt code, results only in
aggregate with groups under five hidden (and not recoverable by subtraction)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import Campaign, CampaignResponse
from medskapa.checkins.selectors import campaign_results, suppress_cells
from tests.personas import Personas


def _campaign(p: Personas, **kwargs: object) -> Campaign:
    now = timezone.now()
    fields = {"opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=7)}
    fields.update(kwargs)
    return services.campaign_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        unit=p.unit_a,
        title="Klass 7B",
        intro="",
        areas=["school", "friends"],
        languages=["sv"],
        **fields,  # type: ignore[arg-type]
    )


def _answer(campaign: Campaign, device: str, school: int | None = 4) -> services.CampaignReceipt:
    return services.campaign_respond(
        campaign=campaign,
        device_token=device,
        language="sv",
        answers={"areas": {"school": school, "friends": 4}},
    )


def test_a_class_answers_without_logging_in_and_gets_a_receipt_code(personas: Personas) -> None:
    campaign = _campaign(personas)
    client = Client()
    client.get(reverse("checkins:campaign_public", args=[campaign.slug]))
    assert client.cookies.get("medskapa_device")
    url = reverse("checkins:campaign_step", args=[campaign.slug, "area:school"])
    client.post(url, {"score": "5"})
    client.post(
        reverse("checkins:campaign_step", args=[campaign.slug, "area:friends"]), {"score": "skip"}
    )
    for key in ("feel_good", "would_help"):
        client.post(
            reverse("checkins:campaign_step", args=[campaign.slug, f"text:{key}"]), {"text": ""}
        )
    done = client.post(reverse("checkins:campaign_review", args=[campaign.slug]), follow=True)
    html = done.content.decode()
    response = CampaignResponse.objects.get()
    assert response.answers["areas"] == {"school": 5, "friends": None}
    code = html.split('class="code-box">')[1].split("<")[0]
    assert services.campaign_response_by_receipt(code) == response
    lookup = Client().post(reverse("checkins:receipt"), {"code": code.lower()})
    assert lookup.status_code == 200 and "Klass 7B" in lookup.content.decode()


def test_one_answer_per_device_a_second_send_changes_nothing(personas: Personas) -> None:
    campaign = _campaign(personas)
    first = _answer(campaign, "device-aaaaaaaaaaaaaaaaaaaa", school=5)
    second = _answer(campaign, "device-aaaaaaaaaaaaaaaaaaaa", school=1)
    assert first.receipt_code and second.receipt_code is None
    assert CampaignResponse.objects.count() == 1
    assert CampaignResponse.objects.get().answers["areas"]["school"] == 5


def test_a_closed_campaign_takes_no_answers(personas: Personas) -> None:
    now = timezone.now()
    campaign = _campaign(
        personas, opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        _answer(campaign, "device-bbbbbbbbbbbbbbbbbbbbbbbb")
    page = Client().get(reverse("checkins:campaign_step", args=[campaign.slug, "area:school"]))
    assert page.status_code == 302
    assert not CampaignResponse.objects.exists()


def test_an_unknown_receipt_code_gets_a_clear_message(db: None) -> None:
    response = Client().post(reverse("checkins:receipt"), {"code": "NOTACODE"})
    assert response.status_code == 400


def test_results_are_hidden_until_five_have_answered(personas: Personas) -> None:
    campaign = _campaign(personas)
    for i in range(4):
        _answer(campaign, f"device-{i:024d}")
    graph = campaign.graph_version.load()
    results = campaign_results(campaign, graph, "sv")
    assert results["responses"] is None
    assert all(v is None for a in results["areas"] for v in a.counts.values())


def test_a_cell_under_five_is_hidden_and_a_second_cell_too(personas: Personas) -> None:
    campaign = _campaign(personas)
    for i in range(8):
        _answer(campaign, f"device-{i:024d}", school=4)
    for i in range(2):
        _answer(campaign, f"other-{i:024d}", school=2)
    campaign.refresh_from_db()
    school = campaign_results(campaign, campaign.graph_version.load(), "sv")["areas"][0]
    assert school.counts[2] is None
    assert school.counts[4] is None  # else 10 − 8 would give the hidden 2
    assert school.mean is None


def test_staff_see_results_with_fewer_than_five_in_words(personas: Personas, client_for) -> None:
    campaign = _campaign(personas)
    for i in range(6):
        _answer(campaign, f"device-{i:024d}", school=4)
    page = client_for(personas.designer).get(reverse("checkins:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code
    outsider = client_for(personas.outsider_designer).get(
        reverse("checkins:campaign", args=[campaign.pk])
    )
    assert outsider.status_code == 404


def test_a_worker_cannot_create_a_campaign_for_another_organisations_unit(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.worker)
    now = timezone.localtime()
    response = client.post(
        reverse("checkins:campaigns", args=[personas.own.pk]),
        {
            "title": "X",
            "unit": str(personas.unit_b.pk),
            "areas": ["school"],
            "languages": ["sv"],
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert not Campaign.objects.exists()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=6))
def test_no_hidden_cell_can_be_worked_out_from_the_total(counts: list[int]) -> None:
    cells = dict(enumerate(counts))
    shown = suppress_cells(cells, total_shown=True)
    hidden = [k for k, v in shown.items() if v is None]
    assert all(shown[k] is None for k, n in cells.items() if 0 < n < 5)
    assert all(shown[k] == n for k, n in cells.items() if shown[k] is not None)
    assert (
        len(hidden) != 1
        or cells[hidden[0]] == 0
        or not any(n > 0 for k, n in cells.items() if k != hidden[0])
    )


def test_campaigns_are_link_targets_for_those_who_may_see_them(personas: Personas) -> None:
    from medskapa.web import links

    campaign = _campaign(personas)
    pair = [("checkins.campaign", campaign.pk)]
    designer = actor_for_user(personas.designer)
    assert [t.title for t in links.resolve(designer, personas.own.pk, pair)] == ["Klass 7B"]
    assert links.resolve(actor_for_user(personas.outsider_designer), personas.own.pk, pair) == []
    search = links.kind("checkins.campaign").search  # type: ignore[union-attr]
    assert [t.id for t in search(designer, personas.own.pk, "7b")] == [campaign.pk]
