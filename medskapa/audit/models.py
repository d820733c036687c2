"""The audit log: append-only, hash-chained per organisation.

Every read and write of identified personal data, every failed log-in and every refused
permission check leaves a row. Rows are never updated or deleted by the application: the model
refuses it, and on PostgreSQL a trigger refuses it too. Each row carries the hash of the row
before it in the same organisation's chain, so ``manage.py verify_audit`` finds any change.
Organisations and users are referenced by id, not by foreign key, so the log outlives them.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")


class AuditReviewQuerySet(models.QuerySet["AuditReview"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed log-in")
        DENIED = "denied", _("Refused")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(db_index=True)
    organisation_id = models.UUIDField(null=True, blank=True)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_kind = models.CharField(max_length=10, default="user")  # user | token | anonymous
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The young person (or other person) the data is about, for "who looked at this child?".
    subject_id = models.UUIDField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=200, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["organisation_id", "id"], name="audit_org_chain")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")


class AuditReview(models.Model):
    """A recorded follow-up of the access log: who reviewed which period, and what they found.

    Like the log itself, a recorded review is never changed or removed (model guard here, the
    same trigger on PostgreSQL); a correction is a new review.
    """

    class Kind(models.TextChoices):
        SAMPLE = "sample", _("Regular sample")
        SUSPICION = "suspicion", _("On suspicion")

    id = models.BigAutoField(primary_key=True)
    organisation_id = models.UUIDField(db_index=True)
    reviewer_id = models.UUIDField()
    reviewer_name = models.CharField(max_length=150)
    kind = models.CharField(_("kind of review"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    filters = models.CharField(max_length=500, blank=True)
    findings = models.TextField(_("findings"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start}..{self.period_end}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Recorded reviews are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Recorded reviews are append-only.")

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError(
                {"period_end": _("The end of the period must be on or after its start.")}
            )
