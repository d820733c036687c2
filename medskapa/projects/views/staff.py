"""The team's pages: projects, phases, the method library, co-creators, goal images,
prototypes, decisions, links and journey maps (with their exports).

Thin: forms validate, services write (and ask the layer), selectors read through scope. Every
object below a project is fetched through the project the actor may see, and the layer compares
the URL's organisation with the project's, so an id from elsewhere is a 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.registry import can, scope
from medskapa.access.views import actor_of, requires
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation, Unit
from medskapa.organisations.roles import Role
from medskapa.organisations.selectors import units_for
from medskapa.web import links as link_registry
from medskapa.web.forms import add_service_errors

from .. import forms, library, selectors, services
from .. import journey as drawing
from ..models import (
    Decision,
    GoalImage,
    JourneyCard,
    JourneyMap,
    Phase,
    Project,
    Prototype,
    SourceLink,
    Stage,
)
from ._shared import child_of, is_uuid, page_context, to_project, views_or_manages


def _units(request: HttpRequest, organisation: Organisation) -> QuerySet[Unit]:
    """The units the actor may start a project in (the same rule the service asks)."""
    return scope(
        actor_of(request), "projects.create_in", Unit.objects.filter(organisation=organisation)
    )


# --- Project list, creation, overview -------------------------------------------------------------
@requires("projects.use", kwarg="organisation")
def project_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    projects = selectors.projects_for(actor_of(request), organisation).select_related(
        "current_phase", "unit"
    )
    return render(
        request, "projects/staff/list.html", {"organisation": organisation, "projects": projects}
    )


@requires("projects.use", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    units = _units(request, organisation)
    form = forms.ProjectForm(request.POST or None, units=units)
    if not can(actor, "projects.create_org_wide", organisation):
        form.fields["unit"].required = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            project = services.project_create(
                actor=actor, organisation=organisation, unit=unit, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project was created."))
            return to_project(project)
    return render(
        request,
        "projects/staff/form.html",
        {
            "organisation": organisation,
            "form": form,
            "heading": _("New project"),
            "back": reverse("projects:list", args=[organisation.pk]),
            "back_label": _("Projects"),
        },
    )


@requires("project.view", kwarg="project")
def project_detail(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    return render(
        request,
        "projects/staff/detail.html",
        page_context(
            request,
            project,
            phases=selectors.phase_overview(project),
            cocreators=selectors.cocreator_count(project),
            team=project.team.all(),
        ),
    )


@requires("project.manage", kwarg="project")
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    units = _units(request, project.organisation)
    if project.unit_id is not None:
        units = units | Unit.objects.filter(pk=project.unit_id)
    form = forms.ProjectForm(request.POST or None, instance=project, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            services.project_update(actor=actor_of(request), project=project, unit=unit, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return to_project(project)
    return render(
        request,
        "projects/staff/form.html",
        page_context(
            request,
            project,
            form=form,
            heading=_("Edit project"),
            back=reverse("projects:detail", args=[project.organisation_id, project.pk]),
            back_label=project.title,
        ),
    )


# --- Phases -----------------------------------------------------------------------------------
@requires("project.view", kwarg="project")
def phases(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    return render(
        request,
        "projects/staff/phases.html",
        page_context(
            request,
            project,
            phases=selectors.phase_overview(project, staff=False),
            form=forms.NameForm(),
        ),
    )


@requires("project.manage", kwarg="project")
@require_POST
def phase_add(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    try:
        services.phase_add(
            actor=actor_of(request), project=project, name=request.POST.get("name", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return to_project(project, "phases")


@requires("project.manage", kwarg="project")
@require_POST
def phase_change(
    request: HttpRequest, organisation: str, project: Project, phase: UUID
) -> HttpResponse:
    found: Phase = child_of(project, Phase, phase)
    actor = actor_of(request)
    action = request.POST.get("action", "")
    try:
        if action == "current":
            services.phase_set_current(actor=actor, project=project, phase=found)
            messages.success(
                request,
                _("The project is now in the phase %(name)s.") % {"name": found.display_name},
            )
        elif action == "rename":
            services.phase_rename(
                actor=actor, project=project, phase=found, name=request.POST.get("name", "")
            )
        elif action in {"up", "down"}:
            services.phase_move(
                actor=actor, project=project, phase=found, step=-1 if action == "up" else 1
            )
        elif action == "delete":
            services.phase_delete(actor=actor, project=project, phase=found)
        else:
            messages.error(request, _("Nothing was changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return to_project(project, "phases")


# --- Method library -----------------------------------------------------------------------------
@requires("project.view", kwarg="project")
def library_list(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    return render(
        request,
        "projects/staff/library.html",
        page_context(request, project, cards=library.cards()),
    )


@views_or_manages
@require_http_methods(["GET", "POST"])
def library_card(
    request: HttpRequest, organisation: str, project: Project, card: str
) -> HttpResponse:
    found = library.card(card)
    if found is None:
        raise Http404
    initial_phase = project.phases.filter(key=found.phase).first() or project.current_phase
    form = forms.StartActivityForm(
        request.POST or None,
        project=project,
        card=card,
        initial={"title": found.title, "phase": initial_phase},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        title, phase, notes = data.pop("title"), data.pop("phase"), data.pop("notes")
        try:
            activity = services.activity_start(
                actor=actor_of(request),
                project=project,
                card=card,
                title=title,
                phase=phase,
                notes=notes,
                details=data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was started."))
            if activity.result_url:
                return redirect(activity.result_url)
            return to_project(project)
    return render(
        request, "projects/staff/card.html", page_context(request, project, card=found, form=form)
    )


# --- Co-creators and team -----------------------------------------------------------------------
def _visible_young_people(request: HttpRequest, project: Project) -> QuerySet[User]:
    young = User.objects.filter(
        memberships__organisation_id=project.organisation_id,
        memberships__role=Role.YOUNG_PERSON,
        memberships__ended_at__isnull=True,
        is_active=True,
    ).distinct()
    return scope(actor_of(request), "young_person.view", young)


@requires("project.manage", kwarg="project")
@require_http_methods(["GET", "POST"])
def cocreators(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    actor = actor_of(request)
    code = None
    visible = _visible_young_people(request, project)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "code":
            code = services.join_code_create(actor=actor, project=project)
        elif action == "stop":
            services.join_code_stop(actor=actor, project=project)
            messages.success(request, _("The code no longer works."))
            return to_project(project, "cocreators")
        elif action == "add":
            chosen = (
                visible.filter(pk=request.POST.get("young_person", "")).first()
                if is_uuid(request.POST.get("young_person", ""))
                else None
            )
            if chosen is None:
                messages.error(request, _("Choose a young person from the list."))
            else:
                try:
                    services.cocreator_add(actor=actor, project=project, young_person=chosen)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("The young person was added."))
            return to_project(project, "cocreators")
        elif action == "campaign_open":
            services.campaign_set(actor=actor, project=project, open_=True)
            return to_project(project, "cocreators")
        elif action == "campaign_close":
            services.campaign_set(actor=actor, project=project, open_=False)
            return to_project(project, "cocreators")
    joined_ids = set(project.cocreators.values_list("user_id", flat=True))
    known = [u for u in visible if u.pk in joined_ids]
    # Their names are identified data: one batch for the page, one row per person shown.
    disclose(
        request,
        known,
        actor=actor,
        subject="pk",
        purpose="project co-creators",
        organisation_id=project.organisation_id,
    )
    join_url = request.build_absolute_uri(reverse("projects:join"))
    campaign_url = (
        request.build_absolute_uri(reverse("projects:campaign", args=[project.campaign_slug]))
        if project.campaign_slug
        else ""
    )
    return render(
        request,
        "projects/staff/cocreators.html",
        page_context(
            request,
            project,
            code=code,
            join_url=join_url,
            count=len(joined_ids),
            known=known,
            addable=[u for u in visible if u.pk not in joined_ids],
            campaign_url=campaign_url,
        ),
    )


# --- Goal images ------------------------------------------------------------------------------
@views_or_manages
@require_http_methods(["GET", "POST"])
def goal_list(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    form = forms.GoalImageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_image_create(
                actor=actor_of(request), project=project, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The goal image was added."))
            return to_project(project, "goals")
    goals = [
        (g, selectors.reaction_summary(g, with_comments=False)) for g in project.goal_images.all()
    ]
    return render(
        request, "projects/staff/goals.html", page_context(request, project, goals=goals, form=form)
    )


def _resolved_links(
    request: HttpRequest, project: Project, source_type: str, source_id: UUID
) -> list[dict[str, Any]]:
    """The links of one goal image, prototype or decision that the actor may see."""
    rows = list(
        SourceLink.objects.filter(project=project, source_type=source_type, source_id=source_id)
    )
    targets = link_registry.resolve(
        actor_of(request), project.organisation_id, [(r.target_kind, r.target_id) for r in rows]
    )
    by_pair = {(t.kind, t.id): t for t in targets}
    found: list[dict[str, Any]] = []
    for row in rows:
        target = by_pair.get((row.target_kind, row.target_id))
        if target is not None:
            kind = link_registry.kind(row.target_kind)
            found.append({"link": row, "target": target, "label": kind.label if kind else ""})
    return found


@views_or_manages
@require_http_methods(["GET", "POST"])
def goal_detail(
    request: HttpRequest, organisation: str, project: Project, goal: UUID
) -> HttpResponse:
    found: GoalImage = child_of(project, GoalImage, goal)
    form = forms.GoalImageForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_image_update(
                actor=actor_of(request), project=project, goal_image=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return to_project(project, "goal", goal=found.pk)
    return render(
        request,
        "projects/staff/goal.html",
        page_context(
            request,
            project,
            goal=found,
            form=form,
            summary=selectors.reaction_summary(found),
            links=_resolved_links(request, project, SourceLink.Source.GOAL_IMAGE, found.pk),
            source_type=SourceLink.Source.GOAL_IMAGE,
        ),
    )


# --- Prototypes -------------------------------------------------------------------------------
def _prototype_form(
    request: HttpRequest, project: Project, instance: Prototype | None
) -> forms.PrototypeForm:
    units = units_for(actor_of(request), project.organisation)
    return forms.PrototypeForm(request.POST or None, instance=instance, units=units)


def _prototype_data(form: forms.PrototypeForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["measure_areas"] = data.pop("areas", [])
    return data


@views_or_manages
@require_http_methods(["GET", "POST"])
def prototype_list(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    form = _prototype_form(request, project, None)
    if request.method == "POST" and form.is_valid():
        data = _prototype_data(form)
        try:
            prototype = services.prototype_create(actor=actor_of(request), project=project, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The prototype was added."))
            return to_project(project, "prototype", prototype=prototype.pk)
    return render(
        request,
        "projects/staff/prototypes.html",
        page_context(request, project, prototypes=project.prototypes.all(), form=form),
    )


@requires("project.view", kwarg="project")
def prototype_detail(
    request: HttpRequest, organisation: str, project: Project, prototype: UUID
) -> HttpResponse:
    found: Prototype = child_of(project, Prototype, prototype)
    return render(
        request,
        "projects/staff/prototype.html",
        page_context(
            request,
            project,
            prototype=found,
            ratings=selectors.rating_summary(found),
            measure=selectors.measure(found),
            rounds=found.rounds.all(),
            round_form=forms.TestRoundForm(),
            rating_form=forms.TeamRatingForm(prototype=found),
            links=_resolved_links(request, project, SourceLink.Source.PROTOTYPE, found.pk),
            source_type=SourceLink.Source.PROTOTYPE,
        ),
    )


@requires("project.manage", kwarg="project")
@require_http_methods(["GET", "POST"])
def prototype_edit(
    request: HttpRequest, organisation: str, project: Project, prototype: UUID
) -> HttpResponse:
    found: Prototype = child_of(project, Prototype, prototype)
    form = _prototype_form(request, project, found)
    if request.method == "POST" and form.is_valid():
        try:
            services.prototype_update(
                actor=actor_of(request), project=project, prototype=found, **_prototype_data(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return to_project(project, "prototype", prototype=found.pk)
    return render(
        request,
        "projects/staff/form.html",
        page_context(
            request,
            project,
            form=form,
            heading=_("Edit prototype"),
            back=reverse(
                "projects:prototype", args=[project.organisation_id, project.pk, found.pk]
            ),
            back_label=found.title,
        ),
    )


@requires("project.manage", kwarg="project")
@require_POST
def prototype_round(
    request: HttpRequest, organisation: str, project: Project, prototype: UUID
) -> HttpResponse:
    found: Prototype = child_of(project, Prototype, prototype)
    form = forms.TestRoundForm(request.POST)
    if form.is_valid():
        services.test_round_create(
            actor=actor_of(request), project=project, prototype=found, **form.cleaned_data
        )
        messages.success(request, _("The test round was added."))
    else:
        messages.error(request, _("Write a title for the test round."))
    return to_project(project, "prototype", prototype=found.pk)


@requires("project.manage", kwarg="project")
@require_POST
def prototype_rating(
    request: HttpRequest, organisation: str, project: Project, prototype: UUID
) -> HttpResponse:
    found: Prototype = child_of(project, Prototype, prototype)
    form = forms.TeamRatingForm(request.POST, prototype=found)
    if form.is_valid():
        try:
            services.rating_record(
                actor=actor_of(request), project=project, prototype=found, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The rating was saved."))
    else:
        messages.error(request, _("Choose a number from 1 to 5 or write a comment."))
    return to_project(project, "prototype", prototype=found.pk)


# --- Decisions --------------------------------------------------------------------------------
@views_or_manages
@require_http_methods(["GET", "POST"])
def decision_list(request: HttpRequest, organisation: str, project: Project) -> HttpResponse:
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=actor_of(request), project=project, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was added. Now link what it rests on."))
            return to_project(project, "decision", decision=decision.pk)
    decisions = [
        (d, _resolved_links(request, project, SourceLink.Source.DECISION, d.pk))
        for d in project.decisions.all()
    ]
    return render(
        request,
        "projects/staff/decisions.html",
        page_context(request, project, decisions=decisions, form=form),
    )


@views_or_manages
@require_http_methods(["GET", "POST"])
def decision_detail(
    request: HttpRequest, organisation: str, project: Project, decision: UUID
) -> HttpResponse:
    found: Decision = child_of(project, Decision, decision)
    form = forms.DecisionForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                actor=actor_of(request), project=project, decision=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return to_project(project, "decision", decision=found.pk)
    return render(
        request,
        "projects/staff/decision.html",
        page_context(
            request,
            project,
            decision=found,
            form=form,
            links=_resolved_links(request, project, SourceLink.Source.DECISION, found.pk),
            source_type=SourceLink.Source.DECISION,
        ),
    )


# --- Link picker --------------------------------------------------------------------------------
SOURCE_URLS = {
    "goal_image": ("goal", "goal"),
    "prototype": ("prototype", "prototype"),
    "decision": ("decision", "decision"),
}


@requires("project.manage", kwarg="project")
@require_http_methods(["GET", "POST"])
def link_picker(
    request: HttpRequest, organisation: str, project: Project, source_type: str, source: UUID
) -> HttpResponse:
    obj = selectors.source_object(project, source_type, source)
    if obj is None:
        raise Http404
    actor = actor_of(request)
    if request.method == "POST":
        kind_key = request.POST.get("kind", "")
        try:
            target_id = UUID(request.POST.get("target", ""))
            services.link_add(
                actor=actor,
                project=project,
                source_type=source_type,
                source_id=obj.pk,
                target_kind=kind_key,
                target_id=target_id,
            )
        except ValueError:
            messages.error(request, _("Choose something from the search results."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The link was added."))
        return redirect(request.get_full_path())
    url_name, arg = SOURCE_URLS[source_type]
    kinds = []
    for kind in link_registry.kinds():
        field = f"q_{slugify(kind.key)}"
        query = request.GET.get(field, "").strip()[:100]
        results: list[link_registry.LinkTarget] = []
        if query or request.GET.get("show") == kind.key:
            results = [
                r
                for r in kind.search(actor, project.organisation_id, query)
                if not (r.kind == f"projects.{source_type}" and r.id == obj.pk)
            ]
        kinds.append(
            {
                "kind": kind,
                "field": field,
                "query": query,
                "results": results,
                "searched": bool(query) or request.GET.get("show") == kind.key,
            }
        )
    return render(
        request,
        "projects/staff/links.html",
        page_context(
            request,
            project,
            source=obj,
            source_type=source_type,
            back=reverse(
                f"projects:{url_name}",
                kwargs={
                    "organisation": project.organisation_id,
                    "project": project.pk,
                    arg: obj.pk,
                },
            ),
            links=_resolved_links(request, project, source_type, obj.pk),
            kinds=kinds,
        ),
    )


@requires("project.manage", kwarg="project")
@require_POST
def link_remove(
    request: HttpRequest, organisation: str, project: Project, link: UUID
) -> HttpResponse:
    found: SourceLink = child_of(project, SourceLink, link)
    services.link_remove(actor=actor_of(request), project=project, link=found)
    messages.success(request, _("The link was removed."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return to_project(project)


# --- Journey maps -------------------------------------------------------------------------------
def _journey(project: Project, journey_id: UUID) -> JourneyMap:
    found: JourneyMap = child_of(project, JourneyMap, journey_id)
    return found


@requires("project.view", kwarg="project")
def journey_detail(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    grid = selectors.journey_grid(found)
    return render(
        request,
        "projects/staff/journey.html",
        page_context(
            request,
            project,
            journey=found,
            grid=grid,
            curve=drawing.feelings_curve(grid),
            rows=[
                (
                    lane,
                    label,
                    [
                        {"stage": s, "cards": c, "word": drawing.feeling_word(s.feeling)}
                        for s, c in zip(grid.stages, cells, strict=True)
                    ],
                )
                for lane, label, cells in grid.rows
            ],
            map_form=forms.JourneyMapForm(instance=found),
            stage_form=forms.StageForm(),
            card_form=forms.CardForm(journey=found),
            feeling_choices=forms.FEELINGS,
        ),
    )


@requires("project.manage", kwarg="project")
@require_POST
def journey_edit(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    form = forms.JourneyMapForm(request.POST, instance=JourneyMap.objects.get(pk=found.pk))
    if form.is_valid():
        services.journey_map_update(
            actor=actor_of(request), project=project, journey=found, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Write a title."))
    return to_project(project, "map", journey=found.pk)


@requires("project.manage", kwarg="project")
@require_POST
def stage_add(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    form = forms.StageForm(request.POST)
    if form.is_valid():
        services.stage_add(
            actor=actor_of(request), project=project, journey=found, **form.cleaned_data
        )
        messages.success(request, _("The stage was added."))
    else:
        messages.error(request, _("Write a name for the stage."))
    return to_project(project, "map", journey=found.pk)


@requires("project.manage", kwarg="project")
@require_POST
def stage_change(
    request: HttpRequest, organisation: str, project: Project, journey: UUID, stage: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    item: Stage = child_of(found, Stage, stage, field="journey_map")
    actor = actor_of(request)
    action = request.POST.get("action", "")
    try:
        if action == "save":
            form = forms.StageForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write a name for the stage."))
            services.stage_update(actor=actor, project=project, stage=item, **form.cleaned_data)
            messages.success(request, _("Saved."))
        elif action in {"left", "right"}:
            services.stage_move(
                actor=actor, project=project, stage=item, step=-1 if action == "left" else 1
            )
        elif action == "delete":
            services.stage_delete(actor=actor, project=project, stage=item)
            messages.success(request, _("The stage was removed."))
        else:
            messages.error(request, _("Nothing was changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        reverse("projects:map", args=[project.organisation_id, project.pk, found.pk])
        + f"#stage-{item.pk}"
    )


@requires("project.manage", kwarg="project")
@require_POST
def card_add(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    form = forms.CardForm(request.POST, journey=found)
    if form.is_valid():
        try:
            card = services.card_add(
                actor=actor_of(request), project=project, journey=found, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The card was added."))
            return redirect(
                reverse("projects:map", args=[project.organisation_id, project.pk, found.pk])
                + f"#card-{card.pk}"
            )
    else:
        messages.error(request, _("Choose a stage and a lane, and write a text."))
    return to_project(project, "map", journey=found.pk)


@requires("project.manage", kwarg="project")
@require_POST
def card_change(
    request: HttpRequest, organisation: str, project: Project, journey: UUID, card: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    item: JourneyCard = child_of(found, JourneyCard, card, field="journey_map")
    actor = actor_of(request)
    action = request.POST.get("action", "")
    anchor = f"#card-{item.pk}"
    try:
        if action == "save":
            form = forms.CardTextForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write a text."))
            services.card_update(
                actor=actor, project=project, card=item, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Saved."))
        elif action in services.MOVES:
            services.card_move(actor=actor, project=project, card=item, direction=action)
            messages.success(request, _("The card was moved."))
        elif action == "delete":
            services.card_delete(actor=actor, project=project, card=item)
            messages.success(request, _("The card was removed."))
            anchor = ""
        else:
            messages.error(request, _("Nothing was changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        reverse("projects:map", args=[project.organisation_id, project.pk, found.pk]) + anchor
    )


def _export_name(found: JourneyMap, extension: str) -> str:
    return f"{slugify(found.title) or 'resekarta'}.{extension}"


@requires("project.view", kwarg="project")
def journey_pdf(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    response = HttpResponse(drawing.export_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(found, "pdf")}"'
    record(
        action=Action.EXPORT,
        actor=actor_of(request),
        request=request,
        organisation_id=project.organisation_id,
        obj=found,
        detail="pdf",
    )
    return response


@requires("project.view", kwarg="project")
def journey_png(
    request: HttpRequest, organisation: str, project: Project, journey: UUID
) -> HttpResponse:
    found = _journey(project, journey)
    response = HttpResponse(drawing.export_png(found), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(found, "png")}"'
    record(
        action=Action.EXPORT,
        actor=actor_of(request),
        request=request,
        organisation_id=project.organisation_id,
        obj=found,
        detail="png",
    )
    return response
