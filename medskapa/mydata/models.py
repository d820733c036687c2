"""A young person's question about one read of their data ("why did this person look?").

The question names the audit event by its id, not by a foreign key: the audit log is
append-only and outlives people and organisations, and a question must never hold the log
back. The organisation's log reviewers answer it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation

TEXT_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 2000


class ReadQuestion(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Sent, not answered yet")
        HANDLED = "handled", _("Answered")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="read_questions"
    )
    audit_event_id = models.BigIntegerField(db_index=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_questions"
    )
    text = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["asked_by", "audit_event_id"], name="mydata_one_question_per_read"
            )
        ]

    def __str__(self) -> str:
        return f"question about audit event {self.audit_event_id}"
