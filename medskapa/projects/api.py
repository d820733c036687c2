"""The projects API router, mounted by medskapa.api.api at ``/api/v1/projects``.

Read: projects, their phases, goal images (with suppressed reaction counts), prototypes and
decisions (with the (kind, id) pairs they rest on). Create: projects, goal images, prototypes
and decisions; move a project to another phase. Nothing here names a young person.
"""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from medskapa.access.actions import Denied
from medskapa.access.views import refuse_denied
from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import ErrorOut, Line, Text, ValidationErrorOut
from medskapa.organisations.models import Organisation, Unit

from . import selectors, services
from .models import Decision, GoalImage, Phase, Project, Prototype

router = Router(tags=["projects"])


def _invalid(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            [
                {"loc": ["body", "payload", field], "msg": m, "type": "value_error"}
                for field, messages in error.message_dict.items()
                for m in messages
            ]
        )
    return ValidationError(
        [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error.messages]
    )


class ProjectOut(Schema):
    id: UUID
    organisation_id: UUID
    unit_id: UUID | None
    title: str
    challenge: str
    description: str
    starts_on: date | None
    target_on: date | None
    current_phase_id: UUID | None
    cocreators: int

    @staticmethod
    def resolve_cocreators(obj: Project) -> int:
        return selectors.cocreator_count(obj)


class ProjectIn(Schema):
    organisation_id: UUID
    unit_id: UUID | None = None
    title: Line = Field(min_length=1, max_length=150)
    challenge: Text = Field(min_length=1, max_length=300)
    description: Text = Field("", max_length=3000)
    starts_on: date | None = None
    target_on: date | None = None


class PhaseOut(Schema):
    id: UUID
    key: str
    name: str
    order: int
    current: bool

    @staticmethod
    def resolve_name(obj: Phase) -> str:
        return obj.display_name

    @staticmethod
    def resolve_current(obj: Phase) -> bool:
        return obj.project.current_phase_id == obj.pk


class PhaseIn(Schema):
    phase_id: UUID


class CountOut(Schema):
    answer: str
    count: int | None = Field(description="None when fewer than 5 gave this answer")


class GoalImageOut(Schema):
    id: UUID
    text: str
    reactions: int | None = Field(description="None when fewer than 5 reacted")
    counts: list[CountOut]


class GoalImageIn(Schema):
    text: Text = Field(min_length=1, max_length=300)


class PrototypeOut(Schema):
    id: UUID
    title: str
    hypothesis_if: str
    hypothesis_then: str
    hypothesis_seen: str
    what_made: str
    tested_with: str
    outcome: str
    outcome_reason: str
    ratings: int | None = Field(description="None when fewer than 5 answered")
    mean_rating: float | None

    @staticmethod
    def resolve_ratings(obj: Prototype) -> int | None:
        summary = selectors.rating_summary(obj)
        return summary.n if summary.enough else None

    @staticmethod
    def resolve_mean_rating(obj: Prototype) -> float | None:
        return selectors.rating_summary(obj).mean


class PrototypeIn(Schema):
    title: Line = Field(min_length=1, max_length=150)
    hypothesis_if: Text = Field(min_length=1, max_length=300)
    hypothesis_then: Text = Field(min_length=1, max_length=300)
    hypothesis_seen: Text = Field(min_length=1, max_length=300)
    what_made: Text = Field("", max_length=3000)
    tested_with: Text = Field("", max_length=300)


class DecisionSourceOut(Schema):  # not SourceOut: insights has one (one schema, one name)
    kind: str
    id: UUID


class DecisionOut(Schema):
    id: UUID
    title: str
    for_young_people: str
    decided_by: str
    decided_on: date
    owner: str
    due_on: date | None
    status: str
    sources: list[DecisionSourceOut]

    @staticmethod
    def resolve_sources(obj: Decision) -> list[dict[str, Any]]:
        return [{"kind": k, "id": i} for k, i in selectors.decision_sources(obj)]


class DecisionIn(Schema):
    title: Line = Field(min_length=1, max_length=300)
    for_young_people: Text = Field("", max_length=1500)
    decided_by: Line = Field(min_length=1, max_length=200)
    decided_on: date
    owner: Line = Field(min_length=1, max_length=200)
    due_on: date | None = None
    status: Decision.Status = Decision.Status.PLANNED


def _goal_out(goal: GoalImage) -> dict[str, Any]:
    summary = selectors.reaction_summary(goal, with_comments=False)
    return {
        "id": goal.pk,
        "text": goal.text,
        "reactions": summary.total if summary.enough else None,
        "counts": [
            {"answer": value, "count": None if count.suppressed else count.value}
            for value, _label, count in summary.rows()
        ]
        if summary.enough
        else [],
    }


def _project(request: HttpRequest, project_id: UUID, action: str = "project.view") -> Project:
    return object_for(request, action, Project, pk=project_id)


@router.get("", response=list[ProjectOut], url_name="project_list")
@paginate(Page)
@require("project.view")
def project_list(request: HttpRequest) -> QuerySet[Project]:
    """The projects the caller works on (designers: the organisation's; others: their units')."""
    from medskapa.access.registry import scope

    return scope(caller(request), "project.view", Project.objects.all()).order_by("title")


@router.post(
    "",
    response={201: ProjectOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="project_create",
)
@require("projects.use")
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    actor = caller(request)
    organisation = object_for(request, "projects.use", Organisation, pk=payload.organisation_id)
    unit = None
    if payload.unit_id is not None:
        unit = Unit.objects.filter(pk=payload.unit_id, organisation=organisation).first()
        if unit is None:
            raise ValidationError(
                [
                    {
                        "loc": ["body", "payload", "unit_id"],
                        "msg": "Unknown unit.",
                        "type": "value_error",
                    }
                ]
            )
    try:
        project = services.project_create(
            actor=actor,
            organisation=organisation,
            unit=unit,
            **payload.model_dump(exclude={"organisation_id", "unit_id"}),
        )
    except DjangoValidationError as error:
        raise _invalid(error) from None
    except Denied as denied:
        # Until medskapa/api/api.py answers Denied itself: an audited JSON 404, as for outsiders.
        refuse_denied(request, denied)
        raise Http404 from None
    return Status(201, project)


@router.get("/{project_id}", response={200: ProjectOut, 404: ErrorOut}, url_name="project_detail")
@require("project.view")
def project_detail(request: HttpRequest, project_id: UUID) -> Project:
    return _project(request, project_id)


@router.get(
    "/{project_id}/phases", response={200: list[PhaseOut], 404: ErrorOut}, url_name="phase_list"
)
@require("project.view")
def phase_list(request: HttpRequest, project_id: UUID) -> list[Phase]:
    return list(_project(request, project_id).phases.select_related("project"))


@router.post(
    "/{project_id}/phases/current",
    response={200: ProjectOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="phase_set_current",
)
@require("project.manage")
def phase_set_current(request: HttpRequest, project_id: UUID, payload: PhaseIn) -> Project:
    project = _project(request, project_id, "project.manage")
    phase = project.phases.filter(pk=payload.phase_id).first()
    if phase is None:
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", "phase_id"],
                    "msg": "Unknown phase.",
                    "type": "value_error",
                }
            ]
        )
    return services.phase_set_current(actor=caller(request), project=project, phase=phase)


@router.get(
    "/{project_id}/goal-images",
    response={200: list[GoalImageOut], 404: ErrorOut},
    url_name="goal_image_list",
)
@require("project.view")
def goal_image_list(request: HttpRequest, project_id: UUID) -> list[dict[str, Any]]:
    return [_goal_out(g) for g in _project(request, project_id).goal_images.all()]


@router.post(
    "/{project_id}/goal-images",
    response={201: GoalImageOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="goal_image_create",
)
@require("project.manage")
def goal_image_create(
    request: HttpRequest, project_id: UUID, payload: GoalImageIn
) -> Status[dict[str, Any]]:
    project = _project(request, project_id, "project.manage")
    try:
        goal = services.goal_image_create(actor=caller(request), project=project, text=payload.text)
    except DjangoValidationError as error:
        raise _invalid(error) from None
    return Status(201, _goal_out(goal))


@router.get(
    "/{project_id}/prototypes",
    response={200: list[PrototypeOut], 404: ErrorOut},
    url_name="prototype_list",
)
@require("project.view")
def prototype_list(request: HttpRequest, project_id: UUID) -> list[Prototype]:
    return list(_project(request, project_id).prototypes.all())


@router.post(
    "/{project_id}/prototypes",
    response={201: PrototypeOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="prototype_create",
)
@require("project.manage")
def prototype_create(
    request: HttpRequest, project_id: UUID, payload: PrototypeIn
) -> Status[Prototype]:
    project = _project(request, project_id, "project.manage")
    try:
        prototype = services.prototype_create(
            actor=caller(request), project=project, **payload.model_dump()
        )
    except DjangoValidationError as error:
        raise _invalid(error) from None
    return Status(201, prototype)


@router.get(
    "/{project_id}/decisions",
    response={200: list[DecisionOut], 404: ErrorOut},
    url_name="decision_list",
)
@require("project.view")
def decision_list(request: HttpRequest, project_id: UUID) -> list[Decision]:
    return list(_project(request, project_id).decisions.all())


@router.post(
    "/{project_id}/decisions",
    response={201: DecisionOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="decision_create",
)
@require("project.manage")
def decision_create(
    request: HttpRequest, project_id: UUID, payload: DecisionIn
) -> Status[Decision]:
    project = _project(request, project_id, "project.manage")
    try:
        decision = services.decision_create(
            actor=caller(request), project=project, **payload.model_dump()
        )
    except DjangoValidationError as error:
        raise _invalid(error) from None
    return Status(201, decision)
