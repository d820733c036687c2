"""The link kinds projects offers to other apps (``medskapa.web.links``): goal images,
prototypes and decisions, resolved and searched only among projects the actor may see."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.web.links import LinkKind, LinkTarget, register

from .models import Decision, GoalImage, Project, Prototype

LIMIT = 20


def _visible_projects(actor: Actor, organisation_id: UUID) -> QuerySet[Project]:
    return scope(actor, "project.view", Project.objects.filter(organisation_id=organisation_id))


def _target(kind: str, obj: Model, title: str, url_name: str, arg: str) -> LinkTarget:
    project: Project = obj.project  # type: ignore[attr-defined]
    url = reverse(
        f"projects:{url_name}",
        kwargs={"organisation": project.organisation_id, "project": project.pk, arg: obj.pk},
    )
    return LinkTarget(kind=kind, id=obj.pk, title=f"{title} ({project.title})", url=url)


def _kind(
    key: str,
    label: str,
    model: type[GoalImage] | type[Prototype] | type[Decision],
    text_field: str,
    url_name: str,
    arg: str,
) -> LinkKind:
    def objects(actor: Actor, organisation_id: UUID) -> QuerySet[Model]:
        projects = _visible_projects(actor, organisation_id)
        return model.objects.filter(project__in=projects).select_related("project")

    def resolve(actor: Actor, organisation_id: UUID, ids: list[UUID]) -> list[LinkTarget]:
        found = objects(actor, organisation_id).filter(pk__in=ids)
        return [_target(key, o, getattr(o, text_field), url_name, arg) for o in found]

    def search(actor: Actor, organisation_id: UUID, text: str) -> list[LinkTarget]:
        query = objects(actor, organisation_id)
        words = text.split()[:5]
        for word in words:
            query = query.filter(
                Q(**{f"{text_field}__icontains": word}) | Q(project__title__icontains=word)
            )
        return [_target(key, o, getattr(o, text_field), url_name, arg) for o in query[:LIMIT]]

    return LinkKind(key=key, label=label, resolve=resolve, search=search)


def register_kinds() -> None:
    register(
        _kind("projects.goal_image", cast(str, _("Goal image")), GoalImage, "text", "goal", "goal")
    )
    register(
        _kind(
            "projects.prototype",
            cast(str, _("Prototype")),
            Prototype,
            "title",
            "prototype",
            "prototype",
        )
    )
    register(
        _kind(
            "projects.decision", cast(str, _("Decision")), Decision, "title", "decision", "decision"
        )
    )
