"""Guardian consent: under the organisation's age a guardian must say yes; the seat is held
until they answer, and an unanswered request expires and frees the seat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from medskapa.events import services
from medskapa.events.models import EventSettings, SignUp, SignUpToken, hash_token, new_token
from tests.personas import Personas

from .conftest import MakeEvent, sign_up

pytestmark = pytest.mark.django_db
Status = SignUp.Status
THIS_YEAR = timezone.localdate().year


def _guardian_token(signup: SignUp) -> str:
    """Replace the guardian token by one the test knows (the real one went by e-mail)."""
    token = new_token()
    SignUpToken.objects.filter(signup=signup, purpose=SignUpToken.Purpose.GUARDIAN).update(
        token_hash=hash_token(token)
    )
    return token


def test_under_the_age_a_guardian_contact_is_required(make_event: MakeEvent) -> None:
    with pytest.raises(ValidationError) as caught:
        sign_up(make_event(), birth_year=THIS_YEAR - 11)
    assert "guardian_email" in caught.value.message_dict


def test_the_age_limit_is_the_organisations_choice(
    make_event: MakeEvent, personas: Personas
) -> None:
    EventSettings.objects.create(organisation=personas.own, guardian_consent_age=15)
    result = sign_up(make_event(), birth_year=THIS_YEAR - 15, guardian_phone="0701234567")
    assert result.signup.status == Status.PENDING_GUARDIAN
    older = sign_up(make_event(), birth_year=THIS_YEAR - 16)
    assert older.signup.status == Status.CONFIRMED


def test_the_guardian_gets_a_link_and_the_seat_is_held(
    make_event: MakeEvent, django_capture_on_commit_callbacks
) -> None:
    event = make_event(seats=1)
    with django_capture_on_commit_callbacks(execute=True):
        child = sign_up(
            event, birth_year=THIS_YEAR - 10, guardian_email="parent@example.com"
        ).signup
    assert child.status == Status.PENDING_GUARDIAN
    to_guardian = [m for m in mail.outbox if m.to == ["parent@example.com"]]
    assert len(to_guardian) == 1 and "/e/guardian/" in to_guardian[0].body
    assert sign_up(event).signup.status == Status.WAITLISTED  # the held seat counts


def test_a_guardians_yes_confirms_the_seat(make_event: MakeEvent) -> None:
    child = sign_up(make_event(), birth_year=THIS_YEAR - 10, guardian_email="p@example.com").signup
    token = _guardian_token(child)
    services.guardian_answer(token=token, approve=True)
    child.refresh_from_db()
    assert child.status == Status.CONFIRMED
    assert services.guardian_answer(token=token, approve=False) is None  # used once


def test_a_guardians_no_frees_the_seat_for_the_waiting_list(make_event: MakeEvent) -> None:
    event = make_event(seats=1)
    child = sign_up(event, birth_year=THIS_YEAR - 10, guardian_email="p@example.com").signup
    waiting = sign_up(event).signup
    services.guardian_answer(token=_guardian_token(child), approve=False)
    child.refresh_from_db()
    waiting.refresh_from_db()
    assert child.status == Status.DECLINED
    assert waiting.status == Status.CONFIRMED


def test_an_unanswered_request_expires_frees_the_seat_and_promotes(
    make_event: MakeEvent, personas: Personas
) -> None:
    EventSettings.objects.create(organisation=personas.own, guardian_link_days=3)
    event = make_event(seats=1, starts_at=timezone.now() + timedelta(days=20))
    child = sign_up(event, birth_year=THIS_YEAR - 10, guardian_email="p@example.com").signup
    token = _guardian_token(child)
    waiting = sign_up(event).signup
    assert services.housekeeping(timezone.now() + timedelta(days=2)).guardian_expired == 0
    later = timezone.now() + timedelta(days=3, minutes=1)
    assert services.housekeeping(later).guardian_expired == 1
    child.refresh_from_db()
    waiting.refresh_from_db()
    assert child.status == Status.EXPIRED
    assert waiting.status == Status.CONFIRMED
    assert services.guardian_answer(token=token, approve=True, now=later) is None
    assert services.housekeeping(later).guardian_expired == 0  # idempotent


def test_a_promoted_child_needs_a_guardian_too(make_event: MakeEvent) -> None:
    event = make_event(seats=1)
    holder = sign_up(event)
    child = sign_up(event, birth_year=THIS_YEAR - 10, guardian_email="p@example.com").signup
    assert child.status == Status.WAITLISTED
    services.signup_cancel_by_token(token=holder.cancel_token)
    child.refresh_from_db()
    assert child.status == Status.PENDING_GUARDIAN
    assert child.tokens.filter(purpose=SignUpToken.Purpose.GUARDIAN).exists()
