"""Who handles reports of accessibility problems: the organisation's admins."""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.roles import Role

from .models import AccessibilityReport, Notification


@rule("accessibility_report.manage", AccessibilityReport)
def _manage_report(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))


@rule("notification.view", Notification)
def _view_notification(actor: Actor) -> Q:
    """Only the person a notification is for."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(recipient=actor.user)
