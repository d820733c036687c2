"""Password rules beyond Django's own, following OWASP ASVS 5 (V6.2).

ASVS asks for at least 8 characters, allows at least 64, checks against common passwords and
forbids composition rules and forced expiry. Django covers the minimum and the common list; this
adds a generous upper bound so a pasted passphrase is never cut, while a megabyte is refused
before it reaches the (deliberately slow) Argon2 hasher.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PASSWORD_LENGTH = 256


class MaximumLengthValidator:
    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. It can be at most %(max)d characters.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Your password can be up to %(max)d characters long.") % {"max": self.max_length}
