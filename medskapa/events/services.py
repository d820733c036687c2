"""Every write for events, sign-ups, feedback and the panel.

Seats are race-safe: each change to who holds a seat locks the event row first
(``select_for_update``), so two sign-ups can never take the last seat twice, and a double submit
finds the first sign-up by its ``submission_key`` instead of making a second. Messages are queued
only after the transaction commits. Each write that touches personal data is audit-logged.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, acts_for_anyone, ensure
from medskapa.access.actor import Actor
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation, Unit

from .models import (
    CONFIRM_MINUTES,
    FREQUENCY_DAYS,
    UNCONFIRMED_MESSAGES_PER_DAY,
    ContactMessage,
    Event,
    EventFeedback,
    EventSettings,
    PanelChannel,
    PanelFrequency,
    PanelInvitation,
    PanelMembership,
    PanelTopic,
    Participation,
    SignUp,
    SignUpToken,
    contact_hash,
    hash_token,
    new_token,
)
from .notifications import absolute
from .selectors import confirmation_link, settings_for, token_find

Status = SignUp.Status
Purpose = SignUpToken.Purpose


# --- Settings -------------------------------------------------------------------------------
@acts("events.settings", on="organisation")
@transaction.atomic
def settings_save(
    *,
    actor: Actor,
    organisation: Organisation,
    guardian_consent_age: int,
    retention_days: int,
    guardian_link_days: int,
    reminder_hours: int,
) -> EventSettings:
    current = settings_for(organisation)
    current.guardian_consent_age = guardian_consent_age
    current.retention_days = retention_days
    current.guardian_link_days = guardian_link_days
    current.reminder_hours = reminder_hours
    current.full_clean()
    current.save()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="events.eventsettings",
        object_id=str(organisation.pk),
        detail=(
            f"guardian age {guardian_consent_age}, retention {retention_days} d, "
            f"guardian link {guardian_link_days} d, reminder {reminder_hours} h"
        ),
    )
    return current


def _needs_guardian(birth_year: int, *, age_limit: int, year: int) -> bool:
    """Conservative with only a year: whoever turns ``age_limit`` this year may still be under."""
    return year - birth_year <= age_limit


def _age_fits(event: Event, birth_year: int) -> bool:
    """True when the person's age on the day (one of two, from the year) is in the range."""
    year = timezone.localtime(event.starts_at).year
    oldest_possible = year - birth_year
    youngest_possible = oldest_possible - 1
    return oldest_possible >= event.age_min and youngest_possible <= event.age_max


_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,24}$")


def _clean_phone(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not _PHONE.match(value) or not 7 <= len(digits) <= 15:
        raise ValidationError(_("Write the number with digits only, for example 070-123 45 67."))
    return value


def _clean_email(value: str) -> str:
    value = value.strip()
    if value:
        validate_email(value)
    return value.lower()


# --- Events ---------------------------------------------------------------------------------
EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "accessibility",
    "seats",
    "age_min",
    "age_max",
    "languages",
    "contact",
    "published",
)


def _new_slug(title: str) -> str:
    base = slugify(title)[:50].strip("-") or "event"
    return f"{base}-{secrets.token_hex(3)}"


def _ensure_may_organise_in(actor: Actor, organisation: Organisation, unit: Unit | None) -> None:
    """The layer is asked about the unit an event is for, whoever calls (form, project card)."""
    if unit is None:
        ensure(actor, "events.create_org_wide", organisation)
    elif unit.organisation_id == organisation.pk:
        ensure(actor, "events.create_in", unit)


def _check_event(event: Event) -> None:
    unit = event.unit if event.unit_id is not None else None
    if unit is not None and unit.organisation_id != event.organisation_id:
        raise ValidationError({"unit": _("The unit belongs to another organisation.")})
    errors: dict[str, str] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if event.age_min is not None and event.age_max is not None and event.age_max < event.age_min:
        errors["age_max"] = _("The oldest age cannot be lower than the youngest.")
    if errors:
        raise ValidationError(errors)
    event.full_clean()


@acts("events.organise", on="organisation")
@transaction.atomic
def event_create(
    *, actor: Actor, organisation: Organisation, unit: Unit | None, **fields: Any
) -> Event:
    _ensure_may_organise_in(actor, organisation, unit)
    event = Event(organisation=organisation, unit=unit, created_by=actor.user)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    event.slug = _new_slug(event.title)
    _check_event(event)
    event.save()
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=event)
    return event


@acts("event.manage", on="event")
@transaction.atomic
def event_update(*, actor: Actor, event: Event, unit: Unit | None, **fields: Any) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.personal_data_deleted_at is not None:
        raise ValidationError(_("This event is over and closed; it can no longer be changed."))
    old_seats = event.seats
    if unit is not None and unit.organisation_id != event.organisation_id:
        raise ValidationError({"unit": _("The unit belongs to another organisation.")})
    if (unit.pk if unit is not None else None) != event.unit_id:
        _ensure_may_organise_in(actor, event.organisation, unit)
    event.unit = unit
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    _check_event(event)
    event.save()
    record(action=Action.UPDATE, actor=actor, organisation_id=event.organisation_id, obj=event)
    if event.seats > old_seats:
        _promote(event, timezone.now())
    return event


@acts("event.manage", on="event")
@transaction.atomic
def event_cancel(*, actor: Actor, event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at is not None:
        return event
    event.cancelled_at = timezone.now()
    event.published = False
    event.save(update_fields=["cancelled_at", "published"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=event.organisation_id,
        obj=event,
        detail="cancelled",
    )
    for signup in event.signups.filter(status__in=[*SignUp.HOLDS_SEAT, Status.WAITLISTED]):
        _notify(signup, "event_cancelled")
    return event


# --- Tokens and messages --------------------------------------------------------------------
def _issue_token(
    signup: SignUp, purpose: str, *, expires_at: datetime | None = None, now: datetime
) -> str:
    token = new_token()
    SignUpToken.objects.create(
        signup=signup,
        purpose=purpose,
        token_hash=hash_token(token),
        expires_at=expires_at,
        created_at=now,
    )
    return token


def _url(name: str, token: str) -> str:
    return absolute(reverse(f"events:{name}", kwargs={"token": token}))


def _notify(signup: SignUp, kind: str, url: str = "") -> None:
    from .tasks import send_signup_message

    signup_id = str(signup.pk)
    transaction.on_commit(
        lambda: send_signup_message.enqueue(signup_id=signup_id, kind=kind, url=url)
    )


def _notify_with_cancel_link(signup: SignUp, kind: str, now: datetime) -> str:
    token = _issue_token(signup, Purpose.CANCEL, now=now)
    _notify(signup, kind, _url("cancel", token))
    return token


def _ask_guardian(signup: SignUp, event_settings: EventSettings, now: datetime) -> None:
    # The guardian's address is nobody's confirmed address either: it counts towards its cap.
    _count_messages([signup.guardian_email, signup.guardian_phone], now)
    signup.guardian_expires_at = now + timedelta(days=event_settings.guardian_link_days)
    signup.save(update_fields=["guardian_expires_at"])
    token = _issue_token(signup, Purpose.GUARDIAN, expires_at=signup.guardian_expires_at, now=now)
    _notify(signup, "guardian_request", _url("guardian", token))


# --- Sign-up --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignUpResult:
    signup: SignUp
    created: bool
    # Shown once on the page after confirming (and sent); only its hash is stored.
    cancel_token: str = ""
    # Only sent to the address given, never shown: opening it proves the address is theirs.
    confirm_token: str = ""


def _held_seats(event: Event) -> int:
    return event.signups.filter(status__in=SignUp.HOLDS_SEAT).count()


@acts_for_anyone(
    "A public sign-up: throttled per client and event in the view, and it holds nothing until "
    "the link sent to the address given is opened (signup_confirm)."
)
def signup_create(
    *,
    event: Event,
    name: str,
    birth_year: int | None,
    contact_email: str = "",
    contact_phone: str = "",
    needs: str = "",
    guardian_email: str = "",
    guardian_phone: str = "",
    consent_storage: bool,
    consent_photos: bool = False,
    submission_key: str,
    user: User | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> SignUpResult:
    """Sign someone up, pending until they open the link sent to the address they gave.

    Nothing is held until then (``signup_confirm``): a stranger typing names and someone
    else's addresses fills no seats, and each address gets at most a few messages a day.
    """
    now = now or timezone.now()
    submission_key = (submission_key or "").strip()[:64] or secrets.token_hex(16)
    try:
        with transaction.atomic():
            return _signup_create(
                event=event,
                name=name,
                birth_year=birth_year,
                contact_email=contact_email,
                contact_phone=contact_phone,
                needs=needs,
                guardian_email=guardian_email,
                guardian_phone=guardian_phone,
                consent_storage=consent_storage,
                consent_photos=consent_photos,
                submission_key=submission_key,
                user=user,
                actor=actor,
                now=now,
            )
    except IntegrityError:
        # The same form was sent twice at the same moment: the first one won.
        existing = SignUp.objects.get(event=event, submission_key=submission_key)
        return SignUpResult(existing, created=False)


def _signup_create(
    *,
    event: Event,
    name: str,
    birth_year: int | None,
    contact_email: str,
    contact_phone: str,
    needs: str,
    guardian_email: str,
    guardian_phone: str,
    consent_storage: bool,
    consent_photos: bool,
    submission_key: str,
    user: User | None,
    actor: Actor | None,
    now: datetime,
) -> SignUpResult:
    locked = Event.objects.select_for_update().select_related("organisation").get(pk=event.pk)
    existing = SignUp.objects.filter(event=locked, submission_key=submission_key).first()
    if existing is not None:
        return SignUpResult(existing, created=False)
    if not locked.published or locked.cancelled_at is not None or locked.starts_at <= now:
        raise ValidationError(_("Sign-up for this event is closed."))
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = (name or "").strip()
    if not name:
        error("name", _("Write your name or a nickname."))
    elif len(name) > 100:
        error("name", _("The name can be at most 100 characters."))
    year_now = now.year
    if birth_year is None or not year_now - 100 <= birth_year <= year_now:
        error("birth_year", _("Write the year you were born, for example 2010."))
    elif not _age_fits(locked, birth_year):
        error(
            "birth_year",
            _("This event is for people aged %(min)d to %(max)d.")
            % {"min": locked.age_min, "max": locked.age_max},
        )
    try:
        contact_email = _clean_email(contact_email)
    except ValidationError:
        error("contact_email", _("Check the e-mail address."))
    try:
        contact_phone = _clean_phone(contact_phone)
    except ValidationError as e:
        error("contact_phone", e.messages[0])
    if not contact_email and not contact_phone and "contact_email" not in errors:
        error(
            "contact_email", _("Write an e-mail address or a mobile number, so we can reach you.")
        )
    needs = (needs or "").strip()
    if len(needs) > 1000:
        error("needs", _("Write at most 1000 characters."))
    if not consent_storage:
        error("consent_storage", _("You must say yes to this to sign up."))
    event_settings = settings_for(locked.organisation)
    under_age = birth_year is not None and _needs_guardian(
        birth_year,
        age_limit=event_settings.guardian_consent_age,
        year=year_now,
    )
    try:
        guardian_email = _clean_email(guardian_email) if under_age else ""
    except ValidationError:
        error("guardian_email", _("Check the e-mail address."))
    try:
        guardian_phone = _clean_phone(guardian_phone) if under_age else ""
    except ValidationError as e:
        error("guardian_phone", e.messages[0])
    if under_age and not guardian_email and not guardian_phone and "guardian_email" not in errors:
        error(
            "guardian_email",
            _(
                "You are under %(age)d, so a guardian must say yes. "
                "Write their e-mail address or mobile number."
            )
            % {"age": event_settings.guardian_consent_age},
        )
    if (
        user is not None
        and SignUp.objects.filter(
            event=locked,
            user=user,
            status__in=[*SignUp.HOLDS_SEAT, Status.WAITLISTED, Status.UNCONFIRMED],
        ).exists()
    ):
        error("name", _("You are already signed up for this event."))
    if errors:
        raise ValidationError(errors)

    at_cap = _addresses_at_cap(
        {
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "guardian_email": guardian_email,
            "guardian_phone": guardian_phone,
        },
        now,
    )
    for field in at_cap:
        error(
            field,
            _(
                "We have already sent several links to this address today. "
                "Try again tomorrow, or write another address."
            ),
        )
    if errors:
        raise ValidationError(errors)

    assert birth_year is not None  # noqa: S101  (checked above)
    signup = SignUp(
        event=locked,
        user=user,
        status=Status.UNCONFIRMED,
        name=name,
        birth_year=birth_year,
        contact_email=contact_email,
        contact_phone=contact_phone,
        needs=needs,
        guardian_email=guardian_email,
        guardian_phone=guardian_phone,
        needs_guardian=under_age,
        confirm_by=now + timedelta(minutes=CONFIRM_MINUTES),
        consent_storage=True,
        consent_photos=bool(consent_photos),
        submission_key=submission_key,
        created_at=now,
    )
    signup.full_clean()
    signup.save()
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=locked.organisation_id,
        obj=signup,
        subject_id=user.pk if user is not None else None,
        detail="sign-up waiting for the contact to be confirmed",
    )
    confirm_token = _send_confirmation(signup, now)
    return SignUpResult(signup, created=True, confirm_token=confirm_token)


# --- Confirming the contact before a seat is held ---------------------------------------------
def _addresses_at_cap(addresses: dict[str, str], now: datetime) -> list[str]:
    """The fields whose address has had its share of messages to unconfirmed addresses today."""
    since = now - timedelta(days=1)
    return [
        field
        for field, address in addresses.items()
        if address
        and ContactMessage.objects.filter(
            address_hash=contact_hash(address), sent_at__gt=since
        ).count()
        >= UNCONFIRMED_MESSAGES_PER_DAY
    ]


def _count_messages(addresses: Iterable[str], now: datetime) -> None:
    ContactMessage.objects.bulk_create(
        ContactMessage(address_hash=contact_hash(address), sent_at=now)
        for address in addresses
        if address
    )


def _send_confirmation(signup: SignUp, now: datetime) -> str:
    """One link to the addresses the person gave; earlier links stop working."""
    signup.tokens.filter(purpose=Purpose.CONFIRM, used_at__isnull=True).update(used_at=now)
    token = _issue_token(signup, Purpose.CONFIRM, expires_at=signup.confirm_by, now=now)
    _count_messages([signup.contact_email, signup.contact_phone], now)
    _notify(signup, "confirm_contact", _url("confirm", token))
    return token


@acts_for_anyone("Only from the browser session that sent the sign-up, capped per address and day.")
@transaction.atomic
def signup_resend_confirmation(*, signup: SignUp, now: datetime | None = None) -> bool:
    """Send the link again (a new one, valid for another while), within the daily cap.

    False when the sign-up no longer waits for its link or an address is at its cap.
    """
    now = now or timezone.now()
    Event.objects.select_for_update().filter(pk=signup.event_id).first()
    signup.refresh_from_db()
    if signup.status != Status.UNCONFIRMED or (signup.confirm_by and signup.confirm_by <= now):
        return False
    addresses = {"email": signup.contact_email, "phone": signup.contact_phone}
    if _addresses_at_cap(addresses, now):
        return False
    signup.confirm_by = now + timedelta(minutes=CONFIRM_MINUTES)
    signup.save(update_fields=["confirm_by"])
    _send_confirmation(signup, now)
    return True


@acts_for_anyone("The one-time link sent to the address given (expires, hashed at rest).")
@transaction.atomic
def signup_confirm(*, token: str, now: datetime | None = None) -> SignUpResult | None:
    """The person opened the link: now the sign-up takes a seat, a seat held for a guardian, or
    a place on the waiting list. A second confirmation changes nothing (``created`` False)."""
    now = now or timezone.now()
    found = confirmation_link(token)
    if found is None:
        return None
    locked = (
        Event.objects.select_for_update()
        .select_related("organisation")
        .get(pk=found.signup.event_id)
    )
    signup = found.signup
    signup.refresh_from_db()
    if signup.status != Status.UNCONFIRMED:
        return SignUpResult(signup, created=False)
    if not found.is_usable(now):
        return None
    signup.tokens.filter(purpose=Purpose.CONFIRM, used_at__isnull=True).update(used_at=now)
    if not locked.published or locked.cancelled_at is not None or locked.starts_at <= now:
        raise ValidationError(_("Sign-up for this event is closed."))
    event_settings = settings_for(locked.organisation)
    if _held_seats(locked) < locked.seats:
        status = Status.PENDING_GUARDIAN if signup.needs_guardian else Status.CONFIRMED
    else:
        status = Status.WAITLISTED
    signup.status = status
    signup.confirm_by = None
    signup.save(update_fields=["status", "confirm_by"])
    record(
        action=Action.UPDATE,
        organisation_id=locked.organisation_id,
        obj=signup,
        subject_id=signup.user_id,
        detail=f"contact confirmed: {status}",
    )
    cancel_token = _notify_with_cancel_link(signup, status, now)
    if status == Status.PENDING_GUARDIAN:
        _ask_guardian(signup, event_settings, now)
    if signup.user_id is not None:
        PanelInvitation.objects.filter(
            membership__user_id=signup.user_id, event=locked, answered_at__isnull=True
        ).update(answer=PanelInvitation.Answer.YES, answered_at=now)
    return SignUpResult(signup, created=True, cancel_token=cancel_token)


@acts_as_system("Housekeeping: sign-ups whose link was never opened in time.")
def expire_unconfirmed(now: datetime) -> int:
    """Delete sign-ups whose link was never opened in time (they held nothing), and forget
    the message counts of addresses after two days."""
    ContactMessage.objects.filter(sent_at__lte=now - timedelta(days=2)).delete()
    expired = SignUp.objects.filter(status=Status.UNCONFIRMED, confirm_by__lte=now)
    _total, by_model = expired.delete()  # their tokens go with them
    return int(by_model.get(SignUp._meta.label, 0))


def _promote(event: Event, now: datetime) -> int:
    """Give free seats to the waiting list, first come first served. The event is locked."""
    if event.cancelled_at is not None or event.starts_at <= now:
        return 0
    free = event.seats - _held_seats(event)
    if free <= 0:
        return 0
    event_settings = settings_for(event.organisation)
    promoted = 0
    for signup in event.signups.filter(status=Status.WAITLISTED).order_by("created_at", "id")[
        :free
    ]:
        if signup.needs_guardian:
            signup.status = Status.PENDING_GUARDIAN
            signup.save(update_fields=["status"])
            _ask_guardian(signup, event_settings, now)
            _notify(signup, "pending_guardian")
        else:
            signup.status = Status.CONFIRMED
            signup.save(update_fields=["status"])
            _notify_with_cancel_link(signup, "promoted", now)
        record(
            action=Action.UPDATE,
            organisation_id=event.organisation_id,
            obj=signup,
            detail=f"promoted from waiting list to {signup.status}",
        )
        promoted += 1
    return promoted


def _release(signup: SignUp, status: str, now: datetime, detail: str, actor: Actor | None) -> None:
    """Move a sign-up out of its seat or the line (locking the event) and promote the line."""
    event = Event.objects.select_for_update().get(pk=signup.event_id)
    signup.refresh_from_db()
    held = signup.holds_seat
    signup.status = status
    if status == Status.CANCELLED:
        signup.cancelled_at = now
    signup.save(update_fields=["status", "cancelled_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=event.organisation_id,
        obj=signup,
        subject_id=signup.user_id,
        detail=detail,
    )
    if held:
        _promote(event, now)


CANCELLABLE = (*SignUp.HOLDS_SEAT, Status.WAITLISTED, Status.UNCONFIRMED)


@acts("signup.cancel", on="signup")
@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp, now: datetime | None = None) -> SignUp:
    """The young person who signed up, or the event's organisers, cancel a sign-up."""
    return _signup_cancel(signup, actor, now or timezone.now())


def _signup_cancel(signup: SignUp, actor: Actor | None, now: datetime) -> SignUp:
    if signup.status not in CANCELLABLE:
        return signup
    _release(signup, Status.CANCELLED, now, "cancelled", actor)
    signup.tokens.filter(used_at__isnull=True).exclude(purpose=Purpose.FEEDBACK).update(used_at=now)
    return signup


@acts_for_anyone("The cancel link sent to the person (hashed at rest, throttled).")
@transaction.atomic
def signup_cancel_by_token(*, token: str, now: datetime | None = None) -> SignUp | None:
    now = now or timezone.now()
    found = token_find(token, Purpose.CANCEL, now=now)
    if found is None:
        return None
    signup = found.signup
    found.used_at = now
    found.save(update_fields=["used_at"])
    return _signup_cancel(signup, None, now)


@acts_for_anyone("The guardian's one-time link (expires, hashed at rest, throttled).")
@transaction.atomic
def guardian_answer(*, token: str, approve: bool, now: datetime | None = None) -> SignUp | None:
    """A guardian says yes (the held seat becomes the child's) or no (it goes to the line)."""
    now = now or timezone.now()
    found = token_find(token, Purpose.GUARDIAN, now=now)
    if found is None:
        return None
    signup = found.signup
    Event.objects.select_for_update().filter(pk=signup.event_id).first()
    signup.refresh_from_db()
    found.used_at = now
    found.save(update_fields=["used_at"])
    if signup.status != Status.PENDING_GUARDIAN:
        return signup
    signup.guardian_decided_at = now
    signup.save(update_fields=["guardian_decided_at"])
    if approve:
        signup.status = Status.CONFIRMED
        signup.save(update_fields=["status"])
        record(
            action=Action.UPDATE,
            organisation_id=signup.event.organisation_id,
            obj=signup,
            subject_id=signup.user_id,
            detail="guardian approved",
        )
        _notify_with_cancel_link(signup, "guardian_yes", now)
    else:
        _release(signup, Status.DECLINED, now, "guardian declined", None)
        _notify(signup, "guardian_no")
    return signup


@acts_as_system("Housekeeping: seats held for a guardian who did not answer in time.")
def expire_guardian_approvals(now: datetime) -> int:
    """Seats held for a guardian who did not answer in time go back to the waiting list."""
    expired = 0
    due = SignUp.objects.filter(status=Status.PENDING_GUARDIAN, guardian_expires_at__lte=now)
    for signup_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            signup = SignUp.objects.get(pk=signup_id)
            Event.objects.select_for_update().filter(pk=signup.event_id).first()
            signup.refresh_from_db()
            if signup.status != Status.PENDING_GUARDIAN:
                continue
            _release(signup, Status.EXPIRED, now, "guardian approval expired", None)
            signup.tokens.filter(purpose=Purpose.GUARDIAN, used_at__isnull=True).update(used_at=now)
            _notify(signup, "guardian_expired")
            expired += 1
    return expired


# --- Attendance and feedback ----------------------------------------------------------------
@acts("event.mark_attendance", on="event")
@transaction.atomic
def attendance_mark(*, actor: Actor, event: Event, signup: SignUp, attended: bool | None) -> SignUp:
    """An organiser marks who came (the event's own action, not the list's read)."""
    if signup.event_id != event.pk:
        raise ValidationError(_("That sign-up belongs to another event."))
    if signup.status != Status.CONFIRMED:
        raise ValidationError(_("Only people with a seat can be marked."))
    signup.attended = attended
    signup.save(update_fields=["attended"])
    if attended and signup.user_id is not None:
        Participation.objects.get_or_create(user_id=signup.user_id, event_id=signup.event_id)
    elif signup.user_id is not None:
        Participation.objects.filter(
            user_id=signup.user_id, event_id=signup.event_id, feedback_given_at__isnull=True
        ).delete()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=signup.event.organisation_id,
        obj=signup,
        subject_id=signup.user_id,
        detail=f"attended={attended}",
    )
    return signup


def _feedback_store(event: Event, rating: int | None, text: str) -> EventFeedback | None:
    text = (text or "").strip()
    if rating is not None and rating not in EventFeedback.Rating.values:
        raise ValidationError({"rating": _("Choose one of the faces, or Don't want to answer.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Write at most 2000 characters.")})
    if rating is None and not text:
        return None  # "Don't want to answer" and nothing written: nothing to keep
    feedback = EventFeedback(
        organisation_id=event.organisation_id, event=event, rating=rating, text=text
    )
    feedback.full_clean()
    feedback.save()
    # No name, no sign-up and no subject in the log: the feedback stays anonymous.
    record(action=Action.CREATE, organisation_id=event.organisation_id, obj=feedback)
    return feedback


@acts_for_anyone("The feedback link sent to someone who came (hashed at rest, throttled).")
@transaction.atomic
def feedback_by_token(
    *, token: str, rating: int | None, text: str, now: datetime | None = None
) -> bool:
    now = now or timezone.now()
    found = token_find(token, Purpose.FEEDBACK, now=now)
    if found is None:
        return False
    signup = found.signup
    _feedback_store(signup.event, rating, text)
    found.used_at = now
    found.save(update_fields=["used_at"])
    signup.feedback_given_at = now
    signup.save(update_fields=["feedback_given_at"])
    if signup.user_id is not None:
        Participation.objects.filter(user_id=signup.user_id, event_id=signup.event_id).update(
            feedback_given_at=now
        )
    return True


@acts("participation.feedback", on="participation")
@transaction.atomic
def feedback_by_participant(
    *,
    actor: Actor,
    participation: Participation,
    rating: int | None,
    text: str,
    now: datetime | None = None,
) -> None:
    now = now or timezone.now()
    locked = Participation.objects.select_for_update().get(pk=participation.pk)
    if locked.feedback_given_at is not None:
        raise ValidationError(_("You have already told us what you thought. Thank you!"))
    _feedback_store(locked.event, rating, text)
    locked.feedback_given_at = now
    locked.save(update_fields=["feedback_given_at"])
    SignUp.objects.filter(user_id=locked.user_id, event_id=locked.event_id).update(
        feedback_given_at=now
    )


# --- Scheduled work -------------------------------------------------------------------------
MAX_REMINDER_HOURS = 168


@acts_as_system("Housekeeping: one reminder per seat before the event.")
def send_reminders(now: datetime) -> int:
    """One reminder per seat, some hours before the event (the organisation's setting)."""
    sent = 0
    events = Event.objects.filter(
        published=True,
        cancelled_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=MAX_REMINDER_HOURS),
    ).select_related("organisation")
    for event in events:
        hours = settings_for(event.organisation).reminder_hours
        if event.starts_at > now + timedelta(hours=hours):
            continue
        for signup in event.signups.filter(status=Status.CONFIRMED, reminder_sent_at__isnull=True):
            with transaction.atomic():
                # Claimed with a conditional update: two runs at once still send one reminder.
                claimed = SignUp.objects.filter(pk=signup.pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if claimed:
                    _notify_with_cancel_link(signup, "reminder", now)
                    sent += 1
    return sent


@acts_as_system("Housekeeping: a feedback link to those who came.")
def request_feedback(now: datetime) -> int:
    """After the event, everyone marked as attended gets a link to say what they thought."""
    sent = 0
    signups = SignUp.objects.filter(
        event__ends_at__lte=now,
        event__cancelled_at__isnull=True,
        event__personal_data_deleted_at__isnull=True,
        attended=True,
        feedback_requested_at__isnull=True,
        feedback_given_at__isnull=True,
    ).select_related("event__organisation")
    for signup in signups:
        with transaction.atomic():
            claimed = SignUp.objects.filter(
                pk=signup.pk, feedback_requested_at__isnull=True
            ).update(feedback_requested_at=now)
            if not claimed:
                continue
            retention = settings_for(signup.event.organisation).retention_days
            token = _issue_token(
                signup,
                Purpose.FEEDBACK,
                expires_at=signup.event.ends_at + timedelta(days=retention),
                now=now,
            )
            _notify(signup, "feedback_request", _url("feedback", token))
            sent += 1
    return sent


@acts_as_system("Housekeeping: retention deletes sign-ups, keeping anonymous counts.")
def purge_personal_data(now: datetime) -> int:
    """Delete the sign-ups of events past the retention period, keeping anonymous counts."""
    purged = 0
    candidates = Event.objects.filter(
        personal_data_deleted_at__isnull=True, ends_at__lte=now - timedelta(days=1)
    ).select_related("organisation")
    for event in candidates:
        retention = settings_for(event.organisation).retention_days
        if event.ends_at + timedelta(days=retention) > now:
            continue
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if locked.personal_data_deleted_at is not None:
                continue
            counts = locked.signups.aggregate(
                total=Count("pk"),
                confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
                attended=Count("pk", filter=Q(attended=True)),
                cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
                waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
                no_guardian=Count("pk", filter=Q(status__in=[Status.DECLINED, Status.EXPIRED])),
            )
            locked.tally_confirmed = counts["confirmed"]
            locked.tally_attended = counts["attended"]
            locked.tally_cancelled = counts["cancelled"]
            locked.tally_waitlisted = counts["waitlisted"]
            locked.tally_no_guardian = counts["no_guardian"]
            locked.personal_data_deleted_at = now
            locked.save()
            locked.signups.all().delete()  # their tokens go with them
            record(
                action=Action.DELETE,
                organisation_id=locked.organisation_id,
                obj=locked,
                purpose="retention",
                detail=f"personal data of {counts['total']} sign-ups deleted after {retention} d",
            )
            purged += 1
    return purged


@dataclass(frozen=True)
class HousekeepingReport:
    unconfirmed_expired: int
    guardian_expired: int
    reminders_sent: int
    feedback_requested: int
    events_purged: int


@acts_as_system("The timer (manage.py run_event_housekeeping) runs everything time-driven.")
def housekeeping(now: datetime | None = None) -> HousekeepingReport:
    """Everything time-driven, idempotent: run it as often as you like (cron, systemd timer)."""
    now = now or timezone.now()
    return HousekeepingReport(
        unconfirmed_expired=expire_unconfirmed(now),
        guardian_expired=expire_guardian_approvals(now),
        reminders_sent=send_reminders(now),
        feedback_requested=request_feedback(now),
        events_purged=purge_personal_data(now),
    )


# --- The participant panel ------------------------------------------------------------------
def _clean_panel_choice(
    topics: Iterable[str], frequency: str, channel: str, contact: str
) -> tuple[list[str], str]:
    errors: dict[str, str] = {}
    topic_list = [t for t in dict.fromkeys(topics) if t]
    if not topic_list:
        errors["topics"] = _("Choose at least one thing you want to be asked about.")
    elif any(t not in PanelTopic.values for t in topic_list):
        errors["topics"] = _("Choose from the list.")
    if frequency not in PanelFrequency.values:
        errors["frequency"] = _("Choose how often.")
    if channel not in PanelChannel.values:
        errors["channel"] = _("Choose how we reach you.")
    contact = (contact or "").strip()
    if channel == PanelChannel.EMAIL:
        try:
            contact = _clean_email(contact)
        except ValidationError:
            errors["contact"] = _("Check the e-mail address.")
        if not contact and "contact" not in errors:
            errors["contact"] = _("Write your e-mail address.")
    elif channel == PanelChannel.SMS:
        try:
            contact = _clean_phone(contact)
        except ValidationError as e:
            errors["contact"] = e.messages[0]
        if not contact and "contact" not in errors:
            errors["contact"] = _("Write your mobile number.")
    else:
        contact = ""  # in the app only: store no contact details at all
    if errors:
        raise ValidationError(errors)
    return topic_list, contact


@acts("panel.join", on="organisation")
@transaction.atomic
def panel_join(
    *,
    actor: Actor,
    organisation: Organisation,
    topics: Iterable[str],
    frequency: str,
    channel: str,
    contact: str = "",
) -> PanelMembership:
    """Join the panel, or change how one is asked (the same membership, new choices)."""
    user = actor.user
    if user is None:  # the rule lets only young people's own sessions through
        raise ValidationError(_("Only a young person can join the panel."))
    topic_list, contact = _clean_panel_choice(topics, frequency, channel, contact)
    membership = (
        PanelMembership.objects.select_for_update()
        .filter(user=user, organisation=organisation, left_at__isnull=True)
        .first()
    )
    created = membership is None
    if membership is None:
        membership = PanelMembership(user=user, organisation=organisation)
    membership.topics = topic_list
    membership.frequency = frequency
    membership.channel = channel
    membership.contact = contact
    membership.full_clean()
    membership.save()
    record(
        action=Action.CREATE if created else Action.UPDATE,
        organisation_id=organisation.pk,
        obj=membership,
        subject_id=user.pk,
        detail="joined the panel" if created else "changed panel choices",
    )
    return membership


@acts("panel.leave", on="membership")
@transaction.atomic
def panel_leave(
    *, actor: Actor, membership: PanelMembership, now: datetime | None = None
) -> PanelMembership:
    """Leave with one click: no more questions, and the contact details are erased at once."""
    if membership.left_at is not None:
        return membership
    membership.left_at = now or timezone.now()
    membership.contact = ""
    membership.save(update_fields=["left_at", "contact"])
    PanelInvitation.objects.filter(membership=membership, answered_at__isnull=True).update(
        answer=PanelInvitation.Answer.NO, answered_at=membership.left_at
    )
    record(
        action=Action.UPDATE,
        organisation_id=membership.organisation_id,
        obj=membership,
        subject_id=membership.user_id,
        detail="left the panel",
    )
    return membership


def _birth_year_fits(event: Event, birth_year: int | None) -> bool:
    return birth_year is None or _age_fits(event, birth_year)


@acts("event.manage", on="event")
@transaction.atomic
def panel_invite_for_event(*, actor: Actor, event: Event, now: datetime | None = None) -> int:
    """Invite panel members who want to hear about workshops and fit the age range, as often as
    each of them said they want to be asked. Staff learn only how many were invited."""
    from .tasks import send_panel_invitation

    now = now or timezone.now()
    if not event.published or event.cancelled_at is not None or event.starts_at <= now:
        raise ValidationError(_("Only an upcoming event that is open for sign-up can be shared."))
    members = PanelMembership.objects.filter(
        organisation_id=event.organisation_id, left_at__isnull=True
    ).select_related("user")
    invited = 0
    url = absolute(reverse("events:public", kwargs={"slug": event.slug}))
    for membership in members:
        if PanelTopic.WORKSHOPS not in membership.topics:
            continue
        if not _birth_year_fits(event, membership.user.birth_year):
            continue
        if not membership.user.is_active:
            continue
        wait = timedelta(days=FREQUENCY_DAYS.get(PanelFrequency(membership.frequency), 28))
        if membership.invitations.filter(Q(event=event) | Q(sent_at__gt=now - wait)).exists():
            continue
        invitation = PanelInvitation.objects.create(
            membership=membership,
            organisation_id=event.organisation_id,
            event=event,
            topic=PanelTopic.WORKSHOPS,
            sent_at=now,
        )
        invitation_id = str(invitation.pk)
        transaction.on_commit(_enqueue(send_panel_invitation, invitation_id, url))
        invited += 1
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=event.organisation_id,
        obj=event,
        detail=f"invited {invited} panel members",
    )
    return invited


def _enqueue(task: Any, invitation_id: str, url: str) -> Callable[[], None]:
    def run() -> None:
        task.enqueue(invitation_id=invitation_id, url=url)

    return run


@acts("panel.answer", on="invitation")
@transaction.atomic
def panel_invitation_answer(
    *, actor: Actor, invitation: PanelInvitation, answer: str
) -> PanelInvitation:
    if answer not in PanelInvitation.Answer.values:
        raise ValidationError(_("Choose yes or no."))
    if invitation.answered_at is None:
        invitation.answer = answer
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
    return invitation
