"""Who may do what in klarsprak; registered from AppConfig.ready.

* Any staff member (worker, designer, manager, org admin) may use the readability panel for
  their organisation (``klarsprak.use``): it stores nothing and shows nothing about anyone.
* The organisation's list of officialese is a shared setting: org admins, managers and service
  designers edit it (``officialese.manage``, ``officialese_term.manage``); workers use it.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import STAFF_ROLES, Role

from .models import OfficialeseTerm

EDITORS = (Role.ORG_ADMIN, Role.MANAGER, Role.DESIGNER)


@rule("klarsprak.use", Organisation)
def _use(actor: Actor) -> Q:
    """Staff check texts with the readability panel in their own organisations."""
    return Q(pk__in=actor.org_ids(*STAFF_ROLES))


@rule("officialese.manage", Organisation)
def _manage_list(actor: Actor) -> Q:
    """Org admins, managers and designers edit their organisation's officialese list."""
    return Q(pk__in=actor.org_ids(*EDITORS))


@rule("officialese_term.manage", OfficialeseTerm)
def _manage_term(actor: Actor) -> Q:
    """The same people, for the organisation's own rows."""
    return Q(organisation_id__in=actor.org_ids(*EDITORS))
