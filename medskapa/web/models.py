"""Reports of accessibility problems: the feedback route a Swedish accessibility statement needs."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityReport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True
    )
    page = models.CharField(_("Which page?"), max_length=300, blank=True)
    description = models.TextField(_("What did not work?"), max_length=5000)
    contact = models.CharField(_("How can we reach you? (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.description[:60]


class Notification(models.Model):
    """A note in someone's in-app list that something needs them; never personal details.

    Domain apps create them through ``web.services.notify``; the text says what kind of thing
    happened, and the link leads to a page that checks access again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=200)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
