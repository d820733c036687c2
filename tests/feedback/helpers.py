"""Builders for feedback tests: campaigns with anonymous answers, shared conversation answers,
events with participants, and messages."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.checkins import services as checkins
from medskapa.checkins.models import Campaign
from medskapa.conversations.models import Guide, Pseudonym, SharedAnswer
from medskapa.events import services as events
from medskapa.events.models import Event, EventFeedback, Participation
from medskapa.feedback import services
from medskapa.feedback.models import FeedbackMessage
from medskapa.organisations.models import Consent, Organisation, Unit
from tests.events.conftest import create_event, sign_up
from tests.personas import Personas


def register_hooks() -> None:
    from medskapa.checkins.feedback_hooks import register_feedback_hooks as checkins_hooks
    from medskapa.conversations.feedback_hooks import register_feedback_hooks as talk_hooks
    from medskapa.events.feedback_hooks import register_feedback_hooks as events_hooks

    checkins_hooks()
    talk_hooks()
    events_hooks()


def campaign(p: Personas, *, unit: Unit | None = None, org: Organisation | None = None) -> Campaign:
    org = org or p.own
    author = p.designer if org == p.own else p.outsider_designer
    now = timezone.now()
    return checkins.campaign_create(
        actor=actor_for_user(author),
        organisation=org,
        unit=unit or (p.unit_a if org == p.own else p.unit_b),
        title="Klass 8B – hur har du det i skolan?",
        intro="",
        areas=["school"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )


def respond(c: Campaign) -> str:
    receipt = checkins.campaign_respond(
        campaign=c,
        device_token=uuid.uuid4().hex,
        answers={"areas": {"school": 4}},
        language="sv",
    )
    assert receipt.receipt_code
    return receipt.receipt_code


def guide(org: Organisation) -> Guide:
    return Guide.objects.create(organisation=org, origin="Test")


def share(user: User, org: Organisation, g: Guide, *, on: date | None = None) -> SharedAnswer:
    consent = Consent.objects.create(
        organisation=org,
        subject=user,
        given_by=user,
        purpose=Consent.Purpose.SHARE_FOR_DEVELOPMENT,
        text_version="1",
    )
    pseudonym, _ = Pseudonym.objects.get_or_create(organisation=org, user=user)
    return SharedAnswer.objects.create(
        organisation=org,
        guide=g,
        card_key=f"card-{uuid.uuid4().hex[:6]}",
        question="Vad hjälper dig?",
        text="Kortare väntetid",
        age_band="13-15",
        consent=consent,
        pseudonym=pseudonym.value,
        created_at=on or timezone.localdate(),
    )


def event_with_participant(p: Personas, user: User | None = None) -> Event:
    event = create_event(p, unit=p.unit_a)
    if user is not None:
        signup = sign_up(event, user=user).signup
        events.attendance_mark(
            actor=actor_for_user(p.worker), event=event, signup=signup, attended=True
        )
        assert Participation.objects.filter(user=user, event=event).exists()
    EventFeedback.objects.create(organisation=event.organisation, event=event, rating=4, text="Bra")
    return event


def message(
    p: Personas,
    kind: str,
    target: uuid.UUID,
    *,
    author: User | None = None,
    org: Organisation | None = None,
    **fields: Any,
) -> FeedbackMessage:
    org = org or p.own
    author = author or (p.designer if org == p.own else p.outsider_designer)
    return services.message_create(
        actor=actor_for_user(author),
        organisation=org,
        about_kind=kind,
        about_id=target,
        kind=fields.pop("message_kind", "we_did"),
        title=fields.pop("title", "Nu svarar vi inom två dagar"),
        body=fields.pop(
            "body",
            "Ni sa att väntetiden var lång. Nu svarar vi inom två dagar. Tack för att du sa det!",
        ),
        **fields,
    )


def publish(p: Personas, m: FeedbackMessage) -> FeedbackMessage:
    # Publishing runs after commit (a task); tests run inside one transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.message_publish_request(actor=actor_for_user(p.designer), message=m)
    m.refresh_from_db()
    return m
