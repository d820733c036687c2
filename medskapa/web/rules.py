"""Who handles reports of accessibility problems: the organisation's admins."""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.roles import Role

from .models import AccessibilityReport


@rule("accessibility_report.manage", AccessibilityReport)
def _manage_report(actor: Actor) -> Q:
    return Q(organisation_id__in=actor.org_ids(Role.ORG_ADMIN))
