"""A journey map drawn on the server: the feelings curve as SVG, and exports as PDF
(WeasyPrint, A4 landscape) and PNG (drawn with Pillow; cairosvg is not installed)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import JourneyMap
from .selectors import Grid, journey_grid

FEELING_WORDS = {
    -2: gettext_noop("Very bad"),
    -1: gettext_noop("Bad"),
    0: gettext_noop("Neither good nor bad"),
    1: gettext_noop("Good"),
    2: gettext_noop("Very good"),
}


def feeling_word(value: int | None) -> str:
    if value is None:
        return _("Not known")
    return _(FEELING_WORDS[value])


@dataclass
class Curve:
    width: int
    height: int
    points: list[tuple[float, float, str, str]]  # x, y, stage name, feeling in words
    path: str
    baseline: float


def feelings_curve(grid: Grid, *, column: int = 160, height: int = 120) -> Curve:
    """Points at the middle of each stage's column, +2 at the top and −2 at the bottom; stages
    without a feeling are skipped, and the line joins those that have one."""
    pad = 14
    usable = height - 2 * pad
    points: list[tuple[float, float, str, str]] = []
    for index, stage in enumerate(grid.stages):
        if stage.feeling is None:
            continue
        x = index * column + column / 2
        y = pad + (2 - stage.feeling) / 4 * usable
        points.append((x, y, stage.name, feeling_word(stage.feeling)))
    path = " ".join(
        f"{'M' if i == 0 else 'L'} {x:.1f} {y:.1f}" for i, (x, y, _n, _w) in enumerate(points)
    )
    return Curve(
        width=max(len(grid.stages), 1) * column,
        height=height,
        points=points,
        path=path,
        baseline=pad + usable / 2,
    )


def pdf_document(journey: JourneyMap) -> Any:
    """The WeasyPrint document (one A4 landscape page per sheet) for the map."""
    from weasyprint import HTML

    grid = journey_grid(journey)
    html = render_to_string(
        "projects/staff/journey_export.html",
        {"journey": journey, "grid": grid, "curve": feelings_curve(grid, column=110, height=90)},
    )
    return HTML(string=html).render()


def export_pdf(journey: JourneyMap) -> bytes:
    return bytes(pdf_document(journey).write_pdf())


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font(size: int, bold: bool = False) -> object:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default()


def _wrap(text: str, width_chars: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if len(line) + len(word) + 1 > width_chars and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def export_png(journey: JourneyMap) -> bytes:
    """The same grid and curve as the page, drawn with Pillow (1600 px wide at most stages)."""
    from PIL import Image, ImageDraw

    grid = journey_grid(journey)
    column, label_width, curve_height = 220, 170, 130
    columns = max(len(grid.stages), 1)
    heights: list[int] = []
    for _key, _label, cells in grid.rows:
        tallest = max((sum(len(_wrap(c.text, 26)) + 1 for c in cell) for cell in cells), default=0)
        heights.append(max(60, 18 * tallest + 20))
    width = label_width + columns * column + 20
    top = 70
    height = top + 40 + curve_height + sum(heights) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, bold, small = _font(22, True), _font(14, True), _font(13)
    draw.text((20, 20), journey.title, fill="#1a1a1a", font=title_font)  # type: ignore[arg-type]
    y = top
    for index, stage in enumerate(grid.stages):
        x = label_width + index * column
        draw.rectangle([x, y, x + column - 6, y + 32], fill="#e8eef7")
        draw.text((x + 8, y + 8), stage.name[:28], fill="#1a1a1a", font=bold)  # type: ignore[arg-type]
    y += 40
    curve = feelings_curve(grid, column=column, height=curve_height)
    draw.text((20, y + curve_height / 2 - 8), _("Feeling"), fill="#1a1a1a", font=bold)  # type: ignore[arg-type]
    draw.line(
        [label_width, y + curve.baseline, label_width + columns * column, y + curve.baseline],
        fill="#bbbbbb",
    )
    shifted = [(label_width + px, y + py) for px, py, _n, _w in curve.points]
    if len(shifted) > 1:
        draw.line(shifted, fill="#2b5797", width=4)
    for px, py in shifted:
        draw.ellipse([px - 6, py - 6, px + 6, py + 6], fill="#2b5797")
    y += curve_height
    for (_key, label, cells), row_height in zip(grid.rows, heights, strict=True):
        draw.line([20, y, width - 20, y], fill="#cccccc")
        draw.text((20, y + 10), label, fill="#1a1a1a", font=bold)  # type: ignore[arg-type]
        for index, cell in enumerate(cells):
            cy = y + 10
            for card in cell:
                lines = _wrap(card.text, 26)
                box = 18 * len(lines) + 8
                x = label_width + index * column
                draw.rectangle(
                    [x, cy, x + column - 10, cy + box], fill="#fff7d6", outline="#d8c46a"
                )
                for n, line in enumerate(lines):
                    draw.text((x + 6, cy + 4 + 18 * n), line, fill="#1a1a1a", font=small)  # type: ignore[arg-type]
                cy += box + 6
        y += row_height
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
