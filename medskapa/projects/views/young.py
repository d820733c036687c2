"""A young person's own project pages: what they joined, joining with a code, reacting and
rating. Never the team's notes, and never who else answered."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.registry import can
from medskapa.access.views import actor_of, authenticated, requires
from medskapa.web.forms import add_service_errors
from medskapa.web.throttle import throttle, user_organisations

from .. import forms, selectors, services
from ..models import Decision, GoalImage, Project, Prototype, Reaction


# --- A young person's view ------------------------------------------------------------------------
@authenticated
def mine(request: HttpRequest) -> HttpResponse:
    projects = selectors.projects_of_cocreator(actor_of(request))
    return render(request, "projects/young/list.html", {"projects": projects})


@authenticated
@throttle("project_join_code", target=user_organisations)
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = forms.JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.cocreator_join(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Welcome to the project!"))
            return redirect("projects:mine_detail", project=project.pk)
    return render(request, "projects/young/join.html", {"form": form})


@requires("project.take_part", kwarg="project")
def mine_detail(request: HttpRequest, project: Project) -> HttpResponse:
    actor = actor_of(request)
    reacted = set(
        Reaction.objects.filter(
            goal_image__project=project,
            participant_id=actor.user_id,
        ).values_list("goal_image_id", flat=True)
    )
    return render(
        request,
        "projects/young/detail.html",
        {
            "project": project,
            "phases": selectors.phase_overview(project, staff=False),
            "goals": [(g, g.pk in reacted) for g in project.goal_images.all()],
            "prototypes": [p for p in project.prototypes.all() if can(actor, "prototype.rate", p)],
            "decisions": project.decisions.exclude(status=Decision.Status.DROPPED),
        },
    )


@requires("project.take_part", kwarg="project")
@require_POST
def mine_leave(request: HttpRequest, project: Project) -> HttpResponse:
    services.cocreator_leave(actor=actor_of(request), project=project)
    messages.success(request, _("You have left the project."))
    return redirect("projects:mine")


@requires("goal_image.react", kwarg="goal")
@require_http_methods(["GET", "POST"])
def mine_goal(request: HttpRequest, project: UUID, goal: GoalImage) -> HttpResponse:
    if goal.project_id != project:
        raise Http404
    existing = Reaction.objects.filter(goal_image=goal, participant=request.user).first()  # type: ignore[misc]
    initial = {"choice": existing.choice, "comment": existing.comment} if existing else {}
    form = forms.ReactionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.reaction_save(actor=actor_of(request), goal_image=goal, **form.cleaned_data)
        messages.success(request, _("Thank you! Your answer is saved. You can change it here."))
        return redirect("projects:mine_detail", project=goal.project_id)
    return render(
        request,
        "projects/young/goal.html",
        {
            "project": goal.project,
            "goal": goal,
            "form": form,
            "existing": existing,
            "summary": selectors.reaction_summary(goal, with_comments=False),
        },
    )


@requires("prototype.rate", kwarg="prototype")
@require_http_methods(["GET", "POST"])
def mine_prototype(request: HttpRequest, project: UUID, prototype: Prototype) -> HttpResponse:
    if prototype.project_id != project:
        raise Http404
    existing = prototype.ratings.filter(participant=request.user).first()  # type: ignore[misc]
    initial = {
        "score": str(existing.score) if existing and existing.score else "",
        "comment": existing.comment if existing else "",
    }
    form = forms.YoungRatingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_save(actor=actor_of(request), prototype=prototype, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your answer is saved. You can change it here."))
            return redirect("projects:mine_detail", project=prototype.project_id)
    return render(
        request,
        "projects/young/prototype.html",
        {"project": prototype.project, "prototype": prototype, "form": form, "existing": existing},
    )
