"""Answers shared with consent, offered to insights through the core registry
(``medskapa.web.registries.shared_texts``), and their withdrawal announced there: conversations
never imports insights, insights never imports conversations."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any
from uuid import UUID

from django.db.models.signals import post_delete

from medskapa.web.registries.shared_texts import (
    TextGroup,
    register_text_source,
    text_withdrawn,
)

KIND = "conversations.sharedanswer"


def _shared_answers(organisation_id: UUID, taken: Collection[str]) -> Iterable[TextGroup]:
    from .models import SharedAnswer

    groups: dict[tuple[str, str], list[Any]] = {}
    answers = SharedAnswer.objects.filter(organisation_id=organisation_id).exclude(text="")
    for answer in answers.select_related("guide").order_by("created_at", "pk"):
        if str(answer.pk) in taken:
            continue
        guide = str(answer.guide) if answer.guide is not None else ""
        groups.setdefault((guide, answer.age_band), []).append(answer)
    for (guide, age_band), rows in groups.items():
        yield TextGroup(
            kind=KIND,
            subject=guide,
            date=rows[-1].created_at,
            rows=[(str(a.pk), a.pseudonym, a.text) for a in rows],
            age_band=age_band,
        )


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    text_withdrawn(KIND, str(instance.pk))


def register() -> None:
    from .models import SharedAnswer

    register_text_source(KIND, _shared_answers)
    post_delete.connect(_deleted, sender=SharedAnswer, dispatch_uid="shared_texts_sharedanswer")
