"""Projects in "ni sa – vi gjorde" (wired from ProjectsConfig.ready when feedback is installed).

A feedback message about a **decision** walks to what the decision rests on
(``selectors.decision_sources``: goal images, prototypes, patterns, campaigns …) and tells the
project's co-creators. A **goal image** is behind it through its reactions (co-creators by
name-free user id; public-link reactions cannot be told, so they have no recipient) and
follows its own links (the patterns that motivate it); a **prototype** through its
co-creators' ratings and its links. Staff never see who; feedback only counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from django.utils.translation import gettext_noop

from medskapa.web.registries.contributions import (
    Contribution,
    Found,
    Recipient,
    register_provider,
    register_source,
)

from . import selectors
from .models import CoCreator, Decision, GoalImage, Project, Prototype, Rating, Reaction, SourceLink

REACTION_LABEL = gettext_noop("Reaction to a goal image")
RATING_LABEL = gettext_noop("Rating of a prototype")
COCREATOR_LABEL = gettext_noop("Co-creator in a project")


def _unit_path(project: Project) -> str:
    return project.unit.path if project.unit_id and project.unit else ""


def _reactions(reactions: list[Reaction]) -> list[Contribution]:
    return [
        Contribution(
            key=f"projects.reaction:{r.pk}",
            organisation_id=r.goal_image.project.organisation_id,
            created_at=r.created_at,
            unit_path=_unit_path(r.goal_image.project),
            recipient=Recipient.user(r.participant_id) if r.participant_id else None,
            label=REACTION_LABEL,
            closable_via=("projects.goal_image", r.goal_image_id),
        )
        for r in reactions
    ]


def _ratings(ratings: list[Rating]) -> list[Contribution]:
    return [
        Contribution(
            key=f"projects.rating:{r.pk}",
            organisation_id=r.prototype.project.organisation_id,
            created_at=r.created_at,
            unit_path=_unit_path(r.prototype.project),
            recipient=Recipient.user(r.participant_id) if r.participant_id else None,
            label=RATING_LABEL,
            closable_via=("projects.prototype", r.prototype_id),
        )
        for r in ratings
    ]


def _cocreators(project: Project) -> list[Contribution]:
    return [
        Contribution(
            key=f"projects.cocreator:{c.pk}",
            organisation_id=project.organisation_id,
            created_at=c.joined_at,
            unit_path=_unit_path(project),
            recipient=Recipient.user(c.user_id),
            label=COCREATOR_LABEL,
            counts=False,  # told what came of it, not counted as a voice
        )
        for c in CoCreator.objects.filter(project=project, user__is_active=True)
    ]


def decision_found(organisation_id: UUID, target_id: UUID) -> Found:
    decision = (
        Decision.objects.filter(project__organisation_id=organisation_id, pk=target_id)
        .select_related("project__unit")
        .first()
    )
    if decision is None:
        return Found()
    return Found(
        contributions=_cocreators(decision.project), follow=selectors.decision_sources(decision)
    )


def goal_image_found(organisation_id: UUID, target_id: UUID) -> Found:
    goal = GoalImage.objects.filter(project__organisation_id=organisation_id, pk=target_id).first()
    if goal is None:
        return Found()
    reactions = list(goal.reactions.select_related("goal_image__project__unit"))
    return Found(
        contributions=_reactions(reactions),
        follow=selectors.links_of(SourceLink.Source.GOAL_IMAGE, goal.pk),
    )


def prototype_found(organisation_id: UUID, target_id: UUID) -> Found:
    prototype = Prototype.objects.filter(
        project__organisation_id=organisation_id, pk=target_id
    ).first()
    if prototype is None:
        return Found()
    ratings = list(
        prototype.ratings.filter(participant__isnull=False).select_related(
            "prototype__project__unit"
        )
    )
    return Found(
        contributions=_ratings(ratings),
        follow=selectors.links_of(SourceLink.Source.PROTOTYPE, prototype.pk),
    )


def all_contributions(organisation_id: UUID) -> Iterator[Contribution]:
    yield from _reactions(
        list(
            Reaction.objects.filter(
                goal_image__project__organisation_id=organisation_id
            ).select_related("goal_image__project__unit")
        )
    )
    yield from _ratings(
        list(
            Rating.objects.filter(
                prototype__project__organisation_id=organisation_id, participant__isnull=False
            ).select_related("prototype__project__unit")
        )
    )


def register() -> None:
    register_provider("projects.decision", decision_found)
    register_provider("projects.goal_image", goal_image_found)
    register_provider("projects.prototype", prototype_found)
    register_source("projects", all_contributions)
