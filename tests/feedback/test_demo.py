"""seed_demo gives the demo organisations delivered feedback tied to the class survey and the
past event, and running it twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from medskapa.feedback.models import FeedbackDelivery, FeedbackMessage

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_feedback_and_is_idempotent() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    counts = (FeedbackMessage.objects.count(), FeedbackDelivery.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (FeedbackMessage.objects.count(), FeedbackDelivery.objects.count()) == counts
    for slug in ("sodertalje", "helsingborg"):
        messages = FeedbackMessage.objects.filter(organisation__slug=slug)
        assert messages.filter(
            title="Ni sa att väntetiden var lång – nu svarar vi inom två dagar",
            published_at__isnull=False,
        ).exists()
        assert messages.filter(kind="we_cannot").exists()
        survey = messages.get(about_kind="checkins.campaign")
        assert survey.deliveries.filter(channel_kind="checkins.campaign").exists()
        # Young people who took part in the past event have it in their inbox.
        assert FeedbackDelivery.objects.filter(
            organisation__slug=slug, recipient__isnull=False
        ).exists()
