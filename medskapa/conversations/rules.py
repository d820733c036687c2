"""Who may do what in conversations; registered from AppConfig.ready.

Guides are content without personal data:
- staff of the owning organisation see its guides; any staff member of any organisation sees
  the guides in the shared library (the built-in ones are always there);
- org admins, designers and workers edit their organisation's guides (managers read them);
- org admins and designers publish a guide to the shared library (it leaves the organisation);
- anyone who may edit guides somewhere copies a library guide (or their own organisation's);
- staff of an organisation open its guide pages (``guide.list``).

Meetings hold identified data (answers, notes, summaries): the young person themself and the
workers who have them on their caseload in that organisation, nobody else. Guardians see
nothing. Workers of an organisation send guides (``meeting.create``, to their caseload only);
the young person alone answers a summary (``summary.respond``). Shared answers are
pseudonymous: designers and managers of the organisation read them, and the young person sees
their own contributions.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Caseload, Membership, Organisation
from medskapa.organisations.roles import STAFF_ROLES, Role

from .models import Guide, Meeting, Pseudonym, SharedAnswer, Summary

GUIDE_EDITORS = (Role.ORG_ADMIN, Role.DESIGNER, Role.WORKER)
LIBRARY_PUBLISHERS = (Role.ORG_ADMIN, Role.DESIGNER)
NOTHING = Q(pk__in=[])


@rule("guide.list", Organisation)
def _list_guides(actor: Actor) -> Q:
    """Staff of the organisation open its guide pages (its guides and the shared library)."""
    return Q(pk__in=actor.org_ids(*STAFF_ROLES))


@rule("guide.view", Guide, crosses_organisations=True)
def _view_guide(actor: Actor) -> Q:
    """Staff of the owning organisation; any staff for guides in the shared library."""
    own = Q(organisation_id__in=actor.org_ids(*STAFF_ROLES))
    library = Q(in_library=True) if actor.is_staff_member else NOTHING
    return own | library


@rule("guide.edit", Guide)
def _edit_guide(actor: Actor) -> Q:
    """Org admins, designers and workers edit their own organisation's guides."""
    return Q(organisation_id__in=actor.org_ids(*GUIDE_EDITORS))


@rule("guide.publish", Guide)
def _publish_guide(actor: Actor) -> Q:
    """Org admins and designers put their organisation's guide in the shared library."""
    return Q(organisation_id__in=actor.org_ids(*LIBRARY_PUBLISHERS))


@rule("guide.copy", Guide, crosses_organisations=True)
def _copy_guide(actor: Actor) -> Q:
    """Anyone who edits guides somewhere copies library guides and their own organisation's."""
    if not actor.org_ids(*GUIDE_EDITORS):
        return NOTHING
    return Q(in_library=True) | Q(organisation_id__in=actor.org_ids(*GUIDE_EDITORS))


@rule("guide.create", Organisation)
def _create_guide(actor: Actor) -> Q:
    """Where a copied guide may land: organisations where the actor edits guides."""
    return Q(pk__in=actor.org_ids(*GUIDE_EDITORS))


@rule("meeting.create", Organisation)
def _create_meeting(actor: Actor) -> Q:
    """Workers of the organisation send guides to the young people on their caseload."""
    return Q(pk__in=actor.org_ids(Role.WORKER))


def _on_caseload(actor: Actor) -> Q:
    if actor.user is None:
        return NOTHING
    entries = Caseload.objects.filter(
        worker=actor.user,
        ended_at__isnull=True,
        organisation_id__in=actor.org_ids(Role.WORKER),
        young_person_id=OuterRef("young_person_id"),
        organisation_id=OuterRef("organisation_id"),
    )
    return Q(Exists(entries))


def _themself(actor: Actor) -> Q:
    if actor.user is None:
        return NOTHING
    memberships = Membership.objects.active().filter(
        user=actor.user,
        role=Role.YOUNG_PERSON,
        organisation_id=OuterRef("organisation_id"),
    )
    return Q(young_person=actor.user) & Q(Exists(memberships))


@rule("meeting.view", Meeting, identified=True, subject="young_person_id")
def _view_meeting(actor: Actor) -> Q:
    """The young person themself and the workers who have them on their caseload."""
    return _themself(actor) | _on_caseload(actor)


@rule("meeting.prepare", Meeting, identified=True, subject="young_person_id")
def _prepare_meeting(actor: Actor) -> Q:
    """Only the young person answers, chooses what to share and responds to the summary."""
    return _themself(actor)


@rule("meeting.conduct", Meeting, identified=True, subject="young_person_id")
def _conduct_meeting(actor: Actor) -> Q:
    """Workers with the young person on their caseload hold the meeting and write the summary."""
    return _on_caseload(actor)


@rule("summary.respond", Summary, identified=True, subject="")
def _respond_to_summary(actor: Actor) -> Q:
    """Only the young person the meeting is with says whether its summary is right."""
    return Q(meeting__in=Meeting.objects.filter(_themself(actor)))


@rule("shared_answer.view", SharedAnswer)
def _view_shared_answer(actor: Actor) -> Q:
    """Pseudonymous fragments: designers and managers of the organisation; the young person
    sees their own contributions (found through the separate pseudonym link)."""
    readers = Q(organisation_id__in=actor.org_ids(Role.DESIGNER, Role.MANAGER))
    if actor.user is None:
        return readers
    own = Pseudonym.objects.filter(user=actor.user).values("value")
    return readers | Q(pseudonym__in=own)
