"""Who may do what in feedback; registered from AppConfig.ready.

Decisions (DOMAIN.md, "who may see what"):
- Designers and managers of the organisation write, publish and withdraw feedback messages
  ("ni sa – vi gjorde" is service development and a decision made on behalf of the
  organisation), and see feedback coverage. Workers, org admins and guardians do not.
- Nobody on the staff side sees who received a message: there is no rule that lists
  deliveries for staff at all; pages show only a count, "färre än 5" under five.
- A young person reads only their own deliveries, and only while the message is not withdrawn.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import FeedbackDelivery, FeedbackMessage

WRITERS = (Role.DESIGNER, Role.MANAGER)


@rule("feedback.write", Organisation)
def _write(actor: Actor) -> Q:
    """Designers and managers write feedback for their organisation."""
    return Q(pk__in=actor.org_ids(*WRITERS))


@rule("feedback.coverage", Organisation)
def _coverage(actor: Actor) -> Q:
    """Designers and managers see how much got feedback, and what waits."""
    return Q(pk__in=actor.org_ids(*WRITERS))


@rule("feedback_message.manage", FeedbackMessage)
def _manage(actor: Actor) -> Q:
    """Designers and managers of the message's organisation (never a recipient list)."""
    return Q(organisation_id__in=actor.org_ids(*WRITERS))


@rule("feedback_delivery.read", FeedbackDelivery)
def _read(actor: Actor) -> Q:
    """The young person it was delivered to, while the message stands."""
    if actor.user is None:
        return Q(pk__in=[])
    return Q(recipient=actor.user, message__withdrawn_at__isnull=True)
