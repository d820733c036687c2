"""Every write to API tokens: create (the secret is returned once), revoke, and use.

Issuing and revoking ask the permission layer themselves (``apitoken.issue`` on the
organisation, ``apitoken.manage`` on the token), so no caller can skip the check; each service
writes its own audit entry so the web page, commands and tests leave the same trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_for_anyone
from medskapa.access.actor import ANONYMOUS, Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import STAFF_ROLES

from .models import LAST_USED_RESOLUTION, ApiToken, hash_token_secret, parse_token


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # "msk_<prefix>_<secret>": shown once, never stored


def _unused_prefix() -> str:
    for _attempt in range(10):
        prefix = ApiToken.new_prefix()
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix
    raise RuntimeError("Could not find a free API token prefix.")  # 2**32 prefixes: not in practice


@acts("apitoken.issue", on="organisation")
@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    role: str,
    expires_at: datetime | None = None,
) -> IssuedToken:
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _("Choose a staff role.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Choose a time in the future.")})
    secret = ApiToken.new_secret()
    token = ApiToken(
        organisation=organisation,
        name=name.strip(),
        role=role,
        prefix=_unused_prefix(),
        secret_hash=hash_token_secret(secret),
        created_by=actor.user,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=token,
        detail=f"api token {token.prefix} as {role}",
    )
    return IssuedToken(token, ApiToken.compose(token.prefix, secret))


@acts("apitoken.manage", on="token")
@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke at once; revoking a revoked token changes nothing and logs nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=locked.organisation_id,
        obj=locked,
        detail=f"api token {locked.prefix} revoked",
    )
    return locked


@acts_for_anyone(
    "Logging in with a token: its secret is the guard; failures are audited and throttled."
)
def api_token_authenticate(
    *, raw: str, request: HttpRequest | None = None, audit_failure: bool = True
) -> ApiToken | None:
    """The usable token for a presented string, or None (and a failed log-in in the audit log,
    unless ``audit_failure`` is off because the caller is already throttled).

    The answer is the same for a malformed, unknown, wrong, revoked or expired token.
    ``last_used_at`` is written at most once a minute per token.
    """
    parsed = parse_token(raw)
    token = None
    if parsed is not None:
        token = ApiToken.objects.select_related("organisation").filter(prefix=parsed.prefix).first()
    now = timezone.now()
    failure = ""
    if token is None or parsed is None:
        failure = "unknown api token"
    elif not token.matches(parsed.secret):
        failure = f"api token {token.prefix} with a wrong secret"
    elif not token.is_usable(now):
        failure = f"api token {token.prefix} {token.status}"
    if failure or token is None:
        if audit_failure:
            _record_failure(request, token, failure)
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _record_failure(request: HttpRequest | None, token: ApiToken | None, detail: str) -> None:
    record(
        action=Action.LOGIN_FAILED,
        actor=ANONYMOUS,
        request=request,
        organisation_id=token.organisation_id if token is not None else None,
        object_type="api.apitoken",
        object_id=str(token.pk) if token is not None else "",
        detail=detail,
    )
