"""Check-ins: a young person's ratings of life areas, follow-ups and own words, over time.

Scores are also stored one row per area (``AreaScore``) with the unit path, age band and time
copied in, so trajectories and the organisation's dashboards read an indexed table instead of
unpacking JSON.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit
from medskapa.web.crypto import EncryptedTextField

from . import graph as graph_engine


class QuestionGraph(models.Model):
    """An organisation's check-in questions; each saved change is a new ``GraphVersion``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="question_graph"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Questions of {self.organisation}"

    def current_version(self) -> GraphVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class GraphVersion(models.Model):
    """An immutable snapshot of the questions; a check-in records the version it answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    graph = models.ForeignKey(QuestionGraph, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["graph", "number"], name="graph_version_unique")
        ]

    def __str__(self) -> str:
        return f"version {self.number}"

    def load(self) -> graph_engine.Graph:
        """The parsed graph. A version never changes, so each process parses it once."""
        cached = _PARSED.get(self.pk)
        if cached is None:
            cached = graph_engine.load(self.definition)
            if len(_PARSED) > 256:
                _PARSED.clear()
            _PARSED[self.pk] = cached
        return cached


# Parsed graphs of immutable versions, by version id: derived data, not state, so any process
# may hold its own copy (the database stays the only source of truth).
_PARSED: dict[uuid.UUID, graph_engine.Graph] = {}


class CheckIn(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    # No index of its own: the (young person, key) constraint and "checkin_person" start with
    # it, and every index costs each of the many inserts.
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    graph_version = models.ForeignKey(GraphVersion, on_delete=models.PROTECT)
    # Sent by the client (form field or API); a resend with the same key finds this row.
    idempotency_key = models.UUIDField()
    language = models.CharField(max_length=10, default="sv")
    answers = models.JSONField()
    has_alarm = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(db_index=True)
    # Set when area scores, flags and the audit row have been derived (``processing``); until
    # then the row is its own outbox entry.
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "idempotency_key"], name="checkin_idempotent"
            )
        ]
        indexes = [
            models.Index(fields=["young_person", "-submitted_at"], name="checkin_person"),
            # Only the few rows still waiting: stays tiny however many check-ins there are.
            models.Index(
                fields=["organisation", "submitted_at"],
                name="checkin_pending",
                condition=models.Q(processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.submitted_at:%Y-%m-%d}"


class AreaScore(models.Model):
    """One area's score in one check-in or campaign answer (None = "Vill inte svara")."""

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    campaign_response = models.ForeignKey(
        "CampaignResponse", on_delete=models.CASCADE, null=True, blank=True, related_name="scores"
    )
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    unit_path = models.CharField(max_length=1000, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["young_person", "area", "submitted_at"], name="score_person"),
            models.Index(fields=["organisation", "area", "submitted_at"], name="score_org"),
            # The reports' rollup refresh rebuilds a few months of one organisation.
            models.Index(fields=["organisation", "submitted_at"], name="score_org_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="score_in_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}={self.score}"


class CheckInDraft(models.Model):
    """The answers so far, saved at every step: a phone that dies loses nothing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    graph_version = models.ForeignKey(GraphVersion, on_delete=models.CASCADE)
    idempotency_key = models.UUIDField(default=uuid.uuid4)
    answers = models.JSONField(default=graph_engine.empty_answers)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "young_person"], name="one_draft_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Draft {self.updated_at:%Y-%m-%d}"


class FlagRules(models.Model):
    """An organisation's rules for raising a flag on a check-in. Alarm answers always flag."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="flag_rules"
    )
    low_enabled = models.BooleanField(_("flag a low score"), default=True)
    low_at_most = models.PositiveSmallIntegerField(
        _("a score at or below"), default=2, help_text=_("1–4. The default is 2.")
    )
    drop_enabled = models.BooleanField(_("flag a drop from the person's usual level"), default=True)
    drop_steps = models.PositiveSmallIntegerField(
        _("a drop of at least (steps)"), default=2, help_text=_("1–4. The default is 2.")
    )
    drop_window = models.PositiveSmallIntegerField(
        _("usual level = median of the last (check-ins)"), default=5
    )
    email_workers = models.BooleanField(_("also send an e-mail to the worker"), default=True)

    def __str__(self) -> str:
        return f"Flag rules of {self.organisation}"


class Flag(models.Model):
    class Kind(models.TextChoices):
        ALARM = "alarm", _("Alarm answer")
        LOW = "low", _("Low score")
        DROP = "drop", _("Drop from usual level")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="flags")
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    area = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_note = models.TextField(blank=True)

    class Meta:
        ordering = ["handled_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.area}"


class ContactRequest(models.Model):
    class Urgency(models.TextChoices):
        TODAY = "today", _("Today")
        SOON = "soon", _("In a few days")
        NO_HURRY = "no_hurry", _("No hurry")

    class Channel(models.TextChoices):
        CALL = "call", _("Call me")
        TEXT = "text", _("Send me a text message")
        MEET = "meet", _("Meet me")
        APP = "app", _("Write to me here")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests"
    )
    urgency = models.CharField(_("how soon"), max_length=10, choices=Urgency.choices)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    # Contact details are encrypted at rest (FIELD_ENCRYPTION_KEYS); the form limits length.
    reach_at = EncryptedTextField(_("phone number (if we should call or text)"), blank=True)
    message = models.TextField(
        _("anything you want to say first (you can skip this)"), blank=True, max_length=1000
    )
    idempotency_key = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "idempotency_key"], name="contact_request_idempotent"
            )
        ]

    def __str__(self) -> str:
        return f"Contact request {self.created_at:%Y-%m-%d}"


class ReminderPlan(models.Model):
    """How often the young person wants to be reminded; they decide, the worker suggests."""

    class Channel(models.TextChoices):
        APP = "app", _("Only here in Medskapa")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message (SMS)")

    EVERY_CHOICES: list[tuple[int, Any]] = [
        (0, _("Never (reminders off)")),
        (7, _("Every week")),
        (14, _("Every other week")),
        (30, _("Every month")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    every_days = models.PositiveSmallIntegerField(_("how often"), default=0, choices=EVERY_CHOICES)
    suggested_every_days = models.PositiveSmallIntegerField(
        default=0, choices=EVERY_CHOICES, help_text=_("Suggested by the worker.")
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, default="app")
    # Contact details are encrypted at rest; ReminderForm validates them.
    email = EncryptedTextField(_("e-mail"), blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "young_person"], name="one_reminder_plan"
            )
        ]

    def __str__(self) -> str:
        return f"Reminders every {self.every_days} days"


class ShareLink(models.Model):
    """A young person's summary shared with another adult, through a link they can revoke."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_shares"
    )
    shared_with = models.CharField(_("who is it for?"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Shared with {self.shared_with}"


class Campaign(models.Model):
    """An anonymous check-in for a whole class or group: a link, no log-in."""

    class AnswerMode(models.TextChoices):
        # The adult hands out a printed one-time code per pupil: nobody answers twice and
        # nobody outside the class answers at all.
        CODES = "codes", _("One-time codes that I hand out")
        # Anyone with the link, once per phone or computer (throttled).
        LINK = "link", _("Open link, once per phone or computer")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("what young people read first"), blank=True, max_length=2000)
    slug = models.CharField(max_length=20, unique=True)
    areas = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    graph_version = models.ForeignKey(GraphVersion, on_delete=models.PROTECT)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answer_mode = models.CharField(
        _("who can answer"), max_length=10, choices=AnswerMode.choices, default=AnswerMode.LINK
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The results staff and receipt holders see: raw counts per area and step, renewed only
    # when at least five answers came in since (selectors.RESULTS_STEP), so no two views in a
    # row differ by one answer. ``results_responses`` is how many answers they hold.
    results = models.JSONField(default=dict)
    results_responses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title


class CampaignResponse(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    # A hash of the device cookie: one answer per device, without knowing the device.
    device_hash = models.CharField(max_length=64)
    receipt_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=10, default="sv")
    answers = models.JSONField()
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "device_hash"], name="one_per_device")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.campaign_id}"


class CampaignCode(models.Model):
    """A one-time answer code printed for a class. Only its hash is kept, and whether it was
    used: no answer points at its code and no time of use is kept, so nothing staff can see
    links a code (and the pupil who got it) to an answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Answer code for {self.campaign_id}"


# --- Instruments (questionnaires an organisation has the rights to) ---------------------------
# Appended by the instruments work (instruments.py, instrument_views.py). The definition format
# and the scoring live in medskapa.engines.instruments; these rows keep what was loaded, who
# confirmed the rights, who was asked, and what they answered with which version.
class InstrumentVersion(models.Model):
    """One loaded definition of an instrument. Editing a definition loads a new row; answers
    point at the row they answered, so a score can always be recomputed from its definition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="instrument_versions"
    )
    key = models.CharField(max_length=64)  # the definition's "id", e.g. "who-5"
    number = models.PositiveIntegerField()  # 1, 2, … per organisation and key
    name = models.CharField(max_length=200)
    definition = models.JSONField()
    is_active = models.BooleanField(default=False)
    rights_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rights_confirmed_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "number"], name="instrument_version_unique"
            ),
            models.UniqueConstraint(
                fields=["organisation", "key"],
                condition=models.Q(is_active=True),
                name="one_active_instrument_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class InstrumentAssignment(models.Model):
    """A worker asks a young person on their caseload to answer an instrument once. The
    answers so far are kept here, item by item, until the young person sends them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_assignments"
    )
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    answers = models.JSONField(default=dict)
    idempotency_key = models.UUIDField(default=uuid.uuid4)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at"]

    def __str__(self) -> str:
        return f"Instrument for {self.young_person_id}"


class InstrumentResponse(models.Model):
    """A young person's sent answers and the score the engine computed from the definition
    version they answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    assignment = models.OneToOneField(
        InstrumentAssignment, on_delete=models.CASCADE, related_name="response"
    )
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT)
    idempotency_key = models.UUIDField()
    language = models.CharField(max_length=10, default="sv")
    answers = models.JSONField()
    valid = models.BooleanField()
    raw = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=64, blank=True)
    subscales = models.JSONField(default=dict)
    score = models.JSONField(default=dict)  # the engine's Score.to_dict(), kept whole
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "idempotency_key"], name="instrument_response_idempotent"
            )
        ]

    def __str__(self) -> str:
        return f"Instrument answer {self.submitted_at:%Y-%m-%d}"
