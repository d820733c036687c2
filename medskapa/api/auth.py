"""Who is calling the API: a bearer API token, or the browser session of a logged-in user.

Both end in an ``Actor`` set on ``request.actor``, so endpoints, rules and the audit log never
care which it was. A token acts with exactly one organisation-wide grant. A request that
presents a bearer token is judged by that token alone: a bad token is a 401 even when a
session cookie is also present. Failed token attempts are counted per client address; once
there are too many, further failures get 429 (and no more audit rows) for a while, while valid
tokens from the same address keep working (many integrations may share one proxy address).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer, SessionAuth

from medskapa.access.actor import Actor, Grant
from medskapa.access.views import actor_of
from medskapa.web.clientip import client_network

from .models import ApiToken
from .services import api_token_authenticate

FAILURE_LIMIT = 20
FAILURE_WINDOW_SECONDS = 60
INVALID_TOKEN_MESSAGE = "Invalid, revoked or expired API token."  # noqa: S105  (a message)


def actor_for_token(token: ApiToken) -> Actor:
    return Actor(
        token_id=token.pk,
        grants=(Grant(token.organisation_id, None, token.role),),
        has_mfa=True,
        label=f"token:{token.prefix}",
        extra={"token": token},
    )


def _failure_key(request: HttpRequest) -> str:
    return f"medskapa:api-auth-failures:{client_network(request)}"


def _count_failure(request: HttpRequest) -> None:
    key = _failure_key(request)
    if cache.add(key, 1, FAILURE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FAILURE_WINDOW_SECONDS)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer msk_<prefix>_<secret>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        throttled = cache.get(_failure_key(request), 0) >= FAILURE_LIMIT
        api_token = api_token_authenticate(raw=token, request=request, audit_failure=not throttled)
        if api_token is None:
            if throttled:
                raise Throttled(wait=FAILURE_WINDOW_SECONDS)
            _count_failure(request)
            # Raising (not returning None) stops ninja from falling back to the session.
            raise AuthenticationError(message=INVALID_TOKEN_MESSAGE)
        actor = actor_for_token(api_token)
        request.actor = actor  # type: ignore[attr-defined]
        return actor


class SessionActorAuth(SessionAuth):
    """The Django session, with ninja's CSRF check on unsafe methods."""

    def _get_key(self, request: HttpRequest) -> str | None:
        """No session, nothing to forge: an anonymous caller gets the API's 401, not a 403 about
        CSRF. A logged-in session still needs its CSRF token for unsafe methods."""
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        actor = actor_of(request)
        return actor if actor.is_authenticated else None


def caller(request: HttpRequest) -> Actor:
    """The actor an authenticated operation runs as."""
    actor: Any = getattr(request, "auth", None)
    if isinstance(actor, Actor):
        return actor
    return actor_of(request)
