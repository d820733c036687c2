"""Events and workshops with public sign-up, and the participant panel.

A sign-up holds personal data only for as long as the notice on the sign-up page says: it is
deleted a configurable number of days after the event (``services.housekeeping``), and the event
keeps only anonymous counts (the ``tally_*`` fields). Links in messages carry random tokens that
are stored only as SHA-256 hashes, one purpose each (``SignUpToken.Purpose``).

After-event feedback (``EventFeedback``) is anonymous from the start: a rating, free text and the
event, no name and no link to the sign-up, so it can later feed insights as a source.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit
from medskapa.web.crypto import EncryptedTextField

NOTICE_VERSION = "2026-1"

# A public sign-up holds nothing until the person opens the link sent to the address they gave,
# within this time; until then it is deleted by housekeeping, and no other message goes there.
CONFIRM_MINUTES = 30
# Messages to an address nobody has confirmed (the first link and resends; guardians' requests),
# per address and 24 hours: a stranger cannot use the sign-up form to flood someone's inbox.
UNCONFIRMED_MESSAGES_PER_DAY = 3


def hash_token(token: str) -> str:
    """Tokens are case-sensitive URL-safe strings: hashed as they are (no upper-casing)."""
    return hashlib.sha256(token.strip().encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class EventSettings(models.Model):
    """Per-organisation choices for events; an organisation without a row gets the defaults."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="event_settings"
    )
    guardian_consent_age = models.PositiveSmallIntegerField(
        _("a guardian must approve for participants up to this age"),
        default=13,
        validators=[MinValueValidator(0), MaxValueValidator(18)],
        help_text=_(
            "Only the year of birth is asked, so anyone who turns this age this year or later "
            "counts as under it."
        ),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days after the event before sign-ups are deleted"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    guardian_link_days = models.PositiveSmallIntegerField(
        _("days a guardian has to answer"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("hours before the event that the reminder is sent"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )

    def __str__(self) -> str:
        return f"{self.organisation}"


class EventQuerySet(models.QuerySet["Event"]):
    def open_for_signup(self, now: datetime | None = None) -> EventQuerySet:
        return self.filter(
            published=True, cancelled_at__isnull=True, starts_at__gt=now or timezone.now()
        )


class Event(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    # The organising unit; its staff (and those above it) manage the event. None: the whole org.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    slug = models.SlugField(max_length=80, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what happens"), max_length=3000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    accessibility = models.TextField(
        _("accessibility of the place"),
        max_length=1500,
        blank=True,
        help_text=_("Ramps, lifts, toilets, quiet room, hearing loop, how to get there."),
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    age_min = models.PositiveSmallIntegerField(
        _("youngest age"), default=8, validators=[MinValueValidator(5), MaxValueValidator(30)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age"), default=20, validators=[MinValueValidator(5), MaxValueValidator(30)]
    )
    languages = models.CharField(_("languages"), max_length=200, default="svenska")
    contact = models.CharField(
        _("who to contact about personal data"),
        max_length=200,
        help_text=_("A name and an e-mail address or phone number."),
    )
    published = models.BooleanField(_("open for sign-up"), default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the sign-ups' personal data was deleted; the counts below are all that remains.
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    tally_confirmed = models.PositiveIntegerField(default=0)
    tally_attended = models.PositiveIntegerField(default=0)
    tally_cancelled = models.PositiveIntegerField(default=0)
    tally_waitlisted = models.PositiveIntegerField(default=0)
    tally_no_guardian = models.PositiveIntegerField(default=0)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(age_max__gte=models.F("age_min")), name="event_age_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class SignUp(models.Model):
    """One person's place (or place in line) at an event. Personal data: see the module doc."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Has not opened the link yet")
        PENDING_GUARDIAN = "pending_guardian", _("Waiting for a guardian")
        CONFIRMED = "confirmed", _("Has a seat")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("A guardian said no")
        EXPIRED = "expired", _("No answer from a guardian in time")

    HOLDS_SEAT = (Status.PENDING_GUARDIAN, Status.CONFIRMED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    # Set when a logged-in young person signs up, so they find it on their own page.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_signups",
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    name = models.CharField(_("name or nickname"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("mobile number"), max_length=30, blank=True)
    needs = models.TextField(_("needs, allergies or accessibility"), max_length=1000, blank=True)
    # Encrypted at rest (``medskapa.web.crypto``): the guardian never gave them to us themself.
    guardian_email = EncryptedTextField(_("guardian's e-mail"), blank=True)
    guardian_phone = EncryptedTextField(_("guardian's mobile number"), blank=True)
    needs_guardian = models.BooleanField(default=False)
    # While UNCONFIRMED: the link in the message works until then; afterwards it is deleted.
    confirm_by = models.DateTimeField(null=True, blank=True)
    guardian_expires_at = models.DateTimeField(null=True, blank=True)
    guardian_decided_at = models.DateTimeField(null=True, blank=True)
    consent_storage = models.BooleanField(default=False)
    consent_photos = models.BooleanField(default=False)
    notice_version = models.CharField(max_length=20, default=NOTICE_VERSION)
    # From the form, so a double submit finds the first sign-up instead of making a second.
    submission_key = models.CharField(max_length=64)
    attended = models.BooleanField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_requested_at = models.DateTimeField(null=True, blank=True)
    feedback_given_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "submission_key"], name="signup_unique_submission"
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_status_display()}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.HOLDS_SEAT


class SignUpToken(models.Model):
    """A single-purpose secret in a link: cancel a sign-up, answer as guardian, give feedback."""

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("Confirm the contact")
        CANCEL = "cancel", _("Cancel")
        GUARDIAN = "guardian", _("Guardian's answer")
        FEEDBACK = "feedback", _("Feedback")

    id = models.BigAutoField(primary_key=True)
    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.purpose

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and (self.expires_at is None or self.expires_at > now)


class ContactMessage(models.Model):
    """One message sent to an address nobody has confirmed, so such messages can be capped.

    Only a keyed hash of the address is kept (``contact_hash``), never the address, and rows
    older than two days are deleted by housekeeping.
    """

    id = models.BigAutoField(primary_key=True)
    address_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M}"


def contact_hash(address: str) -> str:
    """A keyed hash of an e-mail address or phone number, written one way whatever the spelling.

    Keyed with the site's secret (Django's ``salted_hmac``), so the table cannot be matched
    against a list of addresses by someone who has the database but not the secret.
    """
    from django.utils.crypto import salted_hmac

    value = address.strip().lower()
    if "@" not in value:
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.startswith("+46") or (value.startswith("0046")):
            digits = "0" + digits[2:] if value.startswith("+") else "0" + digits[4:]
        value = digits
    return salted_hmac("medskapa.events.contact", value, algorithm="sha256").hexdigest()


class EventFeedback(models.Model):
    """What a participant thought of an event: anonymous (no name, no sign-up), a source for
    insights. ``rating`` is None when the person chose "Don't want to answer"."""

    class Rating(models.IntegerChoices):
        BAD = 1, _("Bad")
        NOT_GOOD = 2, _("Not so good")
        OK = 3, _("Okay")
        GOOD = 4, _("Good")
        GREAT = 5, _("Really good")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)
    # Only the day: an exact time could be matched against who attended.
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-created_on"]

    def __str__(self) -> str:
        return f"{self.event}: {self.rating}"


class Participation(models.Model):
    """A logged-in young person's own note that they took part in an event.

    Made when staff mark them as attended; it outlives the sign-up (which is deleted after the
    retention period) so their page "what you have taken part in" keeps it, as the sign-up page
    tells them. It holds no contact details.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_participations"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    feedback_given_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="participation_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event}"


# --- The participant panel -----------------------------------------------------------------
class PanelTopic(models.TextChoices):
    WORKSHOPS = "workshops", _("Meetings and workshops")
    QUESTIONS = "questions", _("Short questions in the app")
    IDEAS = "ideas", _("Testing new ideas")
    TALKS = "talks", _("Talking about how the support works")


class PanelFrequency(models.TextChoices):
    MONTHLY = "monthly", _("At most once a month")
    QUARTERLY = "quarterly", _("At most four times a year")
    TWICE_A_YEAR = "twice_a_year", _("At most twice a year")


FREQUENCY_DAYS = {
    PanelFrequency.MONTHLY: 28,
    PanelFrequency.QUARTERLY: 85,
    PanelFrequency.TWICE_A_YEAR: 175,
}


class PanelChannel(models.TextChoices):
    APP = "app", _("Only here in Medskapa")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")


class PanelMembership(models.Model):
    """A young person's yes to being asked again, by one organisation, on their own terms."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="panel_memberships"
    )
    topics = models.JSONField(default=list)
    frequency = models.CharField(max_length=20, choices=PanelFrequency.choices)
    channel = models.CharField(max_length=10, choices=PanelChannel.choices)
    # Only when the channel is e-mail or SMS; deleted when the person leaves.
    contact = models.CharField(max_length=254, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(left_at__isnull=True),
                name="panel_membership_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} panel"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    def topic_labels(self) -> list[str]:
        labels = dict(PanelTopic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class PanelInvitation(models.Model):
    """An invitation sent to a panel member (to an event). Staff see only counts."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No, thanks")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(
        PanelMembership, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    topic = models.CharField(max_length=20, choices=PanelTopic.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=5, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "event"], name="panel_invitation_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.sent_at:%Y-%m-%d}"
