"""What goes in and out of the core API. Inputs are bounded and strict; outputs are explicit."""

import unicodedata
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from medskapa.organisations.models import Membership, Unit


def no_control_characters(value: str) -> str:
    """Refuse control characters and lone surrogates (PostgreSQL cannot store NUL, nor we want
    invisible characters in names people read)."""
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in value):
        raise ValueError("Control characters are not allowed.")
    return value


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


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

    name: str = Field(..., min_length=1, max_length=200)
    parent_id: UUID | None = None

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        value = no_control_characters(value)
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
