"""Server-rendered SVG charts for the dashboards and reports: no JavaScript, print well, each
with a <title> and a <desc> in words; the same figures are always in a table next to it."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .dashboards import SCORES, MonthPoint, Row

BAR_H = 22
GAP = 10
LABEL_W = 150
WIDTH = 560


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="report-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def _score_class(score: int | None) -> str:
    return f"seg-{score}" if score is not None else "seg-skip"


def stacked_bars(rows: list[Row], *, title: str, chart_id: str) -> SafeString:
    """One bar per row, split by score (share of the row's answers); hidden cells together
    as one grey part "dold". Rows whose total is hidden are drawn empty."""
    height = len(rows) * (BAR_H + GAP) + GAP + 24
    descriptions = []
    for row in rows:
        if not row.total:
            descriptions.append(_("%(row)s: too few to show") % {"row": row.label})
            continue
        parts = [
            _("%(score)s: %(share)s %%")
            % {"score": s if s is not None else _("did not answer"), "share": round(share * 100)}
            for s, share in row.shown_share
        ]
        if row.hidden_share > 0.0001:
            parts.append(_("hidden: %(share)s %%") % {"share": round(row.hidden_share * 100)})
        descriptions.append(f"{row.label}: " + ", ".join(parts))
    parts_svg = _open(chart_id, WIDTH, height, title, ". ".join(descriptions))
    plot = WIDTH - LABEL_W - 10
    for index, row in enumerate(rows):
        y = GAP + index * (BAR_H + GAP)
        parts_svg.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" '
            f'class="chart-label">{escape(row.label[:24])}</text>'
        )
        parts_svg.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{plot}" height="{BAR_H}" class="seg-frame"/>'
        )
        x = float(LABEL_W)
        for score, share in row.shown_share:
            w = plot * share
            parts_svg.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                f'class="{_score_class(score)}"/>'
            )
            if w > 18:
                label = str(score) if score is not None else "–"
                parts_svg.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + BAR_H * 0.7:.1f}" text-anchor="middle" '
                    f'class="seg-text seg-text-{score if score is not None else "skip"}">'
                    f"{label}</text>"
                )
            x += w
        if row.hidden_share > 0.0001 and row.total:
            w = plot * row.hidden_share
            parts_svg.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_H}" class="seg-hidden"/>'
            )
    legend_y = height - 8
    legend = [(s, str(s)) for s in SCORES if s is not None] + [
        (None, _("did not answer")),
        ("hidden", _("hidden")),
    ]
    x = LABEL_W
    for key, text in legend:
        css = "seg-hidden" if key == "hidden" else _score_class(key)  # type: ignore[arg-type]
        parts_svg.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" class="{css}"/>'
        )
        parts_svg.append(
            f'<text x="{x + 16}" y="{legend_y}" class="chart-label">{escape(text)}</text>'
        )
        x += 16 + 8 * len(text) + 12
    parts_svg.append("</svg>")
    return mark_safe("".join(parts_svg))  # noqa: S308  # nosec B308 B703 (texts escaped above)


def means_over_time(points: list[MonthPoint], *, title: str, chart_id: str) -> SafeString:
    """The monthly mean (1–5) with its 95 % interval as a vertical bar; months with too few
    answers are left empty, never drawn as zero."""
    height, pad_l, pad_r, pad_t, pad_b = 170, 30, 10, 12, 30
    plot_w, plot_h = WIDTH - pad_l - pad_r, height - pad_t - pad_b
    count = max(len(points), 1)

    def x(index: int) -> float:
        return pad_l + plot_w * (index + 0.5) / count

    def y(value: float) -> float:
        value = min(5.0, max(1.0, value))
        return pad_t + plot_h * (5 - value) / 4

    words = []
    for point in points:
        month = date_format(point.month, "F Y")
        if point.summary is None:
            words.append(_("%(month)s: too few to show") % {"month": month})
        else:
            words.append(
                _("%(month)s: mean %(mean)s (95 %% interval %(low)s–%(high)s), %(n)s answers")
                % {
                    "month": month,
                    "mean": f"{point.summary.mean:.1f}",
                    "low": f"{max(1.0, point.summary.low):.1f}",
                    "high": f"{min(5.0, point.summary.high):.1f}",
                    "n": point.summary.n,
                }
            )
    svg = _open(chart_id, WIDTH, height, title, ". ".join(words))
    for value in range(1, 6):
        svg.append(
            f'<line x1="{pad_l}" x2="{WIDTH - pad_r}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'class="chart-grid"/>'
            f'<text x="{pad_l - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'class="chart-label">{value}</text>'
        )
    previous: tuple[float, float] | None = None
    step = max(1, count // 12)
    for index, point in enumerate(points):
        if index % step == 0:
            svg.append(
                f'<text x="{x(index):.1f}" y="{height - 10}" text-anchor="middle" '
                f'class="chart-label">{escape(date_format(point.month, "M y"))}</text>'
            )
        if point.summary is None:
            previous = None
            continue
        s = point.summary
        here = (x(index), y(s.mean))
        svg.append(
            f'<line x1="{here[0]:.1f}" x2="{here[0]:.1f}" y1="{y(s.low):.1f}" '
            f'y2="{y(s.high):.1f}" class="chart-band"/>'
        )
        if previous is not None:
            svg.append(
                f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{here[0]:.1f}" '
                f'y2="{here[1]:.1f}" class="chart-mean"/>'
            )
        svg.append(f'<circle cx="{here[0]:.1f}" cy="{here[1]:.1f}" r="4" class="chart-dot"/>')
        previous = here
    svg.append("</svg>")
    return mark_safe("".join(svg))  # noqa: S308  # nosec B308 B703 (texts escaped above)
