"""Reads for projects, through the permission layer. Reactions and ratings only ever leave
here as counts and means, with every group under five suppressed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation
from medskapa.web.registries import cohort_measures

from .models import (
    LANES,
    CoCreator,
    Decision,
    GoalImage,
    JourneyMap,
    Phase,
    Project,
    Prototype,
    Reaction,
    SourceLink,
    hash_code,
)

SUPPRESS_BELOW = 5


def projects_for(actor: Actor, organisation: Organisation) -> QuerySet[Project]:
    return scope(actor, "project.view", Project.objects.filter(organisation=organisation))


def projects_of_cocreator(actor: Actor) -> QuerySet[Project]:
    return scope(actor, "project.take_part", Project.objects.all()).order_by("title")


def cocreator_count(project: Project) -> int:
    return CoCreator.objects.filter(project=project).count()


@dataclass
class Count:
    value: int

    @property
    def suppressed(self) -> bool:
        return self.value < SUPPRESS_BELOW


@dataclass
class ReactionSummary:
    total: int
    counts: dict[str, Count]
    comments: list[str] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.total >= SUPPRESS_BELOW

    def rows(self) -> list[tuple[str, str, Count]]:
        return [
            (choice.value, str(choice.label), self.counts[choice.value])
            for choice in Reaction.Choice
        ]


def reaction_summary(goal_image: GoalImage, *, with_comments: bool = True) -> ReactionSummary:
    """Counts per answer (each shown only from five up) and, when at least five reacted, the
    comments, shuffled out of order so that none can be tied to an answer or a time."""
    reactions = list(goal_image.reactions.values_list("choice", "comment"))
    counts = {choice.value: Count(0) for choice in Reaction.Choice}
    for choice, _comment in reactions:
        counts[choice].value += 1
    summary = ReactionSummary(total=len(reactions), counts=counts)
    if with_comments and summary.enough:
        summary.comments = sorted(c.strip() for _ch, c in reactions if c.strip())
    return summary


@dataclass
class RatingSummary:
    n: int
    mean: float | None
    comments: list[str]

    @property
    def enough(self) -> bool:
        return self.n >= SUPPRESS_BELOW


def rating_summary(prototype: Prototype) -> RatingSummary:
    rows = list(prototype.ratings.values_list("score", "comment"))
    scores = [s for s, _c in rows if s is not None]
    enough = len(rows) >= SUPPRESS_BELOW
    return RatingSummary(
        n=len(rows),
        mean=round(sum(scores) / len(scores), 1)
        if enough and len(scores) >= SUPPRESS_BELOW
        else None,
        comments=sorted(c.strip() for _s, c in rows if c.strip()) if enough else [],
    )


@dataclass
class MeasurePart:
    start: date
    end: date
    n: int
    mean: float | None

    @property
    def suppressed(self) -> bool:
        return self.n < SUPPRESS_BELOW


@dataclass
class Measure:
    available: bool  # a check-in measure is registered
    configured: bool  # the prototype names areas and both periods
    before: MeasurePart | None = None
    after: MeasurePart | None = None

    @property
    def change(self) -> float | None:
        if (
            self.before is None
            or self.after is None
            or self.before.suppressed
            or self.after.suppressed
            or self.before.mean is None
            or self.after.mean is None
        ):
            return None
        return round(self.after.mean - self.before.mean, 2)


def _part(
    func: cohort_measures.CohortMeasure, prototype: Prototype, start: date, end: date
) -> MeasurePart:
    mean, n = func(
        prototype.project.organisation_id,
        prototype.measure_unit_id,
        list(prototype.measure_areas),
        start,
        end,
    )
    shown = round(mean, 2) if mean is not None and n >= SUPPRESS_BELOW else None
    return MeasurePart(start=start, end=end, n=n, mean=shown)


def measure(prototype: Prototype) -> Measure:
    func = cohort_measures.cohort_measure()
    configured = bool(
        prototype.measure_areas
        and prototype.before_start
        and prototype.before_end
        and prototype.after_start
        and prototype.after_end
    )
    result = Measure(available=func is not None, configured=configured)
    if (
        func is None
        or prototype.before_start is None
        or prototype.before_end is None
        or prototype.after_start is None
        or prototype.after_end is None
        or not configured
    ):
        return result
    result.before = _part(func, prototype, prototype.before_start, prototype.before_end)
    result.after = _part(func, prototype, prototype.after_start, prototype.after_end)
    return result


# --- Phases -----------------------------------------------------------------------------------
@dataclass
class PhaseView:
    phase: Phase
    state: str  # "done", "current" or "coming"
    items: list[dict[str, Any]]


def phase_overview(project: Project, *, staff: bool = True) -> list[PhaseView]:
    phases = list(project.phases.all())
    current_index = next((i for i, p in enumerate(phases) if p.pk == project.current_phase_id), 0)
    views: list[PhaseView] = []
    for index, phase in enumerate(phases):
        state = (
            "done" if index < current_index else "current" if index == current_index else "coming"
        )
        items: list[dict[str, Any]] = []
        if staff:
            for activity in phase.activities.all():
                items.append({"type": "activity", "object": activity})
            for journey in phase.journey_maps.all():
                items.append({"type": "journey_map", "object": journey})
            for goal in phase.goal_images.all():
                items.append({"type": "goal_image", "object": goal})
            for prototype in phase.prototypes.all():
                items.append({"type": "prototype", "object": prototype})
            for decision in phase.decisions.all():
                items.append({"type": "decision", "object": decision})
        views.append(PhaseView(phase=phase, state=state, items=items))
    return views


# --- Links and the decision log, for the feedback app -----------------------------------------
def links_of(source_type: str, source_id: UUID) -> list[tuple[str, UUID]]:
    return list(
        SourceLink.objects.filter(source_type=source_type, source_id=source_id).values_list(
            "target_kind", "target_id"
        )
    )


def decision_sources(decision: Decision) -> list[tuple[str, UUID]]:
    """What the decision rests on, as (link kind, id) pairs: goal images, patterns, prototypes,
    campaigns … in the order they were linked."""
    return links_of(SourceLink.Source.DECISION, decision.pk)


OWN_KINDS = {
    "projects.goal_image": SourceLink.Source.GOAL_IMAGE,
    "projects.prototype": SourceLink.Source.PROTOTYPE,
    "projects.decision": SourceLink.Source.DECISION,
}


def decision_sources_deep(decision: Decision) -> list[tuple[str, UUID]]:
    """Like ``decision_sources``, and then what those goal images, prototypes and decisions of
    this app rest on in turn (a decision → its goal image → the pattern behind it), each pair
    once. This is how the feedback app walks from a decision to the voices behind it."""
    seen: list[tuple[str, UUID]] = []
    queue = decision_sources(decision)
    visited: set[tuple[str, UUID]] = {("projects.decision", decision.pk)}
    while queue:
        pair = queue.pop(0)
        if pair in visited:
            continue
        visited.add(pair)
        seen.append(pair)
        source_type = OWN_KINDS.get(pair[0])
        if source_type is not None:
            queue.extend(links_of(source_type, pair[1]))
    return seen


def decision_cocreators(decision: Decision) -> list[User]:
    """The co-creators of the decision's project: the young people to tell what came of it."""
    return list(
        User.objects.filter(cocreator_of__project_id=decision.project_id, is_active=True).distinct()
    )


# --- Journey maps -----------------------------------------------------------------------------
@dataclass
class Grid:
    stages: list[Any]
    rows: list[tuple[str, str, list[list[Any]]]]  # (lane key, lane label, cards per stage)


def journey_grid(journey: JourneyMap) -> Grid:
    stages = list(journey.stages.all())
    cards = list(journey.cards.all())
    rows: list[tuple[str, str, list[list[Any]]]] = []
    for lane in LANES:
        cells = [[c for c in cards if c.lane == lane and c.stage_id == s.pk] for s in stages]
        rows.append((str(lane.value), str(lane.label), cells))
    return Grid(stages=stages, rows=rows)


# --- Moved from services: reads used by writes and by other apps ---------------------------
def phase_for_key(project: Project, key: str) -> Phase | None:
    return project.phases.filter(key=key).first() or project.current_phase


def project_for_code(code: str) -> Project | None:
    cleaned = code.strip().upper().replace(" ", "").replace("-", "")
    if not 6 <= len(cleaned) <= 12 or not cleaned.isalnum():
        return None
    return Project.objects.filter(join_code_hash=hash_code(cleaned)).first()


# --- For the feedback app ---------------------------------------------------------------------
def sources_of_decision(decision_id: UUID, *, deep: bool = False) -> list[tuple[str, UUID]]:
    """What a decision rests on, as ``(link kind, id)`` pairs (``deep``: and what those goal
    images and prototypes rest on in turn). Empty for an unknown decision."""
    decision = Decision.objects.filter(pk=decision_id).first()
    if decision is None:
        return []
    return decision_sources_deep(decision) if deep else decision_sources(decision)


# --- Links ------------------------------------------------------------------------------------
SOURCE_MODELS: dict[str, type[GoalImage] | type[Prototype] | type[Decision]] = {
    SourceLink.Source.GOAL_IMAGE: GoalImage,
    SourceLink.Source.PROTOTYPE: Prototype,
    SourceLink.Source.DECISION: Decision,
}


def source_object(project: Project, source_type: str, source_id: UUID) -> Model | None:
    model = SOURCE_MODELS.get(source_type)
    if model is None:
        return None
    return model.objects.filter(project=project, pk=source_id).first()
