"""Faces for the scale and icons for life areas, as inline SVG: no images to download, crisp
on any screen, and always shown next to words (aria-hidden: the words carry the meaning)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

_ICONS = {
    "heart": "M24 40 L9 25 A8 8 0 0 1 24 13 A8 8 0 0 1 39 25 Z",
    "book": "M8 12 h13 a3 3 0 0 1 3 3 v22 a3 3 0 0 0 -3 -3 H8 Z M40 12 H27 a3 3 0 0 0 -3 3 v22 "
    "a3 3 0 0 1 3 -3 h13 Z",
    "cloud": "M14 34 a7 7 0 0 1 1 -14 a10 10 0 0 1 19 -2 a7 7 0 0 1 1 16 Z",
    "house": "M8 24 L24 10 L40 24 M13 20 V38 H35 V20 M21 38 V28 H27 V38",
    "people": "M17 22 a5 5 0 1 0 0.1 0 Z M31 22 a5 5 0 1 0 0.1 0 Z M8 38 a9 9 0 0 1 18 0 "
    "M22 38 a9 9 0 0 1 18 0",
    "ball": "M24 8 a16 16 0 1 0 0.1 0 Z M8 24 h32 M24 8 c-8 8 -8 24 0 32 M24 8 c8 8 8 24 0 32",
    "shield": "M24 8 L38 13 V23 C38 32 32 37 24 40 C16 37 10 32 10 23 V13 Z",
    "star": "M24 8 L28.7 18.5 L40 19.6 L31.5 27.1 L34 38.4 L24 32.5 L14 38.4 L16.5 27.1 L8 19.6 "
    "L19.3 18.5 Z",
}


@register.simple_tag
def area_icon(name: str) -> SafeString:
    path = _ICONS.get(name, "M24 10 a14 14 0 1 0 0.1 0 Z")
    return format_html(
        '<svg class="area-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">'
        '<path d="{}" fill="none" stroke="currentColor" stroke-width="2.5" '
        'stroke-linejoin="round" stroke-linecap="round"/></svg>',
        path,
    )


@register.simple_tag
def face(score: int | str) -> SafeString:
    """A face whose mouth curves with the score: 5 a wide smile, 3 straight, 1 sad."""
    try:
        value = int(score)
    except (TypeError, ValueError):
        return format_html(
            '<svg class="face" viewBox="0 0 48 48" aria-hidden="true" focusable="false">'
            '<circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" '
            'stroke-width="2.5" stroke-dasharray="{}"/></svg>',
            "4 4",
        )
    bend = (value - 3) * 5
    return format_html(
        '<svg class="face" viewBox="0 0 48 48" aria-hidden="true" focusable="false">'
        '<circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" stroke-width="2.5"/>'
        '<circle cx="17" cy="19" r="2.5" fill="currentColor"/>'
        '<circle cx="31" cy="19" r="2.5" fill="currentColor"/>'
        '<path d="M14 {0} Q24 {1} 34 {0}" '
        'fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>',
        f"{32 - bend / 3:.1f}",
        f"{32 + bend:.1f}",
    )


@register.filter
def tr(texts: dict[str, str] | None, language: str) -> str:
    """A graph text in the page's language (Swedish when it is missing)."""
    from medskapa.checkins.graph import text_in

    return text_in(texts or {}, language) if texts else ""


@register.filter
def get_item(mapping: dict[object, object] | None, key: object) -> object:
    return (mapping or {}).get(key)
