"""The well-being dashboard: figures read from the rollups, small groups hidden.

One page answers one question ("how are young people doing in this unit, period, age band,
source?") with four queries on ``ScoreRollup``:

* by area and month — the distribution per life area (each a 1-D table with its total) and the
  monthly series (n per month as a 1-D table; a month's distribution, mean and 95 % interval
  only when none of its cells is a small group);
* by unit, and by age band, for the chosen area — two 2-D tables (rows × scores, with totals)
  that share their column totals with the chosen area's distribution, suppressed together;
* the anonymous surveys in the period, with their numbers of answers.

Counts are young person-months (see ``rollups``). A cell is a small group when the number of
*people* behind it may be under 5: within one month the count is people; over several months
we only know that it is at least the largest single month, and use that (safe side).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.access.actor import Actor
from medskapa.access.registry import can, scope
from medskapa.checkins.models import Campaign
from medskapa.engines import smallgroups
from medskapa.organisations.models import Organisation, Unit

from .models import ScoreRollup

K = smallgroups.K_DEFAULT
SCORES: list[int | None] = [1, 2, 3, 4, 5, None]  # None: "Vill inte svara", the last column
AGE_BANDS = ["8-12", "13-15", "16-17", "18-20", "21+", ""]
TREND_WORDS = {
    "up": gettext_lazy("better than the month before"),
    "down": gettext_lazy("worse than the month before"),
    "flat": gettext_lazy("no clear change from the month before"),
    "unknown": gettext_lazy("too few answers to say"),
}


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    result = []
    current = month_start(start)
    while current <= end:
        result.append(current)
        current = add_months(current, 1)
    return result


@dataclass(frozen=True)
class Filters:
    start: date  # first day of the first month
    end: date  # first day of the last month (inclusive)
    unit: Unit | None = None
    age_band: str | None = None  # None: all age bands
    area: str = ""
    campaign: UUID | None = None  # None: personal check-ins


def reach(actor: Actor, organisation: Organisation) -> list[str] | None:
    """The unit paths whose subtrees the actor may see figures for; None: all of it.

    The layer answers (``reports.view_whole``, ``reports.view_unit``): the figures follow the
    same rules as every other read, and no page compares roles itself.
    """
    if can(actor, "reports.view_whole", organisation):
        return None
    units = scope(actor, "reports.view_unit", Unit.objects.filter(organisation=organisation))
    paths = sorted(set(units.values_list("path", flat=True)))
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def _path_filter(paths: list[str]) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(unit_path__startswith=path)
    return query


def base_rows(
    organisation: Organisation, paths: list[str] | None, filters: Filters
) -> QuerySet[ScoreRollup]:
    rows = ScoreRollup.objects.filter(
        organisation=organisation, month__gte=filters.start, month__lte=filters.end
    )
    if paths is not None:
        rows = rows.filter(_path_filter(paths))
    if filters.unit is not None:
        rows = rows.filter(unit_path__startswith=filters.unit.path)
    if filters.age_band is not None:
        rows = rows.filter(age_band=filters.age_band)
    if filters.campaign is not None:
        return rows.filter(campaign_id=filters.campaign)
    return rows.filter(campaign_id__isnull=True)


def survey_rows(
    organisation: Organisation, paths: list[str] | None, filters: Filters, area: str
) -> QuerySet[ScoreRollup]:
    """Anonymous survey answers in the period, in the actor's (and the chosen) units."""
    rows = ScoreRollup.objects.filter(
        organisation=organisation,
        month__gte=filters.start,
        month__lte=filters.end,
        campaign_id__isnull=False,
    )
    if paths is not None:
        rows = rows.filter(_path_filter(paths))
    if filters.unit is not None:
        rows = rows.filter(unit_path__startswith=filters.unit.path)
    return rows.filter(area=area) if area else rows


def grouped(rows: QuerySet[ScoreRollup], dimension: str) -> list[dict[str, Any]]:
    """One query: Σ n per month × ``dimension`` × score."""
    return list(rows.values("month", dimension, "score").annotate(total=Sum("n")).order_by())


# --- Turning grouped counts into tables -----------------------------------------------------
Monthly = dict[tuple[Any, date], dict[int | None, int]]  # (row key, month) -> score -> n


def _monthly(result: list[dict[str, Any]], dimension: str, key: Any = None) -> Monthly:
    monthly: Monthly = defaultdict(lambda: defaultdict(int))
    for item in result:
        row = key(item[dimension]) if key else item[dimension]
        monthly[(row, item["month"])][item["score"]] += item["total"]
    return monthly


def _counts_and_people(
    monthly: Monthly, keys: list[Any]
) -> tuple[list[list[int]], list[list[int]]]:
    """Counts per row × score, and the extended matrix of lower bounds of people."""
    months = sorted({m for _k, m in monthly})
    counts = [
        [sum(monthly.get((k, m), {}).get(s, 0) for m in months) for s in SCORES] for k in keys
    ]

    def best(values: list[int]) -> int:
        return max(values, default=0)

    people = []
    for k in keys:
        per_month = [monthly.get((k, m), {}) for m in months]
        row = [best([pm.get(s, 0) for pm in per_month]) for s in SCORES]
        row.append(best([sum(pm.values()) for pm in per_month]))
        people.append(row)
    totals = []
    for s in SCORES:
        totals.append(best([sum(monthly.get((k, m), {}).get(s, 0) for k in keys) for m in months]))
    totals.append(best([sum(sum(monthly.get((k, m), {}).values()) for k in keys) for m in months]))
    people.append(totals)
    return counts, people


@dataclass
class Row:
    key: str
    label: str
    cells: list[int | None]  # per SCORES; None = hidden
    total: int | None
    summary: smallgroups.Summary | None = None
    link: str = ""  # a query string that narrows the page to this row

    @property
    def shown_share(self) -> list[tuple[int | None, float]]:
        """(score, share of the total) for the chart; hidden cells are left out."""
        if not self.total:
            return []
        return [(s, c / self.total) for s, c in zip(SCORES, self.cells, strict=True) if c]

    @property
    def hidden_share(self) -> float:
        if not self.total:
            return 0.0
        return max(0.0, 1 - sum(share for _s, share in self.shown_share))


@dataclass
class BreakdownTable:
    key: str
    caption: str
    heading: str
    rows: list[Row]
    totals: Row


@dataclass
class MonthPoint:
    month: date
    n: int | None
    cells: list[int] | None  # the whole distribution, only when no cell is a small group
    summary: smallgroups.Summary | None


@dataclass
class AreaSeries:
    area: str
    title: str
    line: Row
    months: list[MonthPoint]
    trend: smallgroups.Trend
    trend_words: str


@dataclass
class Dashboard:
    filters: Filters
    areas: list[AreaSeries]
    selected: AreaSeries | None
    breakdowns: list[BreakdownTable] = field(default_factory=list)
    campaigns: list[tuple[Campaign, int | None]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(series.line.total != 0 for series in self.areas)


def _line_row(key: str, label: str, counts: list[int], people: list[int]) -> Row:
    line = smallgroups.suppress_line(counts, people=people)
    return Row(key, label, list(line.cells), line.total)


def _summary(counts: list[int], shown: list[int | None], people: int) -> smallgroups.Summary | None:
    distribution = {s: c for s, c in zip(SCORES, counts, strict=True) if s is not None}
    return smallgroups.safe_summary(distribution, shown=shown, people=people)


def _series(area: str, title: str, monthly: Monthly, months: list[date], line: Row) -> AreaSeries:
    points: list[MonthPoint] = []
    n_per_month = [sum(monthly.get((area, m), {}).values()) for m in months]
    n_line = smallgroups.suppress_line(n_per_month, total_shown=line.total is not None)
    for month, n_shown in zip(months, n_line.cells, strict=True):
        dist = monthly.get((area, month), {})
        cells = [dist.get(s, 0) for s in SCORES]
        clean = all(c == 0 or c >= K for c in cells)
        summary = _summary(cells, list(cells), sum(cells)) if clean and n_shown else None
        shown_cells = cells if clean and (n_shown or not any(cells)) else None
        points.append(MonthPoint(month, n_shown, shown_cells, summary))
    with_mean = [p for p in points if p.summary is not None]
    change = (
        smallgroups.trend(with_mean[-2].summary, with_mean[-1].summary)
        if len(with_mean) >= 2 and with_mean[-1].month == points[-1].month
        else smallgroups.Trend("unknown", None, None, None)
    )
    return AreaSeries(area, title, line, points, change, str(TREND_WORDS[change.direction]))


def _unit_rows(
    organisation: Organisation, paths: list[str] | None, unit: Unit | None
) -> list[tuple[str, str, str, bool]]:
    """(key, label, path, whole subtree?) for the rows of the unit table."""
    units = Unit.objects.filter(organisation=organisation)
    if unit is not None:
        children = units.filter(parent=unit)
        rows = [(str(c.pk), c.name, c.path, True) for c in children]
        rows.append(("direct", _("%(unit)s itself") % {"unit": unit.name}, unit.path, False))
        return rows
    if paths is None:
        rows = [(str(u.pk), u.name, u.path, True) for u in units.filter(parent__isnull=True)]
        rows.append(("none", _("No unit"), "", False))
        return rows
    return [(str(u.pk), u.name, u.path, True) for u in units.filter(path__in=paths)]


def _unit_key(rows: list[tuple[str, str, str, bool]]) -> Any:
    def key(path: str) -> str:
        for row_key, _label, row_path, subtree in rows:
            if (subtree and path.startswith(row_path)) or (not subtree and path == row_path):
                return row_key
        return "other"

    return key


def build(
    actor: Actor,
    organisation: Organisation,
    filters: Filters,
    areas: list[tuple[str, str]],
) -> Dashboard:
    """Everything the dashboard page shows. ``areas``: (key, title) in the graph's order."""
    paths = reach(actor, organisation)
    months = months_between(filters.start, filters.end)
    base = base_rows(organisation, paths, filters)
    by_area = _monthly(grouped(base, "area"), "area")
    known = [key for key, _t in areas]
    extra = sorted({k for k, _m in by_area} - set(known))
    titles = dict(areas) | {k: k for k in extra}
    area_keys = known + extra
    with_data = [k for k in area_keys if any(key == k for key, _m in by_area)]
    fallback = with_data[0] if with_data else (area_keys[0] if area_keys else "")
    selected_key = filters.area if filters.area in titles else fallback

    breakdowns: list[BreakdownTable] = []
    shared_totals: list[int | None] | None = None
    if selected_key:
        area_rows = base.filter(area=selected_key)
        unit_rows = _unit_rows(organisation, paths, filters.unit)
        by_unit = _monthly(grouped(area_rows, "unit_path"), "unit_path", _unit_key(unit_rows))
        unit_labels = [(k, label) for k, label, _p, _s in unit_rows]
        if any(k == "other" for k, _m in by_unit):
            unit_labels.append(("other", _("Units removed or moved")))
        unit_labels = [(k, label) for k, label in unit_labels if any(rk == k for rk, _m in by_unit)]
        by_band = _monthly(grouped(area_rows, "age_band"), "age_band")
        band_labels = [
            (b, b or _("Age not known")) for b in AGE_BANDS if any(rk == b for rk, _m in by_band)
        ]
        tables_in = []
        for monthly, labels in ((by_unit, unit_labels), (by_band, band_labels)):
            counts, people = _counts_and_people(monthly, [k for k, _l in labels])
            tables_in.append((counts, people, labels))
        own_line = _counts_and_people(by_area, [selected_key])
        own = smallgroups.suppress_line(own_line[0][0], people=own_line[1][0])
        forced = [c is None for c in own.cells] + [own.total is None]
        if unit_labels and band_labels:
            tables = smallgroups.suppress_sharing_totals(
                [t[0] for t in tables_in], people=[t[1] for t in tables_in], hide_in_totals=forced
            )
            for (key, caption, heading), (counts, people, labels), table in zip(
                (
                    ("unit", _("By unit"), _("Unit")),
                    ("age", _("By age band"), _("Age band")),
                ),
                tables_in,
                tables,
                strict=True,
            ):
                rows = []
                for (row_key, label), row_counts, row_people, cells, total in zip(
                    labels, counts, people[:-1], table.cells, table.row_totals, strict=True
                ):
                    rows.append(
                        Row(
                            row_key,
                            label,
                            list(cells),
                            total,
                            _summary(row_counts, list(cells), row_people[-1]),
                        )
                    )
                totals_cells = list(table.column_totals)
                shared_totals = [*totals_cells, table.grand_total]
                totals = Row("all", _("All"), totals_cells, table.grand_total)
                breakdowns.append(BreakdownTable(key, caption, heading, rows, totals))

    series = []
    for area in area_keys:
        counts, people = _counts_and_people(by_area, [area])
        line = _line_row(area, titles[area], counts[0], people[0])
        if area == selected_key and shared_totals is not None:
            line = Row(area, titles[area], shared_totals[:-1], shared_totals[-1])
        line.summary = _summary(counts[0], line.cells, people[0][-1])
        series.append(_series(area, titles[area], by_area, months, line))
    for breakdown in breakdowns:
        selected_series = next(s for s in series if s.area == selected_key)
        breakdown.totals.summary = selected_series.line.summary

    campaigns = []
    if filters.campaign is None:
        campaign_rows = survey_rows(organisation, paths, filters, selected_key)
        answers = dict(
            campaign_rows.values("campaign_id")
            .annotate(total=Sum("n"))
            .values_list("campaign_id", "total")
        )
        for campaign in Campaign.objects.filter(pk__in=list(answers)).order_by("-opens_at"):
            n = answers[campaign.pk]
            campaigns.append((campaign, n if n >= K else None))
    selected = next((s for s in series if s.area == selected_key), None)
    return Dashboard(filters, series, selected, breakdowns, campaigns)
