"""Patterns as link targets for other apps (a project's decision rests on a pattern)."""

from __future__ import annotations

from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.web.links import LinkKind, LinkTarget, register

from .models import Pattern


def _target(pattern: Pattern) -> LinkTarget:
    return LinkTarget(
        "insights.pattern",
        pattern.pk,
        pattern.title,
        reverse("insights:pattern", args=[pattern.organisation_id, pattern.pk]),
    )


def _resolve(actor: Actor, organisation_id: UUID, ids: list[UUID]) -> list[LinkTarget]:
    patterns = scope(actor, "insight_pattern.view", Pattern.objects.all()).filter(
        organisation_id=organisation_id, pk__in=ids
    )
    return [_target(p) for p in patterns]


def _search(actor: Actor, organisation_id: UUID, query: str) -> list[LinkTarget]:
    patterns = scope(actor, "insight_pattern.view", Pattern.objects.all()).filter(
        organisation_id=organisation_id, title__icontains=query.strip()[:100]
    )
    return [_target(p) for p in patterns.order_by("title")[:20]]


def register_link_kinds() -> None:
    register(LinkKind("insights.pattern", str(_("Pattern")), _resolve, _search))
