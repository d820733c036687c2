"""allauth hooks: Medskapa is invite-only, and log-in starts our session policy."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invites only: staff by e-mail, young people by a code.
        return False
