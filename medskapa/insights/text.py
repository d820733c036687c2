"""Text that insights stores: refused at the boundary when it cannot be stored or read.

PostgreSQL cannot store a NUL byte and no encoding can store a lone surrogate (half of a
UTF-16 pair, which JSON's ``\\ud800`` escapes can carry), so both would otherwise surface
as a server error on save. Other control characters are invisible in what people read.
Every service that stores text passes it through here, whatever the caller (form, API,
importer); a value that is not a string is refused rather than stored as its ``repr``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and tabs belong in longer texts; every other control character is refused.
_BODY_ALLOWED = {"\n", "\r", "\t"}


def unstorable(value: str, *, multiline: bool) -> bool:
    """Whether ``value`` holds a NUL, another control character or a lone surrogate."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return True
        if category == "Cc" and not (multiline and char in _BODY_ALLOWED):
            return True
    return False


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message}) if field else ValidationError(message)


def clean_line(
    value: Any, *, field: str, label: str, max_length: int, required: bool = True
) -> str:
    """A one-line text (a title, a name): whitespace collapsed, refused when too long (never
    cut silently), when empty and required, or when it holds characters that cannot be
    stored."""
    if not isinstance(value, str):
        raise _refuse(field, _("%(label)s must be text.") % {"label": label})
    if unstorable(value, multiline=True):  # tabs and newlines collapse below
        raise _refuse(
            field,
            _("%(label)s contains invisible control characters. Remove them and try again.")
            % {"label": label},
        )
    value = " ".join(value.split())
    if required and not value:
        raise _refuse(field, _("Write %(label)s.") % {"label": label.lower()})
    if len(value) > max_length:
        raise _refuse(
            field,
            _("%(label)s can be at most %(max)d characters long (it has %(n)d).")
            % {"label": label, "max": max_length, "n": len(value)},
        )
    return value


def clean_body(value: Any, *, field: str, label: str) -> str:
    """A longer text (an interview, a description): line breaks kept, other control
    characters and lone surrogates refused, a non-string refused."""
    if not isinstance(value, str):
        raise _refuse(field, _("%(label)s must be text.") % {"label": label})
    if unstorable(value, multiline=True):
        raise _refuse(
            field,
            _("%(label)s contains invisible control characters. Remove them and try again.")
            % {"label": label},
        )
    return value
