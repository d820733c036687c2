"""Seats, the waiting list and cancelling: who gets a seat, and in what order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from medskapa.audit.models import AuditEvent
from medskapa.events import selectors, services
from medskapa.events.models import SignUp, SignUpToken, hash_token
from tests.personas import Personas

from .conftest import MakeEvent, sign_up

pytestmark = pytest.mark.django_db
Status = SignUp.Status


def test_sign_ups_get_seats_until_full_then_the_waiting_list(make_event: MakeEvent) -> None:
    event = make_event(seats=2)
    statuses = [sign_up(event).signup.status for _ in range(4)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]


def test_a_double_submit_creates_one_sign_up(make_event: MakeEvent) -> None:
    event = make_event(seats=1)
    first = sign_up(event, submission_key="same")
    second = sign_up(event, submission_key="same")
    assert first.created and not second.created
    assert second.signup.pk == first.signup.pk
    assert SignUp.objects.filter(event=event).count() == 1
    assert second.cancel_token == ""  # the secret is only ever shown once


def test_cancelling_a_seat_promotes_the_first_in_line(
    make_event: MakeEvent, django_capture_on_commit_callbacks
) -> None:
    event = make_event(seats=1)
    holder = sign_up(event)
    first_in_line = sign_up(event).signup
    second_in_line = sign_up(event).signup
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel_by_token(token=holder.cancel_token)
    first_in_line.refresh_from_db()
    second_in_line.refresh_from_db()
    assert first_in_line.status == Status.CONFIRMED
    assert second_in_line.status == Status.WAITLISTED
    promoted = [m for m in mail.outbox if m.to == [first_in_line.contact_email]]
    assert promoted and "/e/cancel/" in promoted[0].body


def test_cancelling_from_the_waiting_list_promotes_nobody(make_event: MakeEvent) -> None:
    event = make_event(seats=1)
    sign_up(event)
    waiting = sign_up(event)
    services.signup_cancel_by_token(token=waiting.cancel_token)
    assert event.signups.filter(status=Status.CONFIRMED).count() == 1
    assert event.signups.filter(status=Status.WAITLISTED).count() == 0


def test_a_cancel_link_works_once_and_only_for_cancelling(make_event: MakeEvent) -> None:
    event = make_event()
    result = sign_up(event)
    assert selectors.token_find(result.cancel_token, SignUpToken.Purpose.GUARDIAN) is None
    assert selectors.token_find(result.cancel_token, SignUpToken.Purpose.FEEDBACK) is None
    assert services.signup_cancel_by_token(token=result.cancel_token) is not None
    assert services.signup_cancel_by_token(token=result.cancel_token) is None


def test_tokens_are_stored_only_as_hashes(make_event: MakeEvent) -> None:
    result = sign_up(make_event())
    stored = SignUpToken.objects.get(signup=result.signup, purpose=SignUpToken.Purpose.CANCEL)
    assert stored.token_hash == hash_token(result.cancel_token)
    assert result.cancel_token not in stored.token_hash
    assert len(result.cancel_token) >= 40


def test_bad_input_changes_nothing_and_says_what_is_wrong(make_event: MakeEvent) -> None:
    event = make_event(age_min=13, age_max=16)
    with pytest.raises(ValidationError) as caught:
        sign_up(
            event,
            name="  ",
            birth_year=1990,
            contact_email="not-an-address",
            consent_storage=False,
        )
    errors = caught.value.message_dict
    assert set(errors) >= {"name", "birth_year", "contact_email", "consent_storage"}
    assert SignUp.objects.count() == 0


def test_someone_must_give_a_way_to_reach_them(make_event: MakeEvent) -> None:
    with pytest.raises(ValidationError) as caught:
        sign_up(make_event(), contact_email="", contact_phone="")
    assert "contact_email" in caught.value.message_dict


def test_a_closed_or_past_event_takes_no_sign_ups(make_event: MakeEvent) -> None:
    draft = make_event(published=False)
    past = make_event(starts_at=timezone.now() - timedelta(days=1))
    for event in (draft, past):
        with pytest.raises(ValidationError):
            sign_up(event)


def test_a_sign_up_is_audit_logged_without_the_persons_details(
    make_event: MakeEvent, personas: Personas
) -> None:
    result = sign_up(make_event(), name="Unikt Namn")
    rows = AuditEvent.objects.filter(object_type="events.signup", object_id=str(result.signup.pk))
    assert [row.action for row in rows.order_by("pk")] == ["create", "update"]  # sent, confirmed
    for row in rows:
        assert row.organisation_id == personas.own.pk
        assert "Unikt" not in row.detail


def test_raising_the_seats_promotes_the_waiting_list(
    make_event: MakeEvent, personas: Personas
) -> None:
    from medskapa.access.actor import actor_for_user

    event = make_event(seats=1)
    sign_up(event)
    waiting = sign_up(event).signup
    services.event_update(
        actor=actor_for_user(personas.designer), event=event, unit=event.unit, seats=2
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_cancelling_the_event_tells_everyone(
    make_event: MakeEvent, personas: Personas, django_capture_on_commit_callbacks, sms_outbox
) -> None:
    from medskapa.access.actor import actor_for_user

    event = make_event(seats=1)
    sign_up(event, contact_email="", contact_phone="070-111 22 33")
    sign_up(event)
    mail.outbox.clear()
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=actor_for_user(personas.designer), event=event)
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1
    assert sms_outbox[0].to == "070-111 22 33"
