"""Instruments (questionnaires) for check-ins: definitions and scoring. No Django.

An organisation loads a validated instrument it has the rights to as a JSON definition
(format in README.md); ``load_definition`` checks it strictly and ``score`` computes the score
from the definition alone. Medskapa ships no licensed wording (no KIDSCREEN, SDQ, ORS/CORS).
"""

from __future__ import annotations

import json
from pathlib import Path

from .definition import (
    Band,
    DefinitionError,
    Instrument,
    Item,
    MissingRule,
    Scale,
    Scoring,
    Subscale,
    load_definition,
)
from .scoring import Score, ScoreError, SubscaleScore, round_half_up, score

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


def shipped_definitions() -> dict[str, Instrument]:
    """The definitions shipped in ``definitions/`` by instrument id."""
    found = {}
    for path in sorted(DEFINITIONS.glob("*.json")):
        instrument = load_definition(json.loads(path.read_text(encoding="utf-8")))
        found[instrument.id] = instrument
    return found


__all__ = [
    "DEFINITIONS",
    "Band",
    "DefinitionError",
    "Instrument",
    "Item",
    "MissingRule",
    "Scale",
    "Score",
    "ScoreError",
    "Scoring",
    "Subscale",
    "SubscaleScore",
    "load_definition",
    "round_half_up",
    "score",
    "shipped_definitions",
]
