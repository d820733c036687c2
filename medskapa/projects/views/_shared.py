"""Helpers the projects pages share: the project's page context, child objects fetched
through their project, and the read-or-manage declaration for pages with a form."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from medskapa.access.reads import SAFE_METHODS
from medskapa.access.registry import can
from medskapa.access.views import ACCESS_ATTRIBUTE, actor_of, requires

from ..models import Project

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def page_context(request: HttpRequest, project: Project, **extra: Any) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        "organisation": project.organisation,
        "project": project,
        "may_manage": can(actor, "project.manage", project),
        **extra,
    }


def child_of(parent: Model, model: type[Model], pk: UUID, field: str = "project") -> Any:
    found = model._default_manager.filter(**{field: parent}, pk=pk).first()
    if found is None:
        raise Http404
    return found


def to_project(project: Project, name: str = "detail", **kwargs: Any) -> HttpResponse:
    return redirect(
        f"projects:{name}", organisation=project.organisation_id, project=project.pk, **kwargs
    )


def views_or_manages(view: ViewFunc) -> ViewFunc:
    """A page the team reads under ``project.view`` whose form writes under ``project.manage``.

    Both go through the layer (``requires``): a GET fetches the project for viewing, a POST
    fetches it for managing, so a viewer's POST is an audited 404 before the form is read.
    """
    viewing = requires("project.view", kwarg="project")(view)
    managing = requires("project.manage", kwarg="project")(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        chosen = viewing if request.method in SAFE_METHODS else managing
        return chosen(request, *args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, "requires:project.view")
    return wrapper  # type: ignore[return-value]
