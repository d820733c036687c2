"""API tokens: how an integration acts for one organisation with one organisation-wide role.

A token reads ``msk_<prefix>_<secret>``. The prefix is stored in clear so admins can tell
tokens apart and so a presented token is found with one indexed lookup; the secret is stored
only as its SHA-256 hash and shown once, when the token is made. The secret carries 256 bits of
randomness, so a plain (unsalted, fast) hash is enough: there is nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import STAFF_ROLES, Role

TOKEN_SCHEME = "msk"  # noqa: S105  (the public marker, not a secret)
PREFIX_LENGTH = 8
# How often at most ``last_used_at`` is written: a busy integration must not write every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)

_TOKEN_RE = re.compile(
    rf"^{TOKEN_SCHEME}_(?P<prefix>[0-9a-f]{{{PREFIX_LENGTH}}})_(?P<secret>[A-Za-z0-9_-]{{20,100}})$"
)

STAFF_ROLE_VALUES = sorted(str(role) for role in STAFF_ROLES)


def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class ParsedToken:
    prefix: str
    secret: str


def parse_token(raw: str) -> ParsedToken | None:
    """Split a presented token into prefix and secret; None when it is not shaped like one."""
    match = _TOKEN_RE.match(raw.strip())
    if match is None:
        return None
    return ParsedToken(match["prefix"], match["secret"])


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # Always organisation-wide: a token acts with exactly this one staff role.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="api_tokens_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=STAFF_ROLE_VALUES), name="apitoken_staff_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @staticmethod
    def new_prefix() -> str:
        return secrets.token_hex(PREFIX_LENGTH // 2)

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def compose(prefix: str, secret: str) -> str:
        return f"{TOKEN_SCHEME}_{prefix}_{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_token_secret(secret))

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"
