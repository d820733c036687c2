"""Who may see "who has read my data" and ask about a read, and who answers.

A young person sees the reads of their own data in the organisations where they are a young
person, and asks only about those. The organisation's log reviewers (org admins and managers,
as in ``audit.rules``) answer the questions; a question names the young person, so it is
identified data.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.audit.models import AuditEvent, stored_refs
from medskapa.audit.rules import REVIEWERS
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role

from .models import ReadQuestion

NOTHING = Q(pk__in=[])
READ_ACTIONS = [AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT]


@rule("mydata.view_reads", Organisation)
def _view_reads(actor: Actor) -> Q:
    """A young person sees who has read their data in the organisations they belong to."""
    return Q(pk__in=actor.org_ids(Role.YOUNG_PERSON))


@rule("read_question.ask", AuditEvent)
def _ask(actor: Actor) -> Q:
    """A young person asks about a read of their own data by someone else, nothing more.

    The audit rows name people by pseudonym, and a Q object is not mapped by the audit
    queryset, so the rule lists what the rows hold for the actor (``stored_refs``).
    """
    if actor.user_id is None:
        return NOTHING
    refs = stored_refs([actor.user_id])
    return Q(
        organisation_id__in=actor.org_ids(Role.YOUNG_PERSON),
        subject_id__in=refs,
        action__in=READ_ACTIONS,
    ) & ~Q(actor_id__in=refs)


@rule("read_question.view_own", ReadQuestion)
def _view_own(actor: Actor) -> Q:
    """The young person who asked follows their own questions."""
    if actor.user_id is None:
        return NOTHING
    return Q(asked_by_id=actor.user_id)


@rule("read_question.handle", ReadQuestion, identified=True, subject="asked_by_id")
def _handle(actor: Actor) -> Q:
    """The organisation's log reviewers see and answer the questions asked in it."""
    return Q(organisation_id__in=actor.org_ids(*REVIEWERS))
