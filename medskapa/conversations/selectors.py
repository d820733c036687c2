"""Reads for conversations, always through the permission layer's scope."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.organisations.models import Organisation

from .models import Answer, Guide, Meeting, Note, SharedAnswer, localise_card


def guides_of(actor: Actor, organisation: Organisation) -> QuerySet[Guide]:
    return scope(actor, "guide.view", Guide.objects.filter(organisation=organisation))


def library(actor: Actor) -> QuerySet[Guide]:
    """Published library guides from every organisation, and the built-in ones."""
    return (
        scope(actor, "guide.view", Guide.objects.filter(in_library=True))
        .filter(versions__status="published")
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "created_at")
    )


def meetings_for_worker(actor: Actor, organisation: Organisation) -> QuerySet[Meeting]:
    return (
        scope(actor, "meeting.conduct", Meeting.objects.filter(organisation=organisation))
        .select_related("young_person", "version", "version__guide")
        .order_by("-created_at")
    )


def meetings_for_young_person(actor: Actor) -> QuerySet[Meeting]:
    return (
        scope(actor, "meeting.prepare", Meeting.objects.all())
        .select_related("version", "worker", "organisation")
        .order_by("-created_at")
    )


def shared_answers(actor: Actor, organisation: Organisation) -> QuerySet[SharedAnswer]:
    """Fragments whose consent still holds (withdrawn ones are deleted, and hidden meanwhile)."""
    return scope(
        actor,
        "shared_answer.view",
        SharedAnswer.objects.filter(organisation=organisation, consent__withdrawn_at__isnull=True),
    )


def answers_by_key(meeting: Meeting, *, shared_only: bool) -> dict[str, Answer]:
    answers = meeting.answers.all()
    if shared_only:
        answers = answers.filter(shared=True)
    return {answer.card_key: answer for answer in answers}


def notes_by_key(meeting: Meeting) -> dict[str, Note]:
    return {note.card_key: note for note in meeting.notes.all()}


def describe_answer(card: dict[str, Any], answer: Answer | None) -> str:
    """An answer as words, for the worker's pages and the API (already localised card)."""
    if answer is None:
        return ""
    if answer.skipped:
        return "—"
    parts = []
    if answer.scale:
        labels = card.get("scale") or []
        label = labels[answer.scale - 1] if len(labels) >= answer.scale else ""
        parts.append(f"{answer.scale}/5" + (f" ({label})" if label else ""))
    if answer.choices:
        options = card.get("options") or []
        parts.append(", ".join(options[i] for i in answer.choices if i < len(options)))
    if answer.text:
        parts.append(answer.text)
    return " · ".join(parts)


def cards_with_answers(
    meeting: Meeting, language: str, *, shared_only: bool, with_notes: bool = False
) -> list[dict[str, Any]]:
    answers = answers_by_key(meeting, shared_only=shared_only)
    notes = notes_by_key(meeting) if with_notes else {}
    rows = []
    for index, card in enumerate(meeting.version.cards()):
        local = localise_card(card, language)
        answer = answers.get(local["key"])
        note = notes.get(local["key"])
        rows.append(
            {
                **local,
                "number": index + 1,
                "answer": answer,
                "answer_text": describe_answer(local, answer),
                "note": note.text if note else "",
            }
        )
    return rows


def section_fingerprint(section: dict[str, Any]) -> str:
    """What the delete confirmation saw: the keys of the section's cards and its title, so a
    section changed or moved meanwhile is never deleted by mistake."""
    keys = ",".join(str(card.get("key", "")) for card in section.get("cards", []))
    title = str((section.get("title") or {}).get("sv", ""))
    return hashlib.sha256(f"{title}|{keys}".encode()).hexdigest()[:16]
