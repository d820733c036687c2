"""Reads of insights, through the permission layer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from medskapa.access.actor import Actor
from medskapa.access.registry import can, scope
from medskapa.engines.smallgroups import suppress_line
from medskapa.organisations.models import Organisation

from .models import (
    AgeBand,
    Fragment,
    Method,
    ParticipantRole,
    Pattern,
    Source,
    SuggestedTheme,
    Tag,
    ThemeRun,
)

SMALL_GROUP = 5


def people_of(organisation: Organisation) -> tuple[list[str], list[str]]:
    """The usernames and the name parts of everyone who is or was a member of the
    organisation: masked in every imported text, whether or not a name list knows them."""
    from medskapa.organisations.models import Membership

    rows = Membership.objects.filter(organisation=organisation).values_list(
        "user__username", "user__first_name", "user__last_name", "user__display_name"
    )
    usernames: set[str] = set()
    names: set[str] = set()
    for username, first, last, display in rows:
        if username:
            usernames.add(username)
        for part in f"{first} {last} {display}".split():
            if len(part) >= 2 and part[0].isalpha():
                names.add(part)
    return sorted(usernames), sorted(names)


def latest_run(organisation: Organisation) -> ThemeRun | None:
    """The organisation's newest finished theme run (its model places new fragments)."""
    return (
        ThemeRun.objects.filter(organisation=organisation, status=ThemeRun.Status.FINISHED)
        .order_by("-finished_at")
        .first()
    )


def sources_for(actor: Actor, organisation: Organisation) -> QuerySet[Source]:
    return (
        scope(actor, "insight_source.view", Source.objects.all())
        .filter(organisation=organisation)
        .select_related("unit")
        .annotate(fragment_count=Count("fragments"))
    )


def fragments_for(actor: Actor, organisation: Organisation) -> QuerySet[Fragment]:
    sources = scope(actor, "insight_source.view", Source.objects.all()).filter(
        organisation=organisation
    )
    return Fragment.objects.filter(source__in=sources).select_related("source", "pattern")


def patterns_for(actor: Actor, organisation: Organisation) -> QuerySet[Pattern]:
    return (
        scope(actor, "insight_pattern.view", Pattern.objects.all())
        .filter(organisation=organisation)
        .annotate(fragment_count=Count("fragments"))
    )


def tags_for(organisation: Organisation) -> list[Tag]:
    """The codebook in tree order (parents before their children), with a depth each."""
    tags = list(Tag.objects.filter(organisation=organisation).select_related("parent"))
    children: dict[Any, list[Tag]] = defaultdict(list)
    for tag in tags:
        children[tag.parent_id].append(tag)
    ordered: list[Tag] = []

    def walk(parent: Any, depth: int) -> None:
        for tag in sorted(children.get(parent, []), key=lambda t: t.name.casefold()):
            tag.depth = depth  # type: ignore[attr-defined]
            ordered.append(tag)
            if depth < 10:
                walk(tag.pk, depth + 1)

    walk(None, 0)
    return ordered


def runs_for(actor: Actor, organisation: Organisation) -> QuerySet[ThemeRun]:
    return (
        scope(actor, "insight_run.view", ThemeRun.objects.all())
        .filter(organisation=organisation)
        .defer("state")
    )


def board(run: ThemeRun) -> list[SuggestedTheme]:
    columns = list(
        run.themes.exclude(status=SuggestedTheme.Status.DISCARDED)
        .select_related("pattern")
        .prefetch_related("fragments__source", "fragments__tags")
    )
    for column in columns:
        members = sorted(column.fragments.all(), key=lambda f: (str(f.source_id), f.position))
        quotes = {q: i for i, q in enumerate(column.quote_ids)}
        members.sort(key=lambda f: quotes.get(str(f.pk), len(quotes)))
        column.cards = members  # type: ignore[attr-defined]
    return columns


# --- Small groups ---------------------------------------------------------------------------
def suppress(n: int, k: int = SMALL_GROUP) -> int | None:
    """A count, or None when it stands for fewer than ``k`` people (0 is shown)."""
    return suppress_line([n], k=k, total_shown=False).cells[0]


def suppress_cells(
    cells: dict[Any, int], k: int = SMALL_GROUP
) -> tuple[dict[Any, int | None], int | None]:
    """Cells (and their total) with every group under ``k`` hidden, plus complementary
    suppression so no hidden cell is the total minus the rest (engines.smallgroups)."""
    keys = list(cells)
    line = suppress_line([cells[key] for key in keys], k=k, total_shown=True)
    return dict(zip(keys, line.cells, strict=True)), line.total


def contributors(fragments: Iterable[Fragment]) -> int:
    """How many people a set of fragments speaks for: each pseudonym once, each other source
    with its number of participants."""
    pseudonyms: set[str] = set()
    sources: dict[Any, int] = {}
    for fragment in fragments:
        if fragment.pseudonym:
            pseudonyms.add(fragment.pseudonym)
        else:
            sources[fragment.source_id] = fragment.source.participants
    return len(pseudonyms) + sum(sources.values())


def _group(fragment: Fragment) -> tuple[str, str, Any]:
    source = fragment.source
    return (source.age_band, source.participant_role, source.unit_id)


@dataclass
class Breakdown:
    title: str
    rows: list[tuple[str, int | None]] = field(default_factory=list)
    total: int | None = None


@dataclass
class Quote:
    fragment: Fragment
    hidden: bool


@dataclass
class PatternSummary:
    total: int | None
    fragments: int
    breakdowns: list[Breakdown]
    quotes: list[Quote]
    hidden_quotes: int


def pattern_summary(actor: Actor, pattern: Pattern, *, titles: dict[str, str]) -> PatternSummary:
    """Counts by age band, role, unit and method (people, groups under five hidden), and the
    quotes: a quote whose group (age band, role, unit) is under five people is left out unless
    the viewer may unmask (may see identified data)."""
    fragments = list(
        pattern.fragments.select_related("source", "source__unit").order_by(
            "source__date", "position"
        )
    )
    may_see_small = bool(fragments) and can(actor, "insight_fragment.unmask", fragments[0])
    by_group: dict[Any, list[Fragment]] = defaultdict(list)
    for fragment in fragments:
        by_group[_group(fragment)].append(fragment)
    group_size = {key: contributors(members) for key, members in by_group.items()}

    def breakdown(title: str, key: Any, label: Any) -> Breakdown:
        groups: dict[Any, list[Fragment]] = defaultdict(list)
        names: dict[Any, str] = {}
        for fragment in fragments:
            k = key(fragment)
            groups[k].append(fragment)
            names[k] = label(fragment)
        cells, total = suppress_cells({k: contributors(v) for k, v in groups.items()})
        rows = sorted(((names[k], v) for k, v in cells.items()), key=lambda r: r[0])
        return Breakdown(title, rows, total)

    breakdowns = [
        breakdown(
            titles["age_band"],
            lambda f: f.source.age_band,
            lambda f: str(AgeBand(f.source.age_band).label),
        ),
        breakdown(
            titles["role"],
            lambda f: f.source.participant_role,
            lambda f: str(ParticipantRole(f.source.participant_role).label),
        ),
        breakdown(
            titles["unit"],
            lambda f: f.source.unit_id,
            lambda f: f.source.unit.name if f.source.unit else titles["no_unit"],
        ),
        breakdown(
            titles["method"],
            lambda f: f.source.method,
            lambda f: str(Method(f.source.method).label),
        ),
    ]
    quotes = [
        Quote(f, hidden=group_size[_group(f)] < SMALL_GROUP and not may_see_small)
        for f in fragments
    ]
    return PatternSummary(
        total=breakdowns[0].total if fragments else 0,
        fragments=len(fragments),
        breakdowns=breakdowns,
        quotes=[q for q in quotes if not q.hidden],
        hidden_quotes=sum(1 for q in quotes if q.hidden),
    )
