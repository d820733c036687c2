"""Links between domain objects across apps, without the apps importing each other.

A decision in a project rests on patterns from insights and on check-in campaigns; feedback
goes back along the same links. Each app registers the kinds of object it can be linked to
(``register(LinkKind(...))`` in ``AppConfig.ready``); an app that stores a link keeps only
``(kind, target_id)`` and asks this registry for titles, addresses and search results, through
functions that apply the permission layer. A kind whose app is not installed simply resolves
to nothing, so each app lands cleanly whichever comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

from medskapa.access.actor import Actor


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    id: UUID
    title: str
    url: str


# (actor, organisation id, ids) -> the targets among ids the actor may see
Resolver = Callable[[Actor, UUID, list[UUID]], list[LinkTarget]]
# (actor, organisation id, query text) -> up to 20 targets the actor may see
Searcher = Callable[[Actor, UUID, str], list[LinkTarget]]


@dataclass(frozen=True)
class LinkKind:
    key: str  # e.g. "insights.pattern"
    label: str  # shown to staff, e.g. "Mönster"
    resolve: Resolver
    search: Searcher


_KINDS: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[LinkKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)


def kind(key: str) -> LinkKind | None:
    return _KINDS.get(key)


def resolve(
    actor: Actor, organisation_id: UUID, links: Iterable[tuple[str, UUID]]
) -> list[LinkTarget]:
    """The targets of ``links`` the actor may see, in the given order; unknown kinds and
    targets outside the actor's reach are left out."""
    by_kind: dict[str, list[UUID]] = {}
    order: list[tuple[str, UUID]] = []
    for key, target_id in links:
        by_kind.setdefault(key, []).append(target_id)
        order.append((key, target_id))
    found: dict[tuple[str, UUID], LinkTarget] = {}
    for key, ids in by_kind.items():
        link_kind = _KINDS.get(key)
        if link_kind is None:
            continue
        for target in link_kind.resolve(actor, organisation_id, ids):
            found[(key, target.id)] = target
    return [found[pair] for pair in order if pair in found]
