"""Reads and questions for the "my data" tests."""

from __future__ import annotations

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.audit.models import AuditEvent
from medskapa.audit.services import Action, record
from medskapa.mydata.models import ReadQuestion
from medskapa.organisations.models import Organisation


def read_by(reader: User, subject: User, org: Organisation, purpose: str) -> AuditEvent:
    """An audited read of ``subject``'s data, as the permission layer writes it."""
    return record(
        action=Action.VIEW,
        actor=actor_for_user(reader),
        organisation_id=org.pk,
        object_type="accounts.user",
        object_id=str(subject.pk),
        subject_id=subject.pk,
        purpose=purpose,
    )


def question_about(event: AuditEvent, asked_by: User, org: Organisation) -> ReadQuestion:
    return ReadQuestion.objects.create(
        organisation=org, audit_event_id=event.pk, asked_by=asked_by, text="Varför?"
    )
