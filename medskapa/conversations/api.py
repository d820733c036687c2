"""The conversations API router, mounted by medskapa.api.api at ``/api/v1/conversations``.

Guides (read), a young person's prepared answers (submit), summaries (read and confirm).
Meetings are identified data: only the young person and their case workers reach them (an API
token has no user, so it never does); every read is audit-logged.
"""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from medskapa.access.reads import disclose
from medskapa.access.registry import scope
from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import ErrorOut, Line, Text, ValidationErrorOut

from . import services
from .models import Guide, Meeting, Summary

router = Router(tags=["conversations"])


class GuideOut(Schema):
    id: UUID
    origin: str
    organisation_id: UUID | None
    in_library: bool
    version: int | None
    title: dict[str, str]


class GuideDetailOut(GuideOut):
    content: dict[str, Any]


def _guide_out(guide: Guide, *, detail: bool = False) -> dict[str, Any]:
    version = guide.latest_published()
    out: dict[str, Any] = {
        "id": guide.pk,
        "origin": guide.origin,
        "organisation_id": guide.organisation_id,
        "in_library": guide.in_library,
        "version": version.number if version else None,
        "title": dict(version.content.get("title", {})) if version else {},
    }
    if detail:
        out["content"] = version.content if version else {}
    return out


@router.get("/guides", response=list[GuideOut], url_name="conversation_guide_list")
@paginate(Page)
@require("guide.view")
def guide_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Guides of the caller's organisations and of the shared library (published only)."""
    guides = (
        scope(caller(request), "guide.view", Guide.objects.all())
        .filter(versions__status="published")
        .distinct()
        .order_by("created_at")
    )
    return [_guide_out(guide) for guide in guides]


@router.get(
    "/guides/{guide_id}",
    response={200: GuideDetailOut, 404: ErrorOut},
    url_name="conversation_guide_detail",
)
@require("guide.view")
def guide_detail(request: HttpRequest, guide_id: UUID) -> dict[str, Any]:
    """The latest published version: sections of cards with text per language."""
    guide = object_for(request, "guide.view", Guide, pk=guide_id)
    if guide.latest_published() is None:
        raise Http404
    return _guide_out(guide, detail=True)


class AnswerIn(Schema):
    card_key: Line = Field(max_length=40)
    text: Text = Field("", max_length=services.MAX_TEXT)
    scale: int | None = Field(None, ge=1, le=5)
    choices: list[int] = Field(default_factory=list, max_length=services.MAX_OPTIONS)
    skipped: bool = False
    shared: bool = False


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(max_length=100)


class AnswersOut(Schema):
    saved: int
    shared: int


@router.post(
    "/meetings/{meeting_id}/answers",
    response={200: AnswersOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="conversation_answers_submit",
)
@require("meeting.prepare")
def answers_submit(request: HttpRequest, meeting_id: UUID, payload: AnswersIn) -> AnswersOut:
    """The young person submits prepared answers and chooses which ones the worker may see.

    All or nothing: one bad answer changes nothing. Sharing for service development needs the
    consent checkbox on the web page and is not offered here.
    """
    actor = caller(request)
    meeting = object_for(request, "meeting.prepare", Meeting, pk=meeting_id)
    try:
        with transaction.atomic():
            for answer in payload.answers:
                services.answer_save(
                    actor=actor,
                    meeting=meeting,
                    data=services.AnswerInput(
                        card_key=answer.card_key,
                        text=answer.text,
                        scale=answer.scale,
                        choices=answer.choices,
                        skipped=answer.skipped,
                    ),
                )
            keys = {a.card_key for a in payload.answers if a.shared}
            already = set(meeting.answers.filter(shared=True).values_list("card_key", flat=True))
            resubmitted = {a.card_key for a in payload.answers}
            shared, _consent = services.answers_share(
                actor=actor, meeting=meeting, shared_keys=keys | (already - resubmitted)
            )
    except DjangoValidationError as error:
        raise ValidationError(
            [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error.messages]
        ) from error
    return AnswersOut(saved=len(payload.answers), shared=shared)


class ResponseOut(Schema):
    verdict: str
    comment: str
    created_at: datetime


class SummaryOut(Schema):
    id: UUID
    number: int
    text: str
    created_at: datetime
    responses: list[ResponseOut]


def _summary_out(summary: Summary) -> SummaryOut:
    return SummaryOut(
        id=summary.pk,
        number=summary.number,
        text=summary.text,
        created_at=summary.created_at,
        responses=[
            ResponseOut(verdict=r.verdict, comment=r.comment, created_at=r.created_at)
            for r in summary.responses.all()
        ],
    )


@router.get(
    "/meetings/{meeting_id}/summary",
    response={200: SummaryOut, 404: ErrorOut},
    url_name="conversation_summary",
)
@require("meeting.view")
def summary_read(request: HttpRequest, meeting_id: UUID) -> SummaryOut:
    """The newest summary of the meeting, with the young person's responses (audit-logged)."""
    meeting = object_for(request, "meeting.view", Meeting, pk=meeting_id)
    summary = meeting.current_summary()
    if summary is None:
        raise Http404
    # The layer writes the audit row after the answer; this names what was read.
    actor = caller(request)
    disclose(request, [meeting], actor=actor, subject="young_person_id", purpose="summary (API)")
    return _summary_out(summary)


class ResponseIn(Schema):
    verdict: Literal["agree", "disagree"]
    comment: Text = Field("", max_length=services.MAX_TEXT)


@router.post(
    "/meetings/{meeting_id}/summary/response",
    response={201: ResponseOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="conversation_summary_response",
)
@require("meeting.prepare")
def summary_confirm(
    request: HttpRequest, meeting_id: UUID, payload: ResponseIn
) -> Status[ResponseOut]:
    """The young person marks the newest summary as right ("agree") or not ("disagree", with a
    comment). Every response is kept."""
    meeting = object_for(request, "meeting.prepare", Meeting, pk=meeting_id)
    summary = meeting.current_summary()
    if summary is None:
        raise Http404
    try:
        response = services.summary_respond(
            actor=caller(request),
            summary=summary,
            verdict=payload.verdict,
            comment=payload.comment,
        )
    except DjangoValidationError as error:
        raise ValidationError(
            [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error.messages]
        ) from error
    return Status(
        201,
        ResponseOut(
            verdict=response.verdict, comment=response.comment, created_at=response.created_at
        ),
    )
