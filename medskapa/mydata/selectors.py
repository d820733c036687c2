"""Reads for "who has read my data": the audit log's reads, in plain words."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.audit.models import AuditEvent
from medskapa.audit.selectors import names_of, reads_about
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import ReadQuestion

# What a reader was doing, in words a young person reads (LIX <= 40). Keys are the purposes
# the views write to the log; a rule's action ("checkin.view") falls back on its app.
PURPOSES = {
    "check-ins of a young person": gettext_lazy("To follow how you are doing."),
    "check-in overview": gettext_lazy("To see a list of the young people they help."),
    "caseload list": gettext_lazy("To see a list of the young people they help."),
    "instrument scores of a young person": gettext_lazy("To see your answers to a form."),
    "instrument answers of a young person": gettext_lazy("To see your answers to a form."),
    "summary shared by the young person": gettext_lazy("To read what you chose to share."),
    "meetings list": gettext_lazy("To plan a meeting with you."),
    "summary (API)": gettext_lazy("To read notes from a meeting with you."),
    "sign-up list": gettext_lazy("To see who signed up for an event."),
    "young person's page": gettext_lazy("To see your account."),
    "project co-creators": gettext_lazy("To see who takes part in a project."),
    "access-log review": gettext_lazy("To check that nobody looked without a reason."),
    "erasure": gettext_lazy("To delete your data."),
}
APP_PURPOSES = {
    "checkin": gettext_lazy("To follow how you are doing."),
    "contact_request": gettext_lazy("To answer when you asked to talk."),
    "flag": gettext_lazy("To follow how you are doing."),
    "instrument": gettext_lazy("To see your answers to a form."),
    "meeting": gettext_lazy("To plan a meeting with you."),
    "conversation": gettext_lazy("To plan a meeting with you."),
    "signup": gettext_lazy("To see who signed up for an event."),
}
ROLE_WORDS: dict[str, Any] = {
    Role.WORKER: gettext_lazy("A worker who helps you"),
    Role.MANAGER: gettext_lazy("A boss at the unit"),
    Role.ORG_ADMIN: gettext_lazy("A person who runs the service"),
    Role.DESIGNER: gettext_lazy("A person who plans the service"),
    Role.GUARDIAN: gettext_lazy("A parent or guardian"),
}


def purpose_in_words(purpose: str) -> str:
    if purpose in PURPOSES:
        return str(PURPOSES[purpose])
    app = purpose.split(".", 1)[0] if "." in purpose else ""
    if app in APP_PURPOSES:
        return str(APP_PURPOSES[app])
    return _("For their work with you.")


def reader_in_words(actor_kind: str, actor_role: str) -> str:
    if actor_kind == "token":
        return _("A computer system of the service")
    if actor_role in ROLE_WORDS:
        return str(ROLE_WORDS[actor_role])
    return _("Someone at the service")


@dataclass(frozen=True)
class ReadRow:
    event_id: int
    occurred_at: datetime
    organisation: str
    reader: str
    purpose: str
    question: ReadQuestion | None


def organisations_for(actor: Actor) -> QuerySet[Organisation]:
    return scope(actor, "mydata.view_reads", Organisation.objects.all())


def read_rows(actor: Actor, organisations: QuerySet[Organisation]) -> list[ReadRow]:
    """The reads of the actor's own data in these organisations, newest first, with the
    question asked about each (if any). Readers by role and organisation, never by name."""
    if actor.user_id is None:
        return []
    names = {org.pk: org.name for org in organisations}
    reads = [r for r in reads_about(actor.user_id) if r.organisation_id in names]
    questions = {
        q.audit_event_id: q
        for q in scope(actor, "read_question.view_own", ReadQuestion.objects.all()).filter(
            audit_event_id__in=[r.event_id for r in reads]
        )
    }
    return [
        ReadRow(
            event_id=r.event_id,
            occurred_at=r.occurred_at,
            organisation=names[r.organisation_id],  # type: ignore[index]
            reader=reader_in_words(r.actor_kind, r.actor_role),
            purpose=purpose_in_words(r.purpose),
            question=questions.get(r.event_id),
        )
        for r in reads
    ]


@dataclass(frozen=True)
class QuestionRow:
    """A question as the log reviewer sees it, with the read it is about."""

    question: ReadQuestion
    asked_by: str
    event: AuditEvent | None
    reader: str


def questions_for(actor: Actor, organisation: Organisation) -> list[QuestionRow]:
    """The organisation's questions the actor may answer: open ones first."""
    questions = list(
        scope(actor, "read_question.handle", ReadQuestion.objects.all())
        .filter(organisation=organisation)
        .order_by("-status", "-created_at")  # "open" before "handled"[:200]
    )
    events = {
        e.pk: e
        for e in AuditEvent.objects.filter(
            organisation_id=organisation.pk, pk__in=[q.audit_event_id for q in questions]
        )
    }
    ids: list[uuid.UUID | None] = [q.asked_by_id for q in questions]
    ids += [e.actor_id for e in events.values()]
    names = names_of(ids)
    rows = []
    for q in questions:
        event = events.get(q.audit_event_id)
        reader = ""
        if event is not None and event.actor_id is not None:
            reader = names.get(event.actor_id, _("unknown"))
        rows.append(QuestionRow(q, names.get(q.asked_by_id, _("unknown")), event, reader))
    return rows


def open_question_count(actor: Actor, organisation: Organisation) -> int:
    return (
        scope(actor, "read_question.handle", ReadQuestion.objects.all())
        .filter(organisation=organisation, status=ReadQuestion.Status.OPEN)
        .count()
    )
