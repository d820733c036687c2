"""Writes of "my data": a young person asks about a read; a log reviewer answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import Denied, acts
from medskapa.access.actor import Actor
from medskapa.audit.models import AuditEvent
from medskapa.insights.text import unstorable
from medskapa.organisations.models import Organisation

from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, ReadQuestion


def _clean(value: object, *, field: str, max_length: int, required: bool) -> str:
    """Text as it can be stored: refused (never cut or cleaned silently) when it holds a NUL,
    another invisible control character or a lone surrogate, or is too long."""
    if not isinstance(value, str):
        raise ValidationError({field: _("Write text only.")})
    if unstorable(value, multiline=True):
        raise ValidationError({field: _("The text has hidden signs that we cannot save.")})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("Write something first.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Write at most %(max)d signs.") % {"max": max_length}})
    return value


@acts("read_question.ask", on="event")
def read_question_create(*, actor: Actor, event: AuditEvent, text: str = "") -> ReadQuestion:
    """The young person asks why someone read their data; the organisation's log reviewers
    get it as a review item. One question per read: asking again is refused in words."""
    if event.organisation_id is None or actor.user_id is None:
        raise Denied("read_question.ask", event)  # the rule admits neither; never a 500
    text = _clean(text, field="text", max_length=TEXT_MAX_LENGTH, required=False)
    organisation = Organisation.objects.get(pk=event.organisation_id)
    try:
        with transaction.atomic():
            return ReadQuestion.objects.create(
                organisation=organisation,
                audit_event_id=event.pk,
                asked_by_id=actor.user_id,
                text=text,
            )
    except IntegrityError:
        raise ValidationError(
            {"text": _("You have already asked about this. We will answer you.")}
        ) from None


@acts("read_question.handle", on="question")
def read_question_handle(*, actor: Actor, question: ReadQuestion, note: str = "") -> ReadQuestion:
    """A log reviewer answers a question; the answer is shown to the young person who asked."""
    note = _clean(note, field="note", max_length=NOTE_MAX_LENGTH, required=True)
    if question.status == ReadQuestion.Status.HANDLED:
        raise ValidationError({"note": _("This question has already been answered.")})
    question.status = ReadQuestion.Status.HANDLED
    question.note = note
    question.handled_at = timezone.now()
    question.handled_by_id = actor.user_id
    question.save(update_fields=["status", "note", "handled_at", "handled_by"])
    return question
