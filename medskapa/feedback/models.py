"""Feedback to young people: "ni sa – vi gjorde" and "vi kan inte, därför att …".

A message is about one link target (``about_kind``, ``about_id``; see ``medskapa.web.links``),
or about a single contribution behind it (``contribution_key``). Publishing derives who is told
(``medskapa.web.registries.contributions.walk``) and stores one ``FeedbackDelivery`` per young
person plus one per public channel (an anonymous campaign's receipt page), and one
``FeedbackReach`` per contribution reached, so coverage can be computed later without walking
again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation


class FeedbackMessage(models.Model):
    class Kind(models.TextChoices):
        WE_DID = "we_did", _("You said – we did")
        WE_CANNOT = "we_cannot", _("We cannot, because …")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="feedback_messages"
    )
    about_kind = models.CharField(max_length=60)
    about_id = models.UUIDField()
    # "" = the whole target; otherwise one contribution behind it (e.g. one goal-image idea).
    contribution_key = models.CharField(max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WE_DID)
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("message to the young people"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    publish_requested_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "about_kind", "about_id"], name="feedback_about")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.published_at is not None:
            return "published"
        if self.publish_requested_at is not None:
            return "publishing"
        return "draft"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_live(self) -> bool:
        return self.status == "published"


class FeedbackDelivery(models.Model):
    """One young person (``recipient``) or one public channel told about one message."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(
        FeedbackMessage, on_delete=models.CASCADE, related_name="deliveries"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_deliveries",
    )
    channel_kind = models.CharField(max_length=60, blank=True)
    channel_id = models.UUIDField(null=True, blank=True)
    delivered_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=10, blank=True)  # "", "email" or "sms"

    class Meta:
        ordering = ["-delivered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="feedback_delivery_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["message", "channel_kind", "channel_id"],
                condition=models.Q(channel_id__isnull=False),
                name="feedback_delivery_once_per_channel",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False, channel_id__isnull=True)
                | models.Q(recipient__isnull=True, channel_id__isnull=False),
                name="feedback_delivery_person_or_channel",
            ),
        ]
        indexes = [
            models.Index(fields=["channel_kind", "channel_id"], name="feedback_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}"


class FeedbackReach(models.Model):
    """A contribution a published message reached (no person: key, day, unit, label)."""

    id = models.BigAutoField(primary_key=True)
    message = models.ForeignKey(FeedbackMessage, on_delete=models.CASCADE, related_name="reach")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contribution_key = models.CharField(max_length=120)
    contributed_at = models.DateTimeField()
    unit_path = models.CharField(max_length=1000, blank=True)
    label = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "contribution_key"], name="feedback_reach_once"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "contribution_key"], name="feedback_reach_key")
        ]

    def __str__(self) -> str:
        return self.contribution_key
