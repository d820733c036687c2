"""Every table of the dashboards and reports as plain rows, for the HTML tables, the PDF and
CSV. Built from the already suppressed figures, so a CSV hides exactly what the page hides."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from medskapa.audit.exports import safe_cell
from medskapa.engines import smallgroups

from .dashboards import SCORES, Dashboard, Row
from .selectors import GapTables


def hidden_label() -> str:
    return pgettext("a table cell hidden to protect a small group", "hidden")


def cell(value: int | None) -> str:
    return hidden_label() if value is None else str(value)


def _mean(summary: smallgroups.Summary | None) -> list[str]:
    if summary is None:
        return ["–", "–"]
    low, high = max(1.0, summary.low), min(5.0, summary.high)
    return [f"{summary.mean:.1f}", f"{low:.1f}–{high:.1f}"]


def score_header() -> list[str]:
    return [str(s) if s is not None else _("Did not answer") for s in SCORES]


@dataclass
class ExportTable:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    footer: list[str] | None = None

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(v) for v in self.header])
        for row in self.rows:
            writer.writerow([safe_cell(v) for v in row])
        if self.footer:
            writer.writerow([safe_cell(v) for v in self.footer])
        return "\ufeff" + buffer.getvalue()

    @property
    def filename(self) -> str:
        return f"{slugify(self.key)}.csv"


def _row(row: Row) -> list[str]:
    return [row.label, *[cell(c) for c in row.cells], cell(row.total), *_mean(row.summary)]


def dashboard_tables(dashboard: Dashboard) -> list[ExportTable]:
    header_tail = [_("Number"), _("Mean (1–5)"), _("95 % interval")]
    tables = [
        ExportTable(
            "areas",
            _("Answers per life area and step (1 = very bad, 5 = very good)"),
            [_("Life area"), *score_header(), *header_tail],
            [_row(series.line) for series in dashboard.areas],
        )
    ]
    for breakdown in dashboard.breakdowns:
        tables.append(
            ExportTable(
                f"by-{breakdown.key}",
                f"{breakdown.caption}: {dashboard.selected.title if dashboard.selected else ''}",
                [breakdown.heading, *score_header(), *header_tail],
                [_row(r) for r in breakdown.rows],
                _row(breakdown.totals),
            )
        )
    if dashboard.selected is not None:
        rows = []
        for point in dashboard.selected.months:
            rows.append(
                [
                    date_format(point.month, "F Y"),
                    cell(point.n),
                    *(
                        [str(c) for c in point.cells]
                        if point.cells is not None
                        else [hidden_label()] * len(SCORES)
                    ),
                    *_mean(point.summary),
                ]
            )
        tables.append(
            ExportTable(
                "over-time",
                _("Month by month: %(area)s") % {"area": dashboard.selected.title},
                [_("Month"), _("Number"), *score_header(), _("Mean (1–5)"), _("95 % interval")],
                rows,
            )
        )
    if dashboard.campaigns:
        tables.append(
            ExportTable(
                "surveys",
                _("Anonymous surveys in the period"),
                [_("Survey"), _("Answers")],
                [[c.title, cell(n)] for c, n in dashboard.campaigns],
            )
        )
    return tables


def gap_tables(tables: GapTables) -> list[ExportTable]:
    table = tables.table
    rows = [
        [name, *[cell(c) for c in cells], cell(total)]
        for name, cells, total in zip(tables.categories, table.cells, table.row_totals, strict=True)
    ]
    return [
        ExportTable(
            "gaps-by-category",
            _("Collaboration gaps by category and quarter"),
            [_("Category"), *tables.quarters, _("All")],
            rows,
            [_("All"), *[cell(c) for c in table.column_totals], cell(table.grand_total)],
        ),
        ExportTable(
            "gaps-by-agencies",
            _("Collaboration gaps by agencies involved (a gap can count in several pairs)"),
            [_("Agencies"), _("Gaps")],
            [[pair, cell(n)] for pair, n in tables.pairs],
        ),
        ExportTable(
            "gaps-by-sip",
            _("Was there a SIP?"),
            [_("Answer"), _("Gaps")],
            [[label, cell(n)] for label, n in tables.sip],
        ),
    ]


def find(tables: list[ExportTable], key: str) -> ExportTable | None:
    return next((t for t in tables if t.key == key), None)


def as_dict(table: ExportTable) -> dict[str, Any]:
    return {"key": table.key, "title": table.title, "header": table.header, "rows": table.rows}
