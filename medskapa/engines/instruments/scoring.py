"""Scoring answers with an instrument's definition.

``score(instrument, answers)``: ``answers`` maps item ids to the chosen point of the scale, or
``None`` for "vill inte svara"/not answered (a missing item id counts as not answered).

1. Every answer must be a whole number on the scale; anything else (and any unknown item id)
   raises ``ScoreError`` listing every problem — nothing is guessed.
2. A reverse item counts as ``min + max − answer``.
3. More missing answers than ``missing.max_missing``: the score is not valid (``valid`` False,
   ``raw``/``value``/``band`` None), and the reasons say so.
4. ``raw`` is the sum of the (reversed where needed) answers; with ``prorate`` and missing
   answers it is the mean of the answered items × the number of items.
5. ``value`` by method: ``sum`` = raw; ``mean`` = mean of the answered items; ``sum_times`` =
   raw × multiplier (WHO-5: raw 0–25 × 4 = 0–100); ``lookup`` = table[raw rounded half up]
   (KIDSCREEN-style Rasch/T-score tables). ``scoring.decimals`` rounds the value (half up).
6. ``band``: the first cut-off band whose upper bound (``max`` inclusive, ``below`` exclusive)
   holds the value; a band without a bound holds everything above the previous one.
7. Subscales: the same per subscale, with their own method (sum or mean) and ``max_missing``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .definition import Band, Instrument, Item


class ScoreError(ValueError):
    """Answers that cannot be scored; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class SubscaleScore:
    id: str
    raw: float | None
    value: float | None
    missing: tuple[str, ...]
    valid: bool


@dataclass(frozen=True)
class Score:
    raw: float | None
    value: float | None
    band: Band | None
    missing: tuple[str, ...]
    valid: bool
    subscales: Mapping[str, SubscaleScore] = field(default_factory=dict)

    @property
    def band_id(self) -> str | None:
        return self.band.id if self.band else None

    def band_label(self, language: str) -> str | None:
        return self.band.label.get(language) if self.band else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "value": self.value,
            "band": self.band_id,
            "band_label": dict(self.band.label) if self.band else None,
            "missing": list(self.missing),
            "valid": self.valid,
            "subscales": {
                key: {
                    "raw": s.raw,
                    "value": s.value,
                    "missing": list(s.missing),
                    "valid": s.valid,
                }
                for key, s in self.subscales.items()
            },
        }


def round_half_up(value: float, decimals: int = 0) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _checked(instrument: Instrument, answers: Mapping[Any, Any]) -> dict[str, int | None]:
    if not isinstance(answers, Mapping):
        raise ScoreError(["The answers must be a mapping of item id to answer."])
    known = {item.id for item in instrument.items}
    problems = [f"{key!r}: no such item" for key in answers if key not in known]
    low, high = instrument.scale.min, instrument.scale.max
    result: dict[str, int | None] = {}
    for item in instrument.items:
        answer = answers.get(item.id)
        if answer is None:
            result[item.id] = None
        elif isinstance(answer, bool) or not isinstance(answer, int):
            problems.append(f"{item.id}: the answer must be a whole number from {low} to {high}")
        elif not low <= answer <= high:
            problems.append(f"{item.id}: {answer} is outside the scale ({low}–{high})")
        else:
            result[item.id] = answer
    if problems:
        raise ScoreError(problems)
    return result


def _points(
    instrument: Instrument, items: Iterable[Item], answers: Mapping[str, int | None]
) -> tuple[list[int], tuple[str, ...]]:
    scale = instrument.scale
    points: list[int] = []
    missing: list[str] = []
    for item in items:
        answer = answers[item.id]
        if answer is None:
            missing.append(item.id)
        else:
            points.append(scale.min + scale.max - answer if item.reverse else answer)
    return points, tuple(missing)


def _raw(points: list[int], count: int, prorate: bool) -> float:
    if points and prorate and len(points) < count:
        return sum(points) / len(points) * count
    return float(sum(points))


def score(instrument: Instrument, answers: Mapping[str, int | None]) -> Score:
    """Score ``answers`` (see the module's notes); raises ``ScoreError`` for impossible answers."""
    checked = _checked(instrument, answers)
    points, missing = _points(instrument, instrument.items, checked)
    subscales = {
        sub.id: _subscale_score(instrument, sub.id, sub.method, sub.max_missing, checked)
        for sub in instrument.subscales
    }
    rule = instrument.missing
    if len(missing) > rule.max_missing or not points:
        return Score(None, None, None, missing, False, subscales)
    raw = _raw(points, len(instrument.items), rule.prorate)
    scoring = instrument.scoring
    if scoring.method == "mean":
        value = sum(points) / len(points)
    elif scoring.method == "sum_times":
        value = raw * scoring.multiplier
    elif scoring.method == "lookup":
        table = scoring.table or {}
        value = table[int(round_half_up(raw))]
    else:
        value = raw
    if scoring.decimals is not None:
        value = round_half_up(value, scoring.decimals)
    band = next((b for b in instrument.cutoffs if b.holds(value)), None)
    return Score(raw, value, band, missing, True, subscales)


def _subscale_score(
    instrument: Instrument,
    subscale_id: str,
    method: str,
    max_missing: int,
    answers: Mapping[str, int | None],
) -> SubscaleScore:
    items = instrument.items_of(subscale_id)
    points, missing = _points(instrument, items, answers)
    if len(missing) > max_missing or not points:
        return SubscaleScore(subscale_id, None, None, missing, False)
    raw = _raw(points, len(items), instrument.missing.prorate)
    value = sum(points) / len(points) if method == "mean" else raw
    return SubscaleScore(subscale_id, raw, value, missing, True)
