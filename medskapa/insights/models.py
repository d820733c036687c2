"""Insights: sources, fragments (quotes), a codebook, theme runs and curated patterns.

Every text is stored masked (see ``masking``): names, phone numbers, e-mail addresses and
personal identity numbers are replaced by a bracketed kind (``[namn]``) before anything is
saved. What was masked is kept in ``MaskedSpan``, readable only through ``fragment.unmask``
(a stated reason, audit-logged). A source carries its participant group (age band and role),
never a name. A fragment is a slice of its source's masked text (``start``/``end``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit
from medskapa.web.crypto import EncryptedTextField


class Method(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")
    WORKSHOP = "workshop", _("Workshop")
    SURVEY = "survey", _("Survey")
    CAMPAIGN = "campaign", _("Campaign answers")
    MEETING = "meeting", _("Meeting answers")
    CHECKIN = "checkin", _("Check-in free text")
    EVENT_FEEDBACK = "event_feedback", _("Event feedback")


class AgeBand(models.TextChoices):
    AGE_8_12 = "8-12", _("8–12 years")
    AGE_13_15 = "13-15", _("13–15 years")
    AGE_16_17 = "16-17", _("16–17 years")
    AGE_18_20 = "18-20", _("18–20 years")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown age")


class ParticipantRole(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    GUARDIAN = "guardian", _("Guardian")
    STAFF = "staff", _("Staff")


class MaskKind(models.TextChoices):
    NAME = "name", _("name")
    PHONE = "phone", _("phone number")
    EMAIL = "email", _("e-mail")
    PERSONNUMMER = "personnummer", _("personal identity number")
    ADDRESS = "address", _("address")
    USERNAME = "username", _("username")


class Source(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="insight_sources"
    )
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    date = models.DateField(default=timezone.localdate)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    participant_role = models.CharField(
        max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.YOUNG_PERSON
    )
    # How many people the source speaks for (a workshop: the participants); small-group counts.
    participants = models.PositiveIntegerField(default=1)
    consent_reference = models.CharField(max_length=200, blank=True)
    retention_until = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)  # masked
    # A hand-off from another app (conversations.sharedanswer, events.eventfeedback).
    contribution_kind = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    """A code of the codebook; codes nest (``parent``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="insight_tags"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    # One letter or digit: pressing it on a focused fragment card toggles the tag.
    shortcut = models.CharField(max_length=1, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="insights_tag_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        names = [self.name]
        parent = self.parent
        depth = 0
        while parent is not None and depth < 10:
            names.append(parent.name)
            parent = parent.parent
            depth += 1
        return " › ".join(reversed(names))


class Pattern(models.Model):
    """A curated theme (mönster)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="insight_patterns"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Fragment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="insight_fragments"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fragments")
    text = models.TextField()  # masked; equals source.text[start:end]
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    speaker_role = models.CharField(
        max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.YOUNG_PERSON
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="fragments")
    pattern = models.ForeignKey(
        Pattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="fragments"
    )
    # A pseudonymous contribution from another app: kind, its id and the contributor's
    # pseudonym, so feedback can later reach the person (never a name or a case).
    contribution_kind = models.CharField(max_length=40, blank=True)
    contribution_id = models.CharField(max_length=64, blank=True, db_index=True)
    pseudonym = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class MaskedSpan(models.Model):
    """What masking replaced: offsets into the source's masked text, and the original."""

    id = models.BigAutoField(primary_key=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="masked_spans")
    fragment = models.ForeignKey(
        Fragment, on_delete=models.CASCADE, null=True, blank=True, related_name="masked_spans"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=MaskKind.choices)
    # The unmasked name or number: encrypted at rest, read only through fragment_unmask.
    original = EncryptedTextField()

    class Meta:
        ordering = ["source", "start"]

    def __str__(self) -> str:
        return f"{self.kind}@{self.start}"


class ThemeRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="insight_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=100, blank=True)
    seed = models.IntegerField(default=0)
    fragment_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    state = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class SuggestedTheme(models.Model):
    """A column on the affinity board: a theme the engine suggested (or a pattern that was
    passed in as curated), or the column of fragments that fit no theme."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(ThemeRun, on_delete=models.CASCADE, related_name="themes")
    engine_id = models.CharField(max_length=64, blank=True)
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    cohesion = models.FloatField(default=0.0)
    quote_ids = models.JSONField(default=list, blank=True)  # representative fragments, best first
    fragments = models.ManyToManyField(Fragment, blank=True, related_name="themes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    is_outliers = models.BooleanField(default=False)
    pattern = models.ForeignKey(
        Pattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["is_outliers", "position"]

    def __str__(self) -> str:
        return self.label
