"""The check-ins API: submit a check-in (for a native app) and read a trajectory (for an
integration), under the same permission layer as the pages.

API tokens act organisation-wide, never for one worker's caseload, so they cannot read
identified check-ins: by the default policy only the young person and their case workers may.
A worker's or young person's session (with CSRF) can.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ConfigDict, StrictInt

from medskapa.access.reads import disclose
from medskapa.access.registry import can
from medskapa.accounts.models import User
from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.schemas import ErrorOut, Line, Text, ValidationErrorOut
from medskapa.organisations.models import Organisation

from . import selectors, services

router = Router(tags=["checkins"])


class CheckInAnswersIn(Schema):
    """The answers' shape; which keys and values fit the questions is the graph's to say."""

    model_config = ConfigDict(extra="forbid")

    areas: dict[Line, StrictInt | Line | None] = Field(default_factory=dict)
    followups: dict[Line, Line | list[Line]] = Field(default_factory=dict)
    texts: dict[Line, Text | None] = Field(default_factory=dict)


class CheckInIn(Schema):
    idempotency_key: UUID = Field(
        description="Made by the client once per check-in; a resend with it stores nothing new."
    )
    answers: CheckInAnswersIn = Field(
        description='{"areas": {"home": 1-5 or null}, "followups": {...}, "texts": {...}}'
    )
    language: Line = Field("sv", max_length=10, pattern=r"^[a-z]{2}(-[a-z]{2})?$")


class CheckInOut(Schema):
    id: UUID
    submitted_at: datetime
    questions_version: int
    has_alarm: bool
    created: bool


class PointOut(Schema):
    submitted_at: datetime
    areas: dict[str, int | None]


class QuestionsOut(Schema):
    version: int
    definition: dict[str, Any]


def _invalid(*messages: str) -> ValidationError:
    return ValidationError(
        [{"loc": ["body", "payload", "answers"], "msg": m, "type": "value_error"} for m in messages]
    )


@router.get(
    "/{organisation_id}/questions",
    response={200: QuestionsOut, 404: ErrorOut},
    url_name="checkin_questions",
)
@require("checkin.respond")
def questions(request: HttpRequest, organisation_id: UUID) -> dict[str, Any]:
    """The current question graph, for a client that draws the pages itself."""
    organisation = object_for(request, "checkin.respond", Organisation, pk=organisation_id)
    version = services.current_graph_version(organisation)
    return {"version": version.number, "definition": version.definition}


@router.post(
    "/{organisation_id}/checkins",
    response={200: CheckInOut, 201: CheckInOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="checkin_submit",
)
@require("checkin.respond")
def submit(
    request: HttpRequest, organisation_id: UUID, payload: CheckInIn
) -> Status[dict[str, Any]]:
    """Store a young person's check-in; 201 when stored now, 200 when it already was."""
    organisation = object_for(request, "checkin.respond", Organisation, pk=organisation_id)
    try:
        submitted = services.checkin_submit(
            actor=caller(request),
            organisation=organisation,
            answers=payload.answers.model_dump(),
            idempotency_key=payload.idempotency_key,
            language=payload.language,
        )
    except DjangoValidationError as error:
        raise _invalid(*error.messages) from error
    checkin = submitted.checkin
    body = {
        "id": checkin.pk,
        "submitted_at": checkin.submitted_at,
        "questions_version": checkin.graph_version.number,
        "has_alarm": checkin.has_alarm,
        "created": submitted.created,
    }
    return Status(201 if submitted.created else 200, body)


@router.get(
    "/{organisation_id}/young-people/{young_person_id}/trajectory",
    response={200: list[PointOut], 404: ErrorOut},
    url_name="checkin_trajectory",
)
@require("checkin.view")
def trajectory(
    request: HttpRequest, organisation_id: UUID, young_person_id: UUID
) -> list[dict[str, Any]]:
    """Scores per area over time, oldest first (the young person, or their case worker)."""
    actor = caller(request)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    person = User.objects.filter(pk=young_person_id).first()
    if organisation is None or person is None:
        raise Http404
    if person.pk != actor.user_id:
        person = object_for(request, "checkin.follow", User, pk=young_person_id)
    elif selectors.young_person_membership(person, organisation) is None:
        raise Http404
    checkins = selectors.checkins_of(actor, person, organisation).order_by("submitted_at")
    if person.pk != actor.user_id:
        if not can(actor, "checkin.caseload", organisation):
            raise Http404
        disclose(
            request,
            [person],
            actor=actor,
            purpose="api: check-in trajectory",
            organisation_id=organisation.pk,
        )
    return [{"submitted_at": c.submitted_at, "areas": c.answers["areas"]} for c in checkins[:500]]
