"""Every check-in page a young person reads has LIX 40 or less (DOMAIN.md, Tone)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.engines.plainlanguage import lix
from tests.checkins.helpers import answers, submit
from tests.personas import Personas
from tests.web.test_plain_language import LIX_LIMIT, main_text


def test_check_in_pages_have_lix_of_40_or_less(personas: Personas, client_for) -> None:
    org = personas.own.pk
    data = answers(safety=1)
    data["followups"] = {"safety_hard": ["hurt"]}
    alarm = submit(personas.young, personas.own, data)
    services.contact_request_create(
        actor=actor_for_user(personas.young),
        organisation=personas.own,
        urgency="soon",
        channel="app",
        reach_at="",
        message="",
        idempotency_key=uuid.uuid4(),
    )
    now = timezone.now()
    campaign = services.campaign_create(
        actor=actor_for_user(personas.designer),
        organisation=personas.own,
        unit=personas.unit_a,
        title="Klass 7B",
        intro="",
        areas=["school"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    services.draft_answer(
        actor=actor_for_user(personas.young),
        draft=services.draft_for(actor=actor_for_user(personas.young), organisation=personas.own),
        step="area:home",
        raw=1,
    )
    young = client_for(personas.young)
    pages = {
        name: young.get(path)
        for name, path in {
            "start": reverse("checkins:start", args=[org]),
            "question": reverse("checkins:step", args=[org, "area:home"]),
            "follow-up": reverse("checkins:step", args=[org, "followup:home_hard"]),
            "own words": reverse("checkins:step", args=[org, "text:would_help"]),
            "done after alarm": reverse("checkins:done", args=[org, alarm.pk]),
            "history": reverse("checkins:history", args=[org]),
            "talk": reverse("checkins:contact", args=[org]),
            "reminders": reverse("checkins:reminders", args=[org]),
            "share": reverse("checkins:share", args=[org]),
        }.items()
    }
    pages["review"] = young.get(reverse("checkins:review", args=[org]))
    anonymous = Client()
    pages["campaign"] = anonymous.get(reverse("checkins:campaign_public", args=[campaign.slug]))
    pages["receipt"] = anonymous.get(reverse("checkins:receipt"))
    scores = {name: round(lix(main_text(r.content.decode())), 1) for name, r in pages.items()}
    assert all(r.status_code == 200 for r in pages.values()), {
        n: r.status_code for n, r in pages.items()
    }
    too_hard = {name: score for name, score in scores.items() if score > LIX_LIMIT}
    assert not too_hard, f"LIX over {LIX_LIMIT}: {too_hard} (all: {scores})"
