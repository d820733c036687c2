"""allauth hooks: Medskapa is invite-only, log-in starts our session policy, and failed log-ins
are limited per client, per client and account, and per account, never by the proxy's address.

Young people's usernames are easy to guess (``sara.helsingborg``). A lock keyed on the account
alone lets anybody who knows the name lock Sara out by typing wrong passwords. So allauth's
``login_failed`` key is the pair (client, account): that pair waits longer and longer (5 in
5 minutes, 10 an hour, 20 a day, see ``ACCOUNT_RATE_LIMITS``), while Sara on her own phone is
not affected. A distributed guess from many addresses is still stopped by a ceiling per account
(``login_failed_account``), high enough that one stranger cannot reach it alone.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest

from medskapa.web.clientip import client_ip, client_network

from .models import User

ACCOUNT_CEILING = "login_failed_account"


def _typed_login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _account_key(credentials: dict[str, Any]) -> str:
    """The account the attempt is against, however it was named (username or e-mail)."""
    login = _typed_login(credentials)
    user_id = (
        User.objects.filter(Q(email__iexact=login) | Q(username__iexact=login))
        .values_list("pk", flat=True)
        .first()
        if login
        else None
    )
    return f"user:{user_id}" if user_id is not None else f"login:{login}"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invites only: staff by e-mail, young people by a code.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Through the trusted proxy (``medskapa.web.clientip``), for every allauth limit."""
        address = client_ip(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's "key" for login_failed: the pair (client, account), not the account alone.
        # allauth also clears it on a password reset, which then frees that pair only.
        return f"{client_network(request)}|{_account_key(credentials)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # First the client's and the pair's limits (allauth), then the account's ceiling: a
        # client already refused for its own attempts does not use up the account's budget.
        super().pre_authenticate(request, **credentials)
        self._account_usage = ratelimit.consume(
            request, app="allauth.account", action=ACCOUNT_CEILING, key=_account_key(credentials)
        )
        if not self._account_usage:
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        usage = getattr(self, "_account_usage", None)
        if user is not None and usage:
            # Like allauth does for its own limits: a success gives its attempt back, so the
            # ceiling counts failures only.
            usage.rollback()
        return user
