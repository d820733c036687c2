"""allauth's log-in form with a label that says what to type."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # allauth calls the field "Login" ("Logga in" in Swedish, like the button).
        self.fields["login"].label = _("Username or e-mail")
