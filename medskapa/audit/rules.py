"""Who may read the audit log: org admins and managers review their own organisation's log.

The log names who looked at which young person, so it is identified personal data: staff need
their second factor for it, and reading it is itself logged.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import AuditEvent, AuditReview

REVIEWERS = (Role.ORG_ADMIN, Role.MANAGER)


@rule("audit.review", Organisation, identified=True, subject="")
def _review(actor: Actor) -> Q:
    """Org admins and managers review, export and follow up their organisation's access log."""
    return Q(pk__in=actor.org_ids(*REVIEWERS))


@rule("audit.view_event", AuditEvent, identified=True, subject="")
def _view_event(actor: Actor) -> Q:
    """Events of the organisations the actor reviews; never another organisation's."""
    return Q(organisation_id__in=actor.org_ids(*REVIEWERS))


@rule("audit.view_review", AuditReview, identified=True, subject="")
def _view_review(actor: Actor) -> Q:
    """Recorded reviews of the organisations the actor reviews."""
    return Q(organisation_id__in=actor.org_ids(*REVIEWERS))
