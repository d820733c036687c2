"""The insights API router, mounted by medskapa.api.api at ``/api/v1/insights``.

- ``GET /insights/{organisation_id}/sources`` and ``POST`` (a text, masked and split on the
  way in, like the import page);
- ``GET /insights/{organisation_id}/fragments`` (masked texts);
- ``GET /insights/{organisation_id}/patterns`` and ``GET /insights/patterns/{pattern_id}``.
"""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import Line, Text, ValidationErrorOut
from medskapa.organisations.models import Organisation

from . import selectors, services
from .models import AgeBand, Fragment, Method, ParticipantRole, Pattern

router = Router(tags=["insights"])


class SourceIn(Schema):
    title: Line = Field(..., min_length=1, max_length=200)
    method: Method
    date: datetime.date | None = None
    unit_id: UUID | None = None
    age_band: AgeBand = AgeBand.UNKNOWN
    participant_role: ParticipantRole = ParticipantRole.YOUNG_PERSON
    participants: int = Field(1, ge=1, le=100_000)
    consent_reference: Line = Field("", max_length=200)
    retention_until: datetime.date | None = None
    text: Text = Field(..., min_length=2, max_length=2_000_000)
    split_mode: Line = Field("paragraph", pattern="^(paragraph|sentence|none)$")


class SourceOut(Schema):
    id: UUID
    title: str
    method: str
    date: datetime.date
    unit_id: UUID | None
    age_band: str
    participant_role: str
    participants: int
    consent_reference: str
    retention_until: datetime.date | None
    fragment_count: int = 0


class FragmentOut(Schema):
    id: UUID
    source_id: UUID
    text: str
    position: int
    speaker_role: str
    pattern_id: UUID | None
    tags: list[str]

    @staticmethod
    def resolve_tags(obj: Fragment) -> list[str]:
        return [t.full_name for t in obj.tags.all()]


class PatternOut(Schema):
    id: UUID
    title: str
    description: str
    keywords: list[str]
    fragment_count: int


def _invalid(field: str | None, *messages: str) -> ValidationError:
    loc = ["body", "payload"] + ([field] if field else [])
    return ValidationError([{"loc": loc, "msg": m, "type": "value_error"} for m in messages])


def _organisation(request: HttpRequest, action: str, organisation_id: UUID) -> Organisation:
    return object_for(request, action, Organisation, pk=organisation_id)


@router.get("/{organisation_id}/sources", response=list[SourceOut], url_name="insight_sources")
@paginate(Page)
@require("insights.view")
def source_list(request: HttpRequest, organisation_id: UUID) -> Any:
    organisation = _organisation(request, "insights.view", organisation_id)
    return selectors.sources_for(caller(request), organisation)


@router.post(
    "/{organisation_id}/sources",
    response={201: SourceOut, 422: ValidationErrorOut},
    url_name="insight_source_create",
)
@require("insights.curate")
def source_create(request: HttpRequest, organisation_id: UUID, payload: SourceIn) -> Any:
    organisation = _organisation(request, "insights.curate", organisation_id)
    unit_id = payload.unit_id
    unit = organisation.units.filter(pk=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        raise _invalid("unit_id", "unknown unit")
    try:
        source = services.source_create(
            actor=caller(request),
            organisation=organisation,
            unit=unit,
            request=request,
            title=payload.title,
            method=str(payload.method),
            text=payload.text,
            split_mode=payload.split_mode,
            date=payload.date,
            age_band=str(payload.age_band),
            participant_role=str(payload.participant_role),
            participants=payload.participants,
            consent_reference=payload.consent_reference,
            retention_until=payload.retention_until,
        )
    except DjangoValidationError as error:
        raise _invalid(None, *error.messages) from error
    source.fragment_count = source.fragments.count()  # type: ignore[attr-defined]
    return Status(201, source)


@router.get(
    "/{organisation_id}/fragments", response=list[FragmentOut], url_name="insight_fragments"
)
@paginate(Page)
@require("insights.view")
def fragment_list(request: HttpRequest, organisation_id: UUID) -> Any:
    organisation = _organisation(request, "insights.view", organisation_id)
    return (
        selectors.fragments_for(caller(request), organisation)
        .prefetch_related("tags")
        .order_by("source__date", "source_id", "position")
    )


@router.get("/{organisation_id}/patterns", response=list[PatternOut], url_name="insight_patterns")
@paginate(Page)
@require("insights.view")
def pattern_list(request: HttpRequest, organisation_id: UUID) -> Any:
    organisation = _organisation(request, "insights.view", organisation_id)
    return selectors.patterns_for(caller(request), organisation)


@router.get("/patterns/{pattern_id}", response=PatternOut, url_name="insight_pattern")
@require("insight_pattern.view")
def pattern_detail(request: HttpRequest, pattern_id: UUID) -> Any:
    pattern = object_for(request, "insight_pattern.view", Pattern, pk=pattern_id)
    pattern.fragment_count = pattern.fragments.count()  # type: ignore[attr-defined]
    return pattern
