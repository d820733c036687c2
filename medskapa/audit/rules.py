"""Who may read the audit log: org admins and managers review their own organisation's log."""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import AuditEvent, AuditReview

REVIEWERS = (Role.ORG_ADMIN, Role.MANAGER)


@rule("audit.review", Organisation)
def _review(actor: Actor) -> Q:
    return Q(pk__in=actor.org_ids(*REVIEWERS))


@rule("audit.view_event", AuditEvent)
def _view_event(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(*REVIEWERS))


@rule("audit.view_review", AuditReview)
def _view_review(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(*REVIEWERS))
