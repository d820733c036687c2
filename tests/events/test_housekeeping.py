"""Scheduled work, run with a fixed "now": reminders once, feedback requests to those who came,
and deletion of sign-ups' personal data after the retention period, keeping only counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.events import selectors, services
from medskapa.events.models import (
    EventFeedback,
    EventSettings,
    Participation,
    SignUp,
    SignUpToken,
    hash_token,
    new_token,
)
from tests.personas import Personas

from .conftest import MakeEvent, sign_up

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_out_once_within_the_window(
    make_event: MakeEvent, django_capture_on_commit_callbacks, sms_outbox
) -> None:
    starts = timezone.now() + timedelta(days=3)
    event = make_event(starts_at=starts)
    sign_up(event, contact_email="", contact_phone="0701234567")
    sms_outbox.clear()
    assert services.housekeeping(starts - timedelta(hours=25)).reminders_sent == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.housekeeping(starts - timedelta(hours=23)).reminders_sent == 1
    assert services.housekeeping(starts - timedelta(hours=22)).reminders_sent == 0
    assert len(sms_outbox) == 1 and "/e/cancel/" in sms_outbox[0].body


def test_only_those_who_came_are_asked_for_feedback(
    make_event: MakeEvent, personas: Personas, django_capture_on_commit_callbacks
) -> None:
    starts = timezone.now() + timedelta(days=1)
    event = make_event(starts_at=starts)
    came = sign_up(event).signup
    stayed_home = sign_up(event).signup
    organiser = actor_for_user(personas.worker)
    services.attendance_mark(actor=organiser, event=event, signup=came, attended=True)
    services.attendance_mark(actor=organiser, event=event, signup=stayed_home, attended=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.housekeeping(event.ends_at + timedelta(hours=1))
    assert report.feedback_requested == 1
    assert [m.to for m in mail.outbox] == [[came.contact_email]]
    assert "/e/feedback/" in mail.outbox[0].body
    assert services.housekeeping(event.ends_at + timedelta(hours=2)).feedback_requested == 0


def test_feedback_by_link_is_stored_without_a_name(make_event: MakeEvent) -> None:
    event = make_event()
    signup = sign_up(event, name="Kim Hemlig").signup
    token = new_token()
    SignUpToken.objects.create(
        signup=signup, purpose=SignUpToken.Purpose.FEEDBACK, token_hash=hash_token(token)
    )
    assert services.feedback_by_token(token=token, rating=4, text="Bra fika")
    feedback = EventFeedback.objects.get()
    assert (feedback.event, feedback.rating, feedback.text) == (event, 4, "Bra fika")
    field_names = {f.name for f in EventFeedback._meta.get_fields()}
    assert not field_names & {"signup", "name", "user"}
    assert not services.feedback_by_token(token=token, rating=1, text="igen")  # once


def test_personal_data_is_deleted_after_retention_and_counts_remain(
    make_event: MakeEvent, personas: Personas
) -> None:
    EventSettings.objects.create(organisation=personas.own, retention_days=30)
    event = make_event(seats=2, starts_at=timezone.now() + timedelta(days=1))
    came = sign_up(event, user=personas.young).signup
    sign_up(event)
    sign_up(event)  # waiting list
    cancelled = sign_up(event)
    services.signup_cancel_by_token(token=cancelled.cancel_token)
    services.attendance_mark(
        actor=actor_for_user(personas.worker), event=event, signup=came, attended=True
    )

    assert services.housekeeping(event.ends_at + timedelta(days=29)).events_purged == 0
    assert SignUp.objects.filter(event=event).count() == 4
    report = services.housekeeping(event.ends_at + timedelta(days=30, minutes=1))
    assert report.events_purged == 1
    event.refresh_from_db()
    assert SignUp.objects.filter(event=event).count() == 0
    assert SignUpToken.objects.filter(signup__event=event).count() == 0
    assert event.personal_data_deleted_at is not None
    assert selectors.event_counts(event) == {
        "confirmed": 2,
        "attended": 1,
        "cancelled": 1,
        "waitlisted": 1,
        "no_guardian": 0,
        "pending_guardian": 0,
    }
    # The young person's own note that they took part stays on their page.
    assert Participation.objects.filter(user=personas.young, event=event).exists()
    assert AuditEvent.objects.filter(
        action="delete", object_id=str(event.pk), purpose="retention"
    ).exists()
    again = services.housekeeping(event.ends_at + timedelta(days=31))
    assert again.events_purged == 0


def test_the_command_runs_the_housekeeping_task(make_event: MakeEvent, capsys) -> None:
    call_command("run_event_housekeeping")
    assert "Event housekeeping done" in capsys.readouterr().out
