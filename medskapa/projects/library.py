"""The method library: cards shipped as data (data/method_cards.json), in Swedish and English."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

CARDS_FILE = Path(__file__).resolve().parent / "data" / "method_cards.json"
CARD_ORDER = [
    "interview",
    "observation",
    "workshop",
    "journey_map",
    "persona",
    "prototype",
    "user_test",
]


@dataclass(frozen=True)
class Card:
    key: str
    phase: str
    title: str
    purpose: str
    steps: tuple[str, ...]
    time: str
    materials: tuple[str, ...]
    tips: tuple[str, ...]


@cache
def _raw() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(CARDS_FILE.read_text(encoding="utf-8"))
    return data


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def card(key: str, language: str | None = None) -> Card | None:
    raw = _raw().get(key)
    if raw is None:
        return None
    text = raw[language or _language()]
    if not isinstance(text, dict):
        return None
    return Card(
        key=key,
        phase=str(raw["phase"]),
        title=text["title"],
        purpose=text["purpose"],
        steps=tuple(text["steps"]),
        time=text["time"],
        materials=tuple(text["materials"]),
        tips=tuple(text["tips"]),
    )


def cards(language: str | None = None) -> list[Card]:
    found = (card(key, language) for key in CARD_ORDER)
    return [c for c in found if c is not None]
