"""Demo check-ins: about five months of answers for each demo young person, a contact
request, flags, and a finished class survey with enough answers to show results.

Deterministic (a fixed random seed) and idempotent: a person who already has check-ins is
left alone.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation

from . import services
from .models import Campaign, CheckIn, ContactRequest

AREAS = ["health", "school", "feelings", "home", "friends", "free_time", "safety", "future"]

# name -> (starting level per area, drift per check-in, own words)
STORIES = {
    "Elin": (
        {"school": 2, "home": 3, "friends": 3},
        {"school": 0.12, "friends": 0.08},
        ["Att rida på helgerna", "När mamma och jag lagar mat ihop", "Min nya klass"],
        ["Att någon hjälper mig med matten", "Att få prata med någon i skolan"],
    ),
    "Noah": (
        {"friends": 4, "feelings": 4, "free_time": 4},
        {"friends": -0.15, "feelings": -0.1},
        ["Fotbollen", "Att spela spel med min bror"],
        ["Att komma med i ett nytt lag", "Jag vet inte riktigt"],
    ),
    "Sara": (
        {"future": 3, "health": 3},
        {"future": 0.05},
        ["Musik", "Mina vänner", "Att sova ordentligt"],
        ["Praktik i sommar", "Hjälp att hitta ett jobb"],
    ),
}


def _scores(
    rng: random.Random, start: dict[str, int], drift: dict[str, float], step: int
) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for area in AREAS:
        level = start.get(area, 4) + drift.get(area, 0) * step + rng.uniform(-0.7, 0.7)
        scores[area] = None if rng.random() < 0.04 else max(1, min(5, round(level)))
    return scores


@transaction.atomic
def _seed_person(
    young: User, organisation: Organisation, story: tuple[Any, ...], rng: random.Random
) -> int:
    start, drift, good_things, helps = story
    actor = actor_for_user(young)
    graph = services.current_graph_version(organisation).load()
    now = timezone.now()
    count = 0
    for step, days_ago in enumerate(range(150, 0, -10)):
        scores = _scores(rng, start, drift, step)
        answers: dict[str, dict[str, Any]] = {"areas": scores, "followups": {}, "texts": {}}
        for followup in graph.followups:
            if followup.applies(answers):
                calm = [c.key for c in followup.choices if not c.alarm]
                answers["followups"][followup.key] = rng.sample(calm, k=min(2, len(calm)))
        if rng.random() < 0.5:
            answers["texts"]["feel_good"] = rng.choice(good_things)
        if rng.random() < 0.3:
            answers["texts"]["would_help"] = rng.choice(helps)
        services.checkin_submit(
            actor=actor,
            organisation=organisation,
            answers=answers,
            idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{young.pk}:{step}"),
            language="sv",
            submitted_at=now - timedelta(days=days_ago, hours=rng.randint(0, 8)),
        )
        count += 1
    return count


def _seed_campaign(organisation: Organisation, rng: random.Random) -> None:
    designer = User.objects.filter(
        memberships__organisation=organisation, memberships__role="designer"
    ).first()
    unit = organisation.units.order_by("path").first()
    if (
        designer is None
        or unit is None
        or Campaign.objects.filter(organisation=organisation).exists()
    ):
        return
    now = timezone.now()
    campaign = services.campaign_create(
        actor=actor_for_user(designer),
        organisation=organisation,
        unit=unit,
        title="Klass 8B – hur har du det i skolan?",
        intro="Vi vill veta hur ni har det, så att vi kan göra skolan bättre. Svaren är anonyma.",
        areas=["school", "friends", "safety", "future"],
        languages=["sv", "en", "ar"],
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=11),
    )
    for i in range(23):
        services.campaign_respond(
            campaign=campaign,
            device_token=f"demo-device-{campaign.pk}-{i:04d}",
            language="sv",
            answers={"areas": {a: rng.choice([2, 3, 3, 4, 4, 4, 5, None]) for a in campaign.areas}},
        )


def seed(stdout: OutputWrapper) -> None:
    rng = random.Random(2026)  # noqa: S311  (demo data, not security)
    made = 0
    for organisation in Organisation.objects.filter(slug__in=["sodertalje", "helsingborg"]):
        # Months of history at once would e-mail the demo worker dozens of times.
        rules = services.flag_rules_for(organisation)
        email_workers, rules.email_workers = rules.email_workers, False
        rules.save(update_fields=["email_workers"])
        for name, story in STORIES.items():
            young = User.objects.filter(username=f"{name.lower()}.{organisation.slug}").first()
            if young is None or CheckIn.objects.filter(young_person=young).exists():
                continue
            made += _seed_person(young, organisation, story, rng)
            if name == "Noah" and not ContactRequest.objects.filter(young_person=young).exists():
                services.contact_request_create(
                    actor=actor_for_user(young),
                    organisation=organisation,
                    urgency="soon",
                    channel="text",
                    reach_at="070-000 00 00",
                    message="Det har varit jobbigt med kompisarna på sistone.",
                    idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-contact:{young.pk}"),
                )
        _seed_campaign(organisation, rng)
        rules.email_workers = email_workers
        rules.save(update_fields=["email_workers"])
    if made:
        stdout.write(f"Check-ins: {made} demo check-ins over five months, and a class survey.")
