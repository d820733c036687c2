"""The klarsprak API router, mounted by medskapa.api.api at /api/v1/klarsprak."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from medskapa.api.access import object_for, require
from medskapa.api.schemas import ErrorOut, Text, ValidationErrorOut
from medskapa.engines.plainlanguage import analyse as analyse_text
from medskapa.organisations.models import Organisation

from .panel import MAX_TEXT_LENGTH
from .selectors import terms_for

router = Router(tags=["klarsprak"])


class LongSentenceOut(Schema):
    index: int
    start: int
    end: int
    words: int
    text: str


class LongWordOut(Schema):
    word: str
    start: int
    end: int
    sentence: int


class PassiveOut(Schema):
    word: str
    start: int
    end: int
    sentence: int
    reason: str


class OfficialeseOut(Schema):
    text: str
    start: int
    end: int
    sentence: int
    headword: str
    plain: str
    note: str


class AnalysisOut(Schema):
    words: int
    sentences: int
    long_word_count: int
    lix: float
    level: str
    target: int
    meets_target: bool
    long_sentence_words: int
    long_sentences: list[LongSentenceOut]
    long_words: list[LongWordOut]
    passives: list[PassiveOut]
    officialese: list[OfficialeseOut]


class AnalyseIn(Schema):
    organisation_id: UUID
    text: Text
    long_sentence_words: int = Field(default=20, ge=5, le=100)


@router.post(
    "/analyse",
    response={200: AnalysisOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="klarsprak_analyse",
)
@require("klarsprak.use")
def analyse(request: HttpRequest, payload: AnalyseIn) -> dict[str, Any]:
    """Readability of a text (LIX, long sentences and words, passive forms, officialese with
    the organisation's list). The text is analysed in memory only: not stored, not logged."""
    organisation = object_for(request, "klarsprak.use", Organisation, pk=payload.organisation_id)
    if len(payload.text) > MAX_TEXT_LENGTH:
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", "text"],
                    "msg": f"The text may be at most {MAX_TEXT_LENGTH} characters.",
                    "type": "value_error",
                }
            ]
        )
    result = analyse_text(
        payload.text,
        officialese=terms_for(organisation),
        long_sentence_words=payload.long_sentence_words,
    )
    return result.to_dict()
