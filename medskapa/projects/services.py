"""Every write for projects. Each write is audit-logged; reactions and ratings are recorded
without their content, and staff never get to see who gave them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.access.actions import acts, acts_for_anyone, ensure
from medskapa.access.actor import Actor, actor_for_user
from medskapa.access.registry import can
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Membership, Organisation, Unit
from medskapa.organisations.roles import Role
from medskapa.web import links as link_registry
from medskapa.web.registries import activity_starters

from . import library
from .models import (
    DEFAULT_PHASES,
    LANES,
    Activity,
    CoCreator,
    Decision,
    GoalImage,
    JourneyCard,
    JourneyMap,
    Phase,
    PhaseKey,
    Project,
    Prototype,
    Rating,
    Reaction,
    SourceLink,
    Stage,
    TestRound,
    hash_code,
    new_code,
    new_slug,
)
from .selectors import phase_for_key, project_for_code, source_object

PROJECT_FIELDS = ("title", "challenge", "description", "staff_notes", "starts_on", "target_on")
GOAL_IMAGE_FIELDS = ("text", "staff_notes")
PROTOTYPE_FIELDS = (
    "title",
    "hypothesis_if",
    "hypothesis_then",
    "hypothesis_seen",
    "what_made",
    "tested_with",
    "for_young_people",
    "open_for_rating",
    "outcome",
    "outcome_reason",
    "staff_notes",
    "measure_areas",
    "before_start",
    "before_end",
    "after_start",
    "after_end",
)
DECISION_FIELDS = (
    "title",
    "for_young_people",
    "decided_by",
    "decided_on",
    "owner",
    "due_on",
    "status",
    "staff_notes",
)
DEFAULT_STAGES = [
    gettext_lazy("Before"),
    gettext_lazy("First contact"),
    gettext_lazy("During"),
    gettext_lazy("Afterwards"),
]


def _log(action: str, actor: Actor | None, project: Project, obj: Model, detail: str = "") -> None:
    record(
        action=action,
        actor=actor,
        organisation_id=project.organisation_id,
        obj=obj,
        detail=detail,
    )


def _assign(obj: Model, names: Iterable[str], fields: dict[str, Any]) -> None:
    for name in names:
        if name in fields:
            setattr(obj, name, fields[name])


def _check_unit(organisation_id: UUID, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != organisation_id:
        raise ValidationError({"unit": _("The unit belongs to another organisation.")})


def _ensure_may_start_in(actor: Actor, organisation: Organisation, unit: Unit | None) -> None:
    if unit is None:
        ensure(actor, "projects.create_org_wide", organisation)
    else:
        ensure(actor, "projects.create_in", unit)


def _belongs(project_id: UUID, project: Project) -> None:
    """The object acted on must be the project's own: the layer checked the project."""
    if project_id != project.pk:
        raise ValidationError(_("That belongs to another project."))


def _check_dates(start: date | None, end: date | None, field: str) -> None:
    if start and end and end < start:
        raise ValidationError({field: _("The end date cannot be before the start date.")})


# --- Projects and phases ----------------------------------------------------------------------
@acts("projects.use", on="organisation")
@transaction.atomic
def project_create(
    *, actor: Actor, organisation: Organisation, unit: Unit | None, **fields: Any
) -> Project:
    """Start a project; the layer is asked about the unit, so web and API cannot differ."""
    _check_unit(organisation.pk, unit)
    _ensure_may_start_in(actor, organisation, unit)
    project = Project(organisation=organisation, unit=unit, created_by=actor.user)
    _assign(project, PROJECT_FIELDS, fields)
    _check_dates(project.starts_on, project.target_on, "target_on")
    project.full_clean(exclude=["current_phase"])
    project.save()
    phases = [
        Phase.objects.create(project=project, key=key, order=index)
        for index, key in enumerate(DEFAULT_PHASES)
    ]
    project.current_phase = phases[0]
    project.save(update_fields=["current_phase"])
    if actor.user is not None:
        project.team.add(actor.user)
    _log(Action.CREATE, actor, project, project)
    return project


@acts("project.manage", on="project")
@transaction.atomic
def project_update(*, actor: Actor, project: Project, unit: Unit | None, **fields: Any) -> Project:
    """Edit a project; moving it to another unit is asked about like starting one there."""
    _check_unit(project.organisation_id, unit)
    if (unit.pk if unit is not None else None) != project.unit_id:
        _ensure_may_start_in(actor, project.organisation, unit)
    project.unit = unit
    _assign(project, PROJECT_FIELDS, fields)
    _check_dates(project.starts_on, project.target_on, "target_on")
    project.full_clean()
    project.save()
    _log(Action.UPDATE, actor, project, project)
    return project


@acts("project.manage", on="project")
def team_set(*, actor: Actor, project: Project, members: Iterable[User]) -> None:
    staff = Membership.objects.active().filter(
        organisation_id=project.organisation_id,
        role__in=[Role.DESIGNER, Role.MANAGER, Role.WORKER],
    )
    allowed = set(staff.values_list("user_id", flat=True))
    chosen = [m for m in members if m.pk in allowed]
    project.team.set(chosen)
    _log(Action.UPDATE, actor, project, project, detail=f"team: {len(chosen)}")


@acts("project.manage", on="project")
@transaction.atomic
def phase_set_current(*, actor: Actor, project: Project, phase: Phase) -> Project:
    if phase.project_id != project.pk:
        raise ValidationError(_("That phase belongs to another project."))
    project.current_phase = phase
    project.save(update_fields=["current_phase"])
    _log(Action.UPDATE, actor, project, project, detail=f"phase: {phase.key}")
    return project


def _renumber(project: Project, phases: list[Phase]) -> None:
    for index, phase in enumerate(phases):
        if phase.order != index:
            phase.order = index
            phase.save(update_fields=["order"])


def _clean_name(name: str, limit: int) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Write a name."))
    if len(name) > limit:
        raise ValidationError(_("The name is too long (at most %(n)d characters).") % {"n": limit})
    return name


@acts("project.manage", on="project")
@transaction.atomic
def phase_add(*, actor: Actor, project: Project, name: str) -> Phase:
    name = _clean_name(name, 80)
    last = project.phases.aggregate(m=Max("order"))["m"]
    phase = Phase.objects.create(
        project=project, key=PhaseKey.CUSTOM, name=name, order=(last or 0) + 1
    )
    _log(Action.CREATE, actor, project, phase)
    return phase


@acts("project.manage", on="project")
@transaction.atomic
def phase_rename(*, actor: Actor, project: Project, phase: Phase, name: str) -> Phase:
    _belongs(phase.project_id, project)
    phase.name = _clean_name(name, 80) if name.strip() or phase.key == PhaseKey.CUSTOM else ""
    phase.save(update_fields=["name"])
    _log(Action.UPDATE, actor, phase.project, phase)
    return phase


@acts("project.manage", on="project")
@transaction.atomic
def phase_move(*, actor: Actor, project: Project, phase: Phase, step: int) -> Phase:
    _belongs(phase.project_id, project)
    phases = list(phase.project.phases.all())
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    target = index + step
    if 0 <= target < len(phases):
        phases[index], phases[target] = phases[target], phases[index]
        _renumber(phase.project, phases)
        _log(Action.UPDATE, actor, phase.project, phase, detail="moved")
    return phase


@acts("project.manage", on="project")
@transaction.atomic
def phase_delete(*, actor: Actor, project: Project, phase: Phase) -> None:
    _belongs(phase.project_id, project)
    project = phase.project
    phases = list(project.phases.all())
    if len(phases) <= 1:
        raise ValidationError(_("A project needs at least one phase."))
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    heir = phases[index - 1] if index > 0 else phases[1]
    # What the phase produced moves to the phase before it, so nothing is lost.
    for related in (Activity, GoalImage, Prototype, Decision, JourneyMap):
        related.objects.filter(phase=phase).update(phase=heir)
    if project.current_phase_id == phase.pk:
        project.current_phase = heir
        project.save(update_fields=["current_phase"])
    _log(Action.DELETE, actor, project, phase)
    phase.delete()
    _renumber(project, list(project.phases.all()))


# --- Co-creators --------------------------------------------------------------------------------
@acts("project.manage", on="project")
@transaction.atomic
def join_code_create(*, actor: Actor, project: Project) -> str:
    """A new code (the old one stops working); only its hash is kept, so show it now."""
    code = new_code()
    project.join_code_hash = hash_code(code)
    project.join_code_created_at = timezone.now()
    project.save(update_fields=["join_code_hash", "join_code_created_at"])
    _log(Action.UPDATE, actor, project, project, detail="join code")
    return code


@acts("project.manage", on="project")
@transaction.atomic
def join_code_stop(*, actor: Actor, project: Project) -> None:
    project.join_code_hash = None
    project.save(update_fields=["join_code_hash"])
    _log(Action.UPDATE, actor, project, project, detail="join code stopped")


def _is_young_person_of(user: User, organisation_id: UUID) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=organisation_id, role=Role.YOUNG_PERSON)
        .exists()
    )


@acts_for_anyone(
    "A young person of the project's organisation, proven by the project's join code "
    "(throttled per client, account and code space in the view)."
)
@transaction.atomic
def cocreator_join(*, user: User, code: str) -> Project:
    project = project_for_code(code)
    if project is None or not _is_young_person_of(user, project.organisation_id):
        raise ValidationError(_("That code does not work. Check it with the adult who gave it."))
    _cocreator_add(actor_for_user(user), project, user)
    return project


def _cocreator_add(actor: Actor, project: Project, user: User) -> CoCreator:
    existing = CoCreator.objects.filter(project=project, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            joined = CoCreator.objects.create(project=project, user=user)
    except IntegrityError:  # a double tap
        return CoCreator.objects.get(project=project, user=user)
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=project.organisation_id,
        obj=joined,
        subject_id=user.pk,
    )
    return joined


@acts("project.manage", on="project")
@transaction.atomic
def cocreator_add(*, actor: Actor, project: Project, young_person: User) -> CoCreator:
    """A worker adds a young person they may see (their caseload) directly."""
    if not can(actor, "young_person.view", young_person) or not _is_young_person_of(
        young_person, project.organisation_id
    ):
        raise ValidationError(_("You cannot add that young person."))
    return _cocreator_add(actor, project, young_person)


@acts("project.take_part", on="project")
@transaction.atomic
def cocreator_leave(*, actor: Actor, project: Project) -> None:
    user = actor.user
    joined = CoCreator.objects.filter(project=project, user=user).first()
    if joined is None:
        return
    # The answers stay and count, but no longer point at the person who left.
    Reaction.objects.filter(goal_image__project=project, participant=user).update(participant=None)
    Rating.objects.filter(prototype__project=project, participant=user).update(participant=None)
    record(
        action=Action.DELETE,
        actor=actor,
        organisation_id=project.organisation_id,
        obj=joined,
        subject_id=joined.user_id,
    )
    joined.delete()


# --- Activities from the method library ---------------------------------------------------------
@acts("project.manage", on="project")
@transaction.atomic
def activity_start(
    *,
    actor: Actor,
    project: Project,
    card: str,
    title: str,
    phase: Phase | None = None,
    notes: str = "",
    details: dict[str, Any] | None = None,
) -> Activity:
    found = library.card(card)
    if found is None:
        raise ValidationError(_("There is no such method card."))
    if phase is not None and phase.project_id != project.pk:
        raise ValidationError(_("That phase belongs to another project."))
    title = " ".join(title.split()) or found.title
    activity = Activity(
        project=project,
        phase=phase or phase_for_key(project, found.phase),
        card=card,
        title=title[:150],
        notes=notes,
        created_by=actor.user,
    )
    activity.full_clean()
    activity.save()
    starter = activity_starters.activity_starter(card)
    if starter is not None:
        started = starter(
            activity_starters.StartRequest(
                actor=actor,
                project=project,
                activity=activity,
                details=details or {},
                purpose=found.purpose,
            )
        )
        if started is not None:
            activity.result_kind = started.kind
            activity.result_id = started.id
            activity.result_title = started.title[:200]
            activity.result_url = started.url[:300]
            activity.save(update_fields=["result_kind", "result_id", "result_title", "result_url"])
    _log(Action.CREATE, actor, project, activity, detail=card)
    return activity


# --- Goal images and reactions ----------------------------------------------------------------
@acts("project.manage", on="project")
@transaction.atomic
def goal_image_create(*, actor: Actor, project: Project, **fields: Any) -> GoalImage:
    last = project.goal_images.aggregate(m=Max("order"))["m"]
    goal = GoalImage(
        project=project,
        phase=phase_for_key(project, PhaseKey.GOAL_IMAGES),
        order=(last or 0) + 1,
    )
    _assign(goal, GOAL_IMAGE_FIELDS, fields)
    goal.full_clean()
    goal.save()
    _log(Action.CREATE, actor, project, goal)
    return goal


@acts("project.manage", on="project")
@transaction.atomic
def goal_image_update(
    *, actor: Actor, project: Project, goal_image: GoalImage, **fields: Any
) -> GoalImage:
    _belongs(goal_image.project_id, project)
    _assign(goal_image, GOAL_IMAGE_FIELDS, fields)
    goal_image.full_clean()
    goal_image.save()
    _log(Action.UPDATE, actor, goal_image.project, goal_image)
    return goal_image


def _clean_reaction(choice: str, comment: str) -> tuple[str, str]:
    if choice not in Reaction.Choice.values:
        raise ValidationError(_("Choose one of the answers."))
    comment = comment.strip()
    if len(comment) > 1000:
        raise ValidationError(_("The comment is too long (at most 1000 characters)."))
    return choice, comment


@acts("goal_image.react", on="goal_image")
@transaction.atomic
def reaction_save(
    *, actor: Actor, goal_image: GoalImage, choice: str, comment: str = ""
) -> Reaction:
    """A co-creator's reaction; a new answer replaces the old one."""
    return _reaction_save(goal_image, choice, comment, {"participant": actor.user}, actor)


@acts_for_anyone(
    "The public link of an open campaign: one reaction per device (a cookie's hash), "
    "throttled per client and goal image in the view."
)
@transaction.atomic
def reaction_save_by_device(
    *, goal_image: GoalImage, device_hash: str, choice: str, comment: str = ""
) -> Reaction:
    """A reaction through the public campaign link; one per device, replaced by a new one."""
    if not device_hash:
        raise ValueError("A reaction through the public link needs the device's hash.")
    return _reaction_save(goal_image, choice, comment, {"device_hash": device_hash}, None)


def _reaction_save(
    goal_image: GoalImage,
    choice: str,
    comment: str,
    lookup: dict[str, Any],
    actor: Actor | None,
) -> Reaction:
    choice, comment = _clean_reaction(choice, comment)
    reaction, created = Reaction.objects.select_for_update().update_or_create(
        goal_image=goal_image, **lookup, defaults={"choice": choice, "comment": comment}
    )
    record(
        action=Action.CREATE if created else Action.UPDATE,
        actor=actor,
        organisation_id=goal_image.project.organisation_id,
        object_type="projects.reaction",
        object_id=str(goal_image.pk),
    )
    return reaction


@acts("project.manage", on="project")
@transaction.atomic
def campaign_set(*, actor: Actor, project: Project, open_: bool) -> Project:
    if open_ and not project.campaign_slug:
        project.campaign_slug = new_slug()
    project.campaign_open = open_
    project.save(update_fields=["campaign_slug", "campaign_open"])
    _log(Action.UPDATE, actor, project, project, detail=f"campaign open: {open_}")
    return project


# --- Prototypes -------------------------------------------------------------------------------
def _check_measure(prototype: Prototype) -> None:
    _check_dates(prototype.before_start, prototype.before_end, "before_end")
    _check_dates(prototype.after_start, prototype.after_end, "after_end")
    unit = prototype.measure_unit
    if unit is not None and unit.organisation_id != prototype.project.organisation_id:
        raise ValidationError({"measure_unit": _("The unit belongs to another organisation.")})
    if not isinstance(prototype.measure_areas, list) or not all(
        isinstance(a, str) and 0 < len(a) <= 60 for a in prototype.measure_areas
    ):
        raise ValidationError({"measure_areas": _("Choose life areas from the list.")})


@acts("project.manage", on="project")
@transaction.atomic
def prototype_create(
    *,
    actor: Actor,
    project: Project,
    phase: Phase | None = None,
    measure_unit: Unit | None = None,
    **fields: Any,
) -> Prototype:
    prototype = Prototype(
        project=project,
        phase=phase or phase_for_key(project, PhaseKey.IDEAS),
        measure_unit=measure_unit,
    )
    _assign(prototype, PROTOTYPE_FIELDS, fields)
    _check_measure(prototype)
    prototype.full_clean()
    prototype.save()
    _log(Action.CREATE, actor, project, prototype)
    return prototype


@acts("project.manage", on="project")
@transaction.atomic
def prototype_update(
    *,
    actor: Actor,
    project: Project,
    prototype: Prototype,
    measure_unit: Unit | None = None,
    **fields: Any,
) -> Prototype:
    _belongs(prototype.project_id, project)
    prototype.measure_unit = measure_unit
    _assign(prototype, PROTOTYPE_FIELDS, fields)
    _check_measure(prototype)
    prototype.full_clean()
    prototype.save()
    _log(Action.UPDATE, actor, prototype.project, prototype)
    return prototype


@acts("project.manage", on="project")
@transaction.atomic
def test_round_create(
    *,
    actor: Actor,
    project: Project,
    prototype: Prototype,
    title: str,
    held_on: date | None = None,
    notes: str = "",
) -> TestRound:
    _belongs(prototype.project_id, project)
    test_round = TestRound(prototype=prototype, title=title[:150], held_on=held_on, notes=notes)
    test_round.full_clean()
    test_round.save()
    _log(Action.CREATE, actor, prototype.project, test_round)
    return test_round


def _clean_rating(score: int | None, comment: str) -> tuple[int | None, str]:
    if score is not None and not 1 <= score <= 5:
        raise ValidationError(_("Choose a number from 1 to 5."))
    comment = comment.strip()
    if len(comment) > 1000:
        raise ValidationError(_("The comment is too long (at most 1000 characters)."))
    if score is None and not comment:
        raise ValidationError(_("Choose a number or write a comment."))
    return score, comment


@acts("prototype.rate", on="prototype")
@transaction.atomic
def rating_save(
    *, actor: Actor, prototype: Prototype, score: int | None, comment: str = ""
) -> Rating:
    """A co-creator's own rating; a new one replaces the old."""
    score, comment = _clean_rating(score, comment)
    rating, created = Rating.objects.update_or_create(
        prototype=prototype, participant=actor.user, defaults={"score": score, "comment": comment}
    )
    record(
        action=Action.CREATE if created else Action.UPDATE,
        actor=actor,
        organisation_id=prototype.project.organisation_id,
        object_type="projects.rating",
        object_id=str(prototype.pk),
    )
    return rating


@acts("project.manage", on="project")
@transaction.atomic
def rating_record(
    *,
    actor: Actor,
    project: Project,
    prototype: Prototype,
    score: int | None,
    comment: str = "",
    test_round: TestRound | None = None,
) -> Rating:
    """A rating the team writes down from a test session; nobody is named."""
    _belongs(prototype.project_id, project)
    score, comment = _clean_rating(score, comment)
    if test_round is not None and test_round.prototype_id != prototype.pk:
        raise ValidationError(_("That test round belongs to another prototype."))
    rating = Rating.objects.create(
        prototype=prototype, test_round=test_round, score=score, comment=comment
    )
    _log(Action.CREATE, actor, prototype.project, rating)
    return rating


# --- Decisions --------------------------------------------------------------------------------
@acts("project.manage", on="project")
@transaction.atomic
def decision_create(*, actor: Actor, project: Project, **fields: Any) -> Decision:
    decision = Decision(
        project=project, phase=phase_for_key(project, PhaseKey.ACT), created_by=actor.user
    )
    _assign(decision, DECISION_FIELDS, fields)
    _check_dates(decision.decided_on, decision.due_on, "due_on")
    decision.full_clean()
    decision.save()
    _log(Action.CREATE, actor, project, decision)
    return decision


@acts("project.manage", on="project")
@transaction.atomic
def decision_update(
    *, actor: Actor, project: Project, decision: Decision, **fields: Any
) -> Decision:
    _belongs(decision.project_id, project)
    _assign(decision, DECISION_FIELDS, fields)
    _check_dates(decision.decided_on, decision.due_on, "due_on")
    decision.full_clean()
    decision.save()
    _log(Action.UPDATE, actor, decision.project, decision)
    return decision


@acts("project.manage", on="project")
@transaction.atomic
def link_add(
    *,
    actor: Actor,
    project: Project,
    source_type: str,
    source_id: UUID,
    target_kind: str,
    target_id: UUID,
) -> SourceLink:
    source = source_object(project, source_type, source_id)
    if source is None:
        raise ValidationError(_("There is nothing to link from."))
    if link_registry.kind(target_kind) is None:
        raise ValidationError(_("That kind of link is not available."))
    if source_type == target_kind.removeprefix("projects.") and source_id == target_id:
        raise ValidationError(_("Something cannot rest on itself."))
    if not link_registry.resolve(actor, project.organisation_id, [(target_kind, target_id)]):
        raise ValidationError(_("That could not be found, or you may not see it."))
    link, _created = SourceLink.objects.get_or_create(
        project=project,
        source_type=source_type,
        source_id=source_id,
        target_kind=target_kind,
        target_id=target_id,
        defaults={"created_by": actor.user},
    )
    _log(Action.CREATE, actor, project, link, detail=f"{source_type} → {target_kind}")
    return link


@acts("project.manage", on="project")
@transaction.atomic
def link_remove(*, actor: Actor, project: Project, link: SourceLink) -> None:
    _belongs(link.project_id, project)
    _log(
        Action.DELETE, actor, link.project, link, detail=f"{link.source_type} → {link.target_kind}"
    )
    link.delete()


# --- Journey maps -----------------------------------------------------------------------------
@acts("project.manage", on="project")
@transaction.atomic
def journey_map_create(
    *, actor: Actor, project: Project, title: str, persona: str = "", phase: Phase | None = None
) -> JourneyMap:
    journey = JourneyMap(
        project=project,
        title=title[:150],
        persona=persona[:200],
        phase=phase or phase_for_key(project, PhaseKey.PATTERNS),
    )
    journey.full_clean()
    journey.save()
    for index, name in enumerate(DEFAULT_STAGES):
        Stage.objects.create(journey_map=journey, name=str(name), order=index)
    _log(Action.CREATE, actor, project, journey)
    return journey


@acts("project.manage", on="project")
@transaction.atomic
def journey_map_update(
    *, actor: Actor, project: Project, journey: JourneyMap, title: str, persona: str = ""
) -> JourneyMap:
    _belongs(journey.project_id, project)
    journey.title = title
    journey.persona = persona
    journey.full_clean()
    journey.save()
    _log(Action.UPDATE, actor, journey.project, journey)
    return journey


def _clean_feeling(feeling: int | None) -> int | None:
    if feeling is not None and not -2 <= feeling <= 2:
        raise ValidationError(_("Choose a feeling from −2 to +2."))
    return feeling


@acts("project.manage", on="project")
@transaction.atomic
def stage_add(
    *, actor: Actor, project: Project, journey: JourneyMap, name: str, feeling: int | None = None
) -> Stage:
    _belongs(journey.project_id, project)
    last = journey.stages.aggregate(m=Max("order"))["m"]
    stage = Stage.objects.create(
        journey_map=journey,
        name=_clean_name(name, 80),
        feeling=_clean_feeling(feeling),
        order=(last if last is not None else -1) + 1,
    )
    _log(Action.CREATE, actor, journey.project, stage)
    return stage


@acts("project.manage", on="project")
@transaction.atomic
def stage_update(
    *, actor: Actor, project: Project, stage: Stage, name: str, feeling: int | None
) -> Stage:
    _belongs(stage.journey_map.project_id, project)
    stage.name = _clean_name(name, 80)
    stage.feeling = _clean_feeling(feeling)
    stage.save(update_fields=["name", "feeling"])
    _log(Action.UPDATE, actor, stage.journey_map.project, stage)
    return stage


@acts("project.manage", on="project")
@transaction.atomic
def stage_move(*, actor: Actor, project: Project, stage: Stage, step: int) -> Stage:
    _belongs(stage.journey_map.project_id, project)
    stages = list(stage.journey_map.stages.all())
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = index + step
    if 0 <= target < len(stages):
        stages[index], stages[target] = stages[target], stages[index]
        for order, item in enumerate(stages):
            if item.order != order:
                item.order = order
                item.save(update_fields=["order"])
        _log(Action.UPDATE, actor, stage.journey_map.project, stage, detail="moved")
    return stage


@acts("project.manage", on="project")
@transaction.atomic
def stage_delete(*, actor: Actor, project: Project, stage: Stage) -> None:
    _belongs(stage.journey_map.project_id, project)
    journey = stage.journey_map
    if journey.stages.count() <= 1:
        raise ValidationError(_("A journey map needs at least one stage."))
    _log(Action.DELETE, actor, journey.project, stage)
    stage.delete()


def _next_order(journey: JourneyMap) -> int:
    last = journey.cards.aggregate(m=Max("order"))["m"]
    return (last or 0) + 1


@acts("project.manage", on="project")
@transaction.atomic
def card_add(
    *, actor: Actor, project: Project, journey: JourneyMap, stage: Stage, lane: str, text: str
) -> JourneyCard:
    _belongs(journey.project_id, project)
    if stage.journey_map_id != journey.pk:
        raise ValidationError(_("That stage belongs to another map."))
    card = JourneyCard(
        journey_map=journey, stage=stage, lane=lane, text=text.strip(), order=_next_order(journey)
    )
    card.full_clean()
    card.save()
    _log(Action.CREATE, actor, journey.project, card)
    return card


@acts("project.manage", on="project")
@transaction.atomic
def card_update(*, actor: Actor, project: Project, card: JourneyCard, text: str) -> JourneyCard:
    _belongs(card.journey_map.project_id, project)
    card.text = text.strip()
    card.full_clean()
    card.save(update_fields=["text"])
    _log(Action.UPDATE, actor, card.journey_map.project, card)
    return card


MOVES = {"left", "right", "up", "down"}


@acts("project.manage", on="project")
@transaction.atomic
def card_move(*, actor: Actor, project: Project, card: JourneyCard, direction: str) -> JourneyCard:
    """Left and right: the stage before or after; up and down: the lane above or below.
    At an edge nothing changes."""
    _belongs(card.journey_map.project_id, project)
    if direction not in MOVES:
        raise ValidationError(_("Choose left, right, up or down."))
    journey = card.journey_map
    if direction in {"left", "right"}:
        stages = list(journey.stages.all())
        index = next(i for i, s in enumerate(stages) if s.pk == card.stage_id)
        target = index + (-1 if direction == "left" else 1)
        if not 0 <= target < len(stages):
            return card
        card.stage = stages[target]
    else:
        lanes = [str(lane) for lane in LANES]
        index = lanes.index(card.lane)
        target = index + (-1 if direction == "up" else 1)
        if not 0 <= target < len(lanes):
            return card
        card.lane = lanes[target]
    card.order = _next_order(journey)
    card.save(update_fields=["stage", "lane", "order"])
    _log(Action.UPDATE, actor, journey.project, card, detail=f"moved {direction}")
    return card


@acts("project.manage", on="project")
@transaction.atomic
def card_delete(*, actor: Actor, project: Project, card: JourneyCard) -> None:
    _belongs(card.journey_map.project_id, project)
    _log(Action.DELETE, actor, card.journey_map.project, card)
    card.delete()
