"""Start-page panels contributed by domain apps, so the core shell never imports them.

A domain app registers ``StartPanel(template=..., context=..., roles=...)`` in its
``AppConfig.ready``; the start page renders every panel whose roles the user holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class StartPanel:
    key: str
    template: str
    roles: frozenset[str]
    context: Callable[[HttpRequest], dict[str, Any]]
    order: int = 100


_PANELS: dict[str, StartPanel] = {}


def register(panel: StartPanel) -> None:
    _PANELS[panel.key] = panel


def panels_for(roles: set[str]) -> list[StartPanel]:
    return sorted((p for p in _PANELS.values() if p.roles & roles), key=lambda p: p.order)
