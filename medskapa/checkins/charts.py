"""Server-rendered SVG line charts of scores over time: no JavaScript, print well, and come
with a text alternative. The same data is always shown as a table beside the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 320
HEIGHT = 140
PAD_X = 28
PAD_Y = 14


@dataclass(frozen=True)
class Point:
    when: datetime
    score: int | None


def line_chart(points: list[Point], *, title: str, description: str, chart_id: str) -> SafeString:
    """An SVG of scores 1–5 over time. Skipped answers leave a gap, never a zero."""
    plot_w = WIDTH - 2 * PAD_X
    plot_h = HEIGHT - 2 * PAD_Y
    count = len(points)

    def x(index: int) -> float:
        return PAD_X + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(score: int) -> float:
        return PAD_Y + plot_h * (5 - score) / 4

    parts: list[SafeString] = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-t {}-d" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        )
    ]
    for score in range(1, 6):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/>'
                '<text x="{}" y="{}" class="chart-axis" text-anchor="end">{}</text>',
                PAD_X,
                WIDTH - PAD_X,
                f"{y(score):.1f}",
                f"{y(score):.1f}",
                PAD_X - 8,
                f"{y(score) + 4:.1f}",
                score,
            )
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, point in enumerate(points):
        if point.score is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(index):.1f},{y(point.score):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(format_html('<polyline points="{}" class="chart-line"/>', " ".join(seg)))
    for index, point in enumerate(points):
        if point.score is not None:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" class="chart-dot"/>',
                    f"{x(index):.1f}",
                    f"{y(point.score):.1f}",
                )
            )
    parts.append(format_html("{}", SafeString("</svg>")))
    return format_html_join("", "{}", ((part,) for part in parts))


def describe_trend(points: list[Point]) -> str:
    """ "up", "down" or "same": the latest answer against the one before it."""
    scores = [p.score for p in points if p.score is not None]
    if len(scores) < 2:
        return ""
    if scores[-1] > scores[-2]:
        return "up"
    if scores[-1] < scores[-2]:
        return "down"
    return "same"
