"""Shared conversation answers in "ni sa – vi gjorde" (wired from ConversationsConfig.ready).

What staff link a message to: a **conversation guide** (link kind ``conversations.guide``,
"Delade svar från en samtalsguide"): "many of you who talked with us using this guide said …,
so we …". Every answer shared for development from that guide is a contribution; the young
person behind it is found through the ``Pseudonym`` table (organisation + value → user) and
never shown. A single shared answer is also a walkable target
(``conversations.shared_answer``) so that insights fragments can *follow* it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time
from uuid import UUID

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from medskapa.web.links import LinkKind, LinkTarget, register
from medskapa.web.registries.contributions import (
    Contribution,
    Found,
    Recipient,
    register_provider,
    register_source,
)

from .models import Guide, Pseudonym, SharedAnswer

GUIDE_KIND = "conversations.guide"
ANSWER_KIND = "conversations.shared_answer"


def _standing(organisation_id: UUID) -> QuerySet[SharedAnswer]:
    return SharedAnswer.objects.filter(
        organisation_id=organisation_id, consent__withdrawn_at__isnull=True
    )


def _contributions(organisation_id: UUID, answers: Iterable[SharedAnswer]) -> list[Contribution]:
    answers = list(answers)
    people = dict(
        Pseudonym.objects.filter(
            organisation_id=organisation_id, value__in={a.pseudonym for a in answers}
        ).values_list("value", "user_id")
    )
    units = dict(
        Membership.objects.active()
        .filter(
            organisation_id=organisation_id,
            role=Role.YOUNG_PERSON,
            user_id__in=set(people.values()),
            unit__isnull=False,
        )
        .values_list("user_id", "unit__path")
    )
    result = []
    for answer in answers:
        user_id = people.get(answer.pseudonym)
        result.append(
            Contribution(
                key=f"{ANSWER_KIND}:{answer.pk}",
                organisation_id=organisation_id,
                created_at=timezone.make_aware(datetime.combine(answer.created_at, time.min)),
                unit_path=units.get(user_id, "") if user_id else "",
                recipient=Recipient.user(user_id) if user_id else None,
                label=gettext_noop("Shared conversation answer"),
                closable_via=(GUIDE_KIND, answer.guide_id) if answer.guide_id else None,
            )
        )
    return result


def guide_contributions(organisation_id: UUID, target_id: UUID) -> Found:
    return Found(
        contributions=_contributions(
            organisation_id, _standing(organisation_id).filter(guide_id=target_id)
        )
    )


def answer_contributions(organisation_id: UUID, target_id: UUID) -> Found:
    return Found(
        contributions=_contributions(
            organisation_id, _standing(organisation_id).filter(pk=target_id)
        )
    )


def all_answer_contributions(organisation_id: UUID) -> Iterator[Contribution]:
    yield from _contributions(organisation_id, _standing(organisation_id))


def _guides(actor: Actor, organisation_id: UUID, *, ids: list[UUID] | None = None) -> list[Guide]:
    """Guides whose shared answers the actor may read: with ``ids``, any of the organisation's
    own or built-in guides (a message may be written before the answers come in); without,
    only guides with standing shared answers (what a search offers)."""
    # The readers of shared answers (rule "shared_answer.view"): designers and managers.
    if organisation_id not in actor.org_ids(Role.DESIGNER, Role.MANAGER):
        return []
    if ids is not None:
        return list(
            Guide.objects.filter(pk__in=ids).filter(
                Q(organisation_id=organisation_id) | Q(organisation__isnull=True)
            )
        )
    guide_ids = (
        scope(actor, "shared_answer.view", SharedAnswer.objects.all())
        .filter(organisation_id=organisation_id, consent__withdrawn_at__isnull=True)
        .values("guide_id")
    )
    return list(Guide.objects.filter(pk__in=guide_ids))


def _target(guide: Guide, organisation_id: UUID) -> LinkTarget:
    return LinkTarget(
        GUIDE_KIND,
        guide.pk,
        str(guide),
        reverse("feedback:coverage", args=[organisation_id]) + f"?target={GUIDE_KIND}:{guide.pk}",
    )


def _resolve(actor: Actor, organisation_id: UUID, ids: list[UUID]) -> list[LinkTarget]:
    return [_target(g, organisation_id) for g in _guides(actor, organisation_id, ids=ids)]


def _search(actor: Actor, organisation_id: UUID, query: str) -> list[LinkTarget]:
    query = query.strip().lower()[:100]
    found = [_target(g, organisation_id) for g in _guides(actor, organisation_id)]
    return sorted((t for t in found if query in t.title.lower()), key=lambda t: t.title)[:20]


def register_feedback_hooks() -> None:
    if not apps.is_installed("medskapa.feedback"):
        return
    register(
        LinkKind(GUIDE_KIND, gettext("Shared answers from a conversation guide"), _resolve, _search)
    )
    register_provider(GUIDE_KIND, guide_contributions)
    register_provider(ANSWER_KIND, answer_contributions)
    register_source("conversations", all_answer_contributions)
