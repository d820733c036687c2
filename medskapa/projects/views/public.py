"""The public goal-image link of an open campaign: anyone, one answer per device (a cookie
whose hash is stored, never the cookie itself)."""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from medskapa.access.views import public
from medskapa.web.throttle import throttle

from .. import forms, services
from ..models import GoalImage, Project, Reaction

DEVICE_COOKIE = "msk_projects_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365


# --- The public goal-image link -------------------------------------------------------------------
def _device_token(request: HttpRequest) -> str | None:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    ok = 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
    return token if ok else None


def _with_device_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if _device_token(request) is None:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(24),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _device_hash(project: Project, token: str) -> str:
    return hashlib.sha256(f"{project.pk}:{token}".encode()).hexdigest()


def _open_campaign(slug: str) -> Project:
    return get_object_or_404(Project, campaign_slug=slug, campaign_open=True)


@public
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    project = _open_campaign(slug)
    token = _device_token(request)
    answered: set[UUID] = set()
    if token:
        answered = set(
            Reaction.objects.filter(
                goal_image__project=project, device_hash=_device_hash(project, token)
            ).values_list("goal_image_id", flat=True)
        )
    response = render(
        request,
        "projects/public/campaign.html",
        {"project": project, "goals": [(g, g.pk in answered) for g in project.goal_images.all()]},
    )
    return _with_device_cookie(request, response)


@public
@throttle("goal_reaction", target="slug")
@require_http_methods(["GET", "POST"])
def campaign_goal(request: HttpRequest, slug: str, goal: UUID) -> HttpResponse:
    project = _open_campaign(slug)
    found = get_object_or_404(GoalImage, project=project, pk=goal)
    token = _device_token(request)
    existing = (
        Reaction.objects.filter(goal_image=found, device_hash=_device_hash(project, token)).first()
        if token
        else None
    )
    initial = {"choice": existing.choice, "comment": existing.comment} if existing else {}
    form = forms.ReactionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if token is None:
            messages.error(
                request, _("Your browser did not keep our cookie. Allow cookies and try again.")
            )
            return _with_device_cookie(request, redirect("projects:campaign", slug))
        if form.is_valid():
            services.reaction_save_by_device(
                goal_image=found, device_hash=_device_hash(project, token), **form.cleaned_data
            )
            messages.success(request, _("Thank you! Your answer is saved. You can change it here."))
            return redirect("projects:campaign", slug)
    response = render(
        request,
        "projects/public/goal.html",
        {"project": project, "goal": found, "form": form, "existing": existing},
    )
    return _with_device_cookie(request, response)
