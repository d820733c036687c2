"""Live survey results never reveal one answer (issue 13, finding 5): the results of an open
campaign, on the staff page and the public receipt page, move only in steps of at least five
answers, so nobody watching can see one pupil's answer as the difference of two views."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import Campaign
from medskapa.checkins.selectors import campaign_results
from tests.personas import Personas

SCORES = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


def _campaign(p: Personas) -> Campaign:
    now = timezone.now()
    return services.campaign_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        unit=p.unit_a,
        title="Klass 8C",
        intro="",
        areas=["school", "friends"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )


def _answer(campaign: Campaign, school: int | None, friends: int | None) -> str:
    receipt = services.campaign_respond(
        campaign=campaign,
        device_token=uuid.uuid4().hex,
        language="sv",
        answers={"areas": {"school": school, "friends": friends}},
    )
    assert receipt.receipt_code
    return receipt.receipt_code


def _view(campaign: Campaign) -> tuple[Any, ...]:
    campaign.refresh_from_db()
    results = campaign_results(campaign, campaign.graph_version.load(), "sv")
    return (
        results["responses"],
        tuple((a.area_key, tuple(a.counts.items()), a.skipped, a.mean) for a in results["areas"]),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.tuples(SCORES, SCORES), min_size=1, max_size=23))
def test_no_two_consecutive_views_differ_by_one_answer(
    personas: Personas, answers: list[tuple[int | None, int | None]]
) -> None:
    campaign = _campaign(personas)
    view, behind = _view(campaign), 0
    for number, (school, friends) in enumerate(answers, start=1):
        _answer(campaign, school, friends)
        new_view = _view(campaign)
        if new_view != view:
            # Whatever changed, at least five answers came in since the view before.
            assert number - behind >= 5, (behind, number, view, new_view)
            behind = number
        view = new_view


def test_one_answer_more_changes_nothing_a_manager_sees(personas: Personas, client_for) -> None:
    campaign = _campaign(personas)
    for _ in range(5):
        _answer(campaign, 4, 4)
    url = reverse("checkins:campaign", args=[campaign.pk])
    before = client_for(personas.designer).get(url).content.decode()
    _answer(campaign, 1, 1)
    after = client_for(personas.designer).get(url).content.decode()
    assert before.split('id="results-heading"')[1] == after.split('id="results-heading"')[1]
    assert "Resultaten uppdateras när minst fem nya svar har kommit in" in after


def test_the_receipt_page_shows_the_same_steps(personas: Personas) -> None:
    campaign = _campaign(personas)
    codes = [_answer(campaign, 4, 4) for _ in range(5)]
    lookup = reverse("checkins:receipt")
    before = Client().post(lookup, {"code": codes[0]}).content.decode()
    _answer(campaign, 1, 1)
    after = Client().post(lookup, {"code": codes[0]}).content.decode()
    assert "5 svar" in after and "6 svar" not in after
    assert before.split('id="found-heading"')[1] == after.split('id="found-heading"')[1]
    for _ in range(4):
        _answer(campaign, 1, 1)
    renewed = Client().post(lookup, {"code": codes[0]}).content.decode()
    assert "10 svar" in renewed
