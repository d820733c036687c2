"""seed_demo gives every demo organisation past and upcoming events and panel members."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from medskapa.events.models import Event, EventFeedback, PanelMembership, SignUp

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_past_and_upcoming_events_and_is_idempotent() -> None:
    call_command("seed_demo", verbosity=0)
    counts = (Event.objects.count(), SignUp.objects.count(), EventFeedback.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Event.objects.count(), SignUp.objects.count(), EventFeedback.objects.count()) == counts
    now = timezone.now()
    for slug in ("sodertalje", "helsingborg"):
        events = Event.objects.filter(organisation__slug=slug)
        past = events.filter(ends_at__lt=now)
        assert past.count() == 1
        assert past.get().personal_data_deleted_at is not None
        assert not SignUp.objects.filter(event=past.get()).exists()
        assert past.get().feedback.count() >= 5
        assert events.filter(starts_at__gt=now).count() == 2
        assert SignUp.objects.filter(
            event__organisation__slug=slug, status=SignUp.Status.WAITLISTED
        ).exists()
        assert PanelMembership.objects.filter(organisation__slug=slug).count() >= 3
