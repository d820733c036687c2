"""Reads of the reports app, through the permission layer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.checkins.services import current_graph_version
from medskapa.engines import smallgroups
from medskapa.organisations.models import Organisation, Unit

from .dashboards import add_months, reach
from .models import Agency, Gap, GapCategory, Report


def areas_of(organisation: Organisation, language: str) -> list[tuple[str, str]]:
    """(key, title) of the organisation's life areas, in the order of its questions."""
    try:
        graph = current_graph_version(organisation).load()
    except Exception:  # an organisation whose questions cannot be loaded shows raw keys
        return []
    return [(a.key, a.title.get(language) or a.title.get("sv") or a.key) for a in graph.areas]


def units_in_reach(actor: Actor, organisation: Organisation) -> list[Unit]:
    """The units whose figures the actor may see (whole subtrees of their grants)."""
    paths = reach(actor, organisation)
    units = Unit.objects.filter(organisation=organisation).order_by("path")
    if paths is None:
        return list(units)
    return [u for u in units if any(u.path.startswith(p) for p in paths)]


def unit_choices(units: list[Unit]) -> list[tuple[str, str]]:
    base = min((u.depth for u in units), default=0)
    return [(str(u.pk), "\u2003" * (u.depth - base) + u.name) for u in units]


def agencies_in_use(organisation: Organisation) -> QuerySet[Agency]:
    return Agency.objects.filter(organisation=organisation, active=True)


def categories_in_use(organisation: Organisation) -> QuerySet[GapCategory]:
    return GapCategory.objects.filter(organisation=organisation, active=True)


def gaps_for_review(actor: Actor, organisation: Organisation) -> QuerySet[Gap]:
    return (
        scope(actor, "gap.review", Gap.objects.all())
        .filter(organisation=organisation)
        .select_related("category", "unit")
        .prefetch_related("agencies")
    )


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(add_months(end, 1), time.min, tzinfo=zone),
    )


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass
class GapTables:
    quarters: list[str]
    categories: list[str]
    table: smallgroups.Table  # categories × quarters with totals
    pairs: list[tuple[str, int | None]]  # agency pair -> number of gaps (None: fewer than 5)
    sip: list[tuple[str, int | None]]  # SIP answer -> number of gaps
    total: int


def gap_tables(actor: Actor, organisation: Organisation, start: date, end: date) -> GapTables:
    """Counts of gaps by category and quarter (with totals, small groups suppressed with
    complementary suppression), by agency pair and by SIP answer (only counts ≥ 5 shown)."""
    low, high = _bounds(start, end)
    gaps = list(
        gaps_for_review(actor, organisation).filter(reported_at__gte=low, reported_at__lt=high)
    )
    quarters: list[str] = []
    month = start
    while month <= end:
        if quarter_of(month) not in quarters:
            quarters.append(quarter_of(month))
        month = add_months(month, 1)
    uncategorised = _("Not categorised yet")
    names = [c.name for c in GapCategory.objects.filter(organisation=organisation)]
    counts: Counter[tuple[str, str]] = Counter()
    pairs: Counter[str] = Counter()
    sip: Counter[str] = Counter()
    for gap in gaps:
        category = gap.category.name if gap.category else uncategorised
        counts[(category, quarter_of(timezone.localtime(gap.reported_at).date()))] += 1
        agencies = sorted(a.name for a in gap.agencies.all())
        if len(agencies) == 1:
            pairs[_("%(agency)s (alone)") % {"agency": agencies[0]}] += 1
        for a, b in combinations(agencies, 2):
            pairs[f"{a} – {b}"] += 1
        sip[gap.get_sip_display()] += 1
    used = [n for n in names if any(counts[(n, q)] for q in quarters)]
    if any(counts[(uncategorised, q)] for q in quarters):
        used.append(uncategorised)
    matrix = [[counts[(c, q)] for q in quarters] for c in used] or [[0 for _q in quarters]]
    table = smallgroups.suppress_table(matrix)
    # Pairs: a gap with three agencies counts in three pairs, so no total is shown; when
    # every gap names at most two the pairs do add up to the number of gaps, so hide at least
    # two (the line rule) either way. SIP answers add up to the number of gaps.
    pair_names = sorted(pairs)
    pair_line = smallgroups.suppress_line([pairs[p] for p in pair_names])
    sip_labels = [str(label) for _v, label in Gap.Sip.choices]
    sip_line = smallgroups.suppress_line([sip[label] for label in sip_labels])
    return GapTables(
        quarters=quarters,
        categories=used or [uncategorised],
        table=table,
        pairs=sorted(
            zip(pair_names, pair_line.cells, strict=True), key=lambda pn: (-(pn[1] or 0), pn[0])
        ),
        sip=list(zip(sip_labels, sip_line.cells, strict=True)),
        total=len(gaps),
    )


def reports_for(actor: Actor, organisation: Organisation) -> QuerySet[Report]:
    return scope(actor, "report.manage", Report.objects.all()).filter(organisation=organisation)


def default_period() -> tuple[date, date]:
    """The last twelve whole months up to this month."""
    this_month = timezone.localdate().replace(day=1)
    return add_months(this_month, -11), this_month


def as_context(**items: Any) -> dict[str, Any]:
    return items
