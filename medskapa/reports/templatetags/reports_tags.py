from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def cycle_header(header: list[str], index: int) -> str:
    """The column heading for a cell (phones show it before the value)."""
    return header[index] if 0 <= index < len(header) else ""


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
