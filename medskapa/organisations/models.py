"""Tenants and who belongs where.

An ``Organisation`` is a tenant: nothing crosses organisations unless it is published on purpose.
Units form a tree inside it; a membership at a unit covers that unit and every unit below it,
which ``Unit.path`` (the chain of ancestor ids) makes one indexed prefix query.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role

PATH_SEPARATOR = "/"


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("phone number for young people"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    # "/<root id>/<child id>/.../<own id>/": descendants share this prefix.
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_unique_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else PATH_SEPARATOR
        return f"{prefix}{self.id}{PATH_SEPARATOR}"

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 2

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True, user__is_active=True)


class Membership(models.Model):
    """A role a user holds in an organisation, optionally limited to a unit and what is below."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "unit", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.organisation}"


class Caseload(models.Model):
    """Which worker may see which young person's identified data, in one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_entries"
    )
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_workers"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "young_person"],
                condition=models.Q(ended_at__isnull=True),
                name="caseload_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.young_person}"


class Guardianship(models.Model):
    """A guardian (vårdnadshavare) of a young person, as recorded by the organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_of"
    )
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardians"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "young_person"],
                condition=models.Q(ended_at__isnull=True),
                name="guardianship_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.young_person}"


class Consent(models.Model):
    """A consent given or withdrawn, with the exact text version it was given to.

    Where the legal basis is consent and the young person is under the configured age, the
    consent must come from a guardian (``given_by`` is then the guardian).
    """

    class Purpose(models.TextChoices):
        SHARE_FOR_DEVELOPMENT = "share_for_development", _("Share my words to improve the service")
        EVENT_PARTICIPATION = "event_participation", _("Take part in an event")
        CONTACT = "contact", _("Be contacted")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents_given"
    )
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    text_version = models.CharField(max_length=40)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_withdrawn",
    )

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.text_version})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def given_by_guardian(self) -> bool:
        return self.given_by_id != self.subject_id


def _new_code() -> str:
    # Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), easy to type.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.strip().upper().encode()).hexdigest()


class Invite(models.Model):
    """An invitation to join an organisation with a role.

    Staff receive theirs by e-mail; a young person receives a short code (and a link or QR) from
    their worker, with no e-mail needed. Only a hash of the secret is stored.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        YOUNG_PERSON = "young_person", _("Young person")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invites")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    role = models.CharField(max_length=20, choices=Role.choices)
    email = models.EmailField(blank=True)
    display_name = models.CharField(max_length=150, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invites_created"
    )
    # A new log-in code for an existing young person who forgot their password (no e-mail).
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="password_codes",
    )
    # For a young person's invite: the worker whose caseload they join.
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="young_person_invites",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_role_display()}"

    @staticmethod
    def new_secret(kind: str) -> str:
        return _new_code() if kind == Invite.Kind.YOUNG_PERSON else secrets.token_urlsafe(24)

    @staticmethod
    def default_expiry() -> datetime:
        return timezone.now() + timedelta(days=cast(int, settings.MEDSKAPA["INVITE_VALID_DAYS"]))

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class OrganisationPage(models.Model):
    """Text an organisation publishes: its accessibility statement and privacy notice."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=10, default="sv")
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="orgpage_unique_kind_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
