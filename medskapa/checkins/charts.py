"""Server-rendered SVG line charts of scores over time: no JavaScript, print well, and come
with a text alternative. The same data is always shown as a table beside the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.html import escape

WIDTH = 320
HEIGHT = 140
PAD_X = 28
PAD_Y = 14


@dataclass(frozen=True)
class Point:
    when: datetime
    score: int | None


def line_chart(points: list[Point], *, title: str, description: str, chart_id: str) -> str:
    """An SVG of scores 1–5 over time. Skipped answers leave a gap, never a zero."""
    plot_w = WIDTH - 2 * PAD_X
    plot_h = HEIGHT - 2 * PAD_Y
    count = len(points)

    def x(index: int) -> float:
        return PAD_X + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    def y(score: int) -> float:
        return PAD_Y + plot_h * (5 - score) / 4

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for score in range(1, 6):
        parts.append(
            f'<line x1="{PAD_X}" x2="{WIDTH - PAD_X}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            'class="chart-grid"/>'
            f'<text x="{PAD_X - 8}" y="{y(score) + 4:.1f}" class="chart-axis" '
            f'text-anchor="end">{score}</text>'
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
            parts.append(f'<polyline points="{" ".join(seg)}" class="chart-line"/>')
    for index, point in enumerate(points):
        if point.score is not None:
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{y(point.score):.1f}" r="4" class="chart-dot"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


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
