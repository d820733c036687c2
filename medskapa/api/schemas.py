"""What goes in and out of the API. Inputs are bounded and strict; outputs are explicit.

Every string an API operation accepts is a ``Line`` (one line: a name, a title, a key) or a
``Text`` (free text: tabs and line breaks allowed), never a plain ``str``: both refuse NUL
bytes, lone surrogates (JSON ``"\\ud800"`` decodes to one, and PostgreSQL cannot store it) and
the other control characters with a 422 and a translated message, and neither turns a number or
an object into its repr. ``tests/api/test_input_strings.py`` walks every operation's inputs and
fails on a plain ``str`` and on a free-form ``Any``.
"""

import unicodedata
from typing import Annotated, Any, Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, Strict, field_validator
from pydantic_core import PydanticCustomError

from medskapa.organisations.models import Membership, Unit

_LINE_BREAKS = frozenset("\t\n\r")


def _refuse_invisible(value: Any, *, allowed: frozenset[str]) -> Any:
    """Runs before pydantic reads the value as a string (it would refuse a lone surrogate, and
    anything that is not a string, with an English message nobody here understands)."""
    if not isinstance(value, str):
        if value is None:
            return value  # an optional field's "nothing": the union's other branch takes it
        # pydantic's own "Input should be a valid string" is English only: say it in the
        # reader's language, and never store the repr of a number or an object.
        raise PydanticCustomError("string_type", _("This must be text, written in quotes."))
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise PydanticCustomError(
                "lone_surrogate",
                _("The text holds a broken character (a lone surrogate). Send valid Unicode."),
            )
        if category == "Cc" and char not in allowed:
            raise PydanticCustomError(
                "control_character",
                _("The text may not hold control characters such as NUL (here: U+%(code)04X).")
                % {"code": ord(char)},
            )
    return value


def no_control_characters(value: Any) -> Any:
    """One line of text: no control character at all (not even a line break)."""
    return _refuse_invisible(value, allowed=frozenset())


def no_hidden_characters(value: Any) -> Any:
    """Free text: tabs and line breaks are fine, other control characters are not."""
    return _refuse_invisible(value, allowed=_LINE_BREAKS)


LINE_CHECK = BeforeValidator(no_control_characters)
TEXT_CHECK = BeforeValidator(no_hidden_characters)
STRING_CHECKS = (LINE_CHECK, TEXT_CHECK)

# Strict: a number, a boolean or an object where text is expected is a 422, never its repr.
Line = Annotated[str, Strict(), LINE_CHECK]
Text = Annotated[str, Strict(), TEXT_CHECK]


class ErrorOut(Schema):
    """Every 401, 404 and 429 of the API (and other refusals that name no field)."""

    detail: str


class FieldErrorOut(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """A 422: what was wrong, where (``loc``: body/query/path, then the field)."""

    detail: list[FieldErrorOut]


# --- The caller -----------------------------------------------------------------------------
class MembershipOut(Schema):
    organisation_id: UUID
    organisation_name: str
    unit_id: UUID | None
    unit_name: str | None
    role: str


class UserOut(Schema):
    id: UUID
    display_name: str
    language: str
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str
    organisation_id: UUID
    organisation_name: str
    role: str


class MeOut(Schema):
    kind: Literal["user", "token"]
    user: UserOut | None = None
    token: TokenOut | None = None


# --- Organisations and units ----------------------------------------------------------------
class OrganisationOut(Schema):
    id: UUID
    name: str
    slug: str


class OrganisationDetailOut(OrganisationOut):
    contact_email: str
    contact_phone: str


class UnitOut(Schema):
    id: UUID
    name: str
    parent_id: UUID | None
    depth: int

    @staticmethod
    def resolve_depth(obj: Unit) -> int:
        return obj.depth


class UnitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Line = Field(..., min_length=1, max_length=200)
    parent_id: UUID | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The name cannot be empty.")
        return value


# --- Staff ----------------------------------------------------------------------------------
class StaffOut(Schema):
    membership_id: UUID
    user_id: UUID
    display_name: str
    email: str | None
    role: str
    unit_id: UUID | None
    unit_name: str | None
    is_active: bool

    @staticmethod
    def resolve_membership_id(obj: Membership) -> UUID:
        return obj.pk

    @staticmethod
    def resolve_display_name(obj: Membership) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_email(obj: Membership) -> str | None:
        return obj.user.email

    @staticmethod
    def resolve_unit_name(obj: Membership) -> str | None:
        return obj.unit.name if obj.unit is not None else None

    @staticmethod
    def resolve_is_active(obj: Membership) -> bool:
        return obj.user.is_active
