"""Instrument definitions: load a JSON definition and check every part of it.

``load_definition(data)`` takes a dict or a JSON string and returns an ``Instrument``, or
raises ``DefinitionError`` whose ``problems`` lists *every* problem found (each with the path
to the part, e.g. ``items[2].text.sv``), so an org admin who uploads a definition can fix them
all at once. It never raises anything else, whatever it is given. The format is described, with
a full example, in this package's README.md.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

METHODS = ("sum", "mean", "sum_times", "lookup")
SUBSCALE_METHODS = ("sum", "mean")
MAX_ITEMS = 200
MAX_SCALE_POINTS = 101
MAX_TEXT = 2000
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")

TOP_LEVEL_KEYS = {
    "format",
    "id",
    "name",
    "version",
    "licence",
    "source",
    "languages",
    "instructions",
    "items",
    "scale",
    "scoring",
    "missing",
    "cutoffs",
    "subscales",
}
FORMAT_VERSION = 1


class DefinitionError(ValueError):
    """A definition that cannot be used. ``problems`` lists every problem, one per entry."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


Texts = Mapping[str, str]


@dataclass(frozen=True)
class Item:
    id: str
    text: Texts
    reverse: bool = False
    subscale: str | None = None


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: Mapping[str, Mapping[int, str]]

    @property
    def points(self) -> range:
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class Scoring:
    method: str
    multiplier: float = 1.0
    table: Mapping[int, float] | None = None
    decimals: int | None = None


@dataclass(frozen=True)
class MissingRule:
    max_missing: int = 0
    prorate: bool = False


@dataclass(frozen=True)
class Band:
    id: str
    label: Texts
    max: float | None = None  # the band holds values <= max ...
    below: float | None = None  # ... or < below; neither: everything above the previous band

    def holds(self, value: float) -> bool:
        if self.max is not None:
            return value <= self.max
        if self.below is not None:
            return value < self.below
        return True


@dataclass(frozen=True)
class Subscale:
    id: str
    name: Texts
    method: str = "mean"
    max_missing: int = 0


@dataclass(frozen=True)
class Instrument:
    id: str
    name: Texts
    version: str
    licence: str
    source: str
    languages: tuple[str, ...]
    instructions: Texts
    items: tuple[Item, ...]
    scale: Scale
    scoring: Scoring
    missing: MissingRule
    cutoffs: tuple[Band, ...]
    subscales: tuple[Subscale, ...]

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def items_of(self, subscale_id: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.subscale == subscale_id)

    @property
    def raw_range(self) -> tuple[int, int]:
        """The smallest and largest possible raw sum."""
        return len(self.items) * self.scale.min, len(self.items) * self.scale.max


class _Checker:
    """Collects problems while reading a definition; every reader tolerates any type."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}" if path else message)

    def object(self, value: Any, path: str, *, required: bool = True) -> dict[str, Any] | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.problem(path, "must be an object" if value is not None else "is missing")
            return None
        return value

    def unknown_keys(self, value: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in value:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.problem(where, f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def string(
        self, value: Any, path: str, *, required: bool = True, max_length: int = MAX_TEXT
    ) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(path, "is missing" if value is None else "must be a non-empty text")
            return ""
        if len(value) > max_length:
            self.problem(path, f"must be at most {max_length} characters")
        return value.strip()

    def identifier(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(
                path,
                "must be an id of lower-case letters, digits, '.', '_' or '-' "
                "(1–64 characters, starting with a letter or digit)",
            )
            return ""
        return value

    def integer(
        self, value: Any, path: str, *, low: int | None = None, high: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "must be a whole number" if value is not None else "is missing")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(path, f"must be between {low} and {high}")
            return None
        return value

    def number(self, value: Any, path: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(path, "must be a number" if value is not None else "is missing")
            return None
        if not math.isfinite(value):
            self.problem(path, "must be a finite number")
            return None
        return float(value)

    def boolean(self, value: Any, path: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, "must be true or false")
            return default
        return value

    def texts(self, value: Any, path: str, languages: tuple[str, ...]) -> dict[str, str]:
        """A text in each of the instrument's languages: {"sv": "...", "en": "..."}."""
        found = self.object(value, path)
        if found is None:
            return {}
        result: dict[str, str] = {}
        for language in languages:
            if language not in found:
                self.problem(f"{path}.{language}", "is missing")
            else:
                result[language] = self.string(found[language], f"{path}.{language}")
        for key in found:
            if key not in languages:
                self.problem(f"{path}.{key}", "is not one of the instrument's languages")
        return result


def _languages(check: _Checker, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        check.problem("languages", 'must be a non-empty list of language codes, e.g. ["sv"]')
        return ()
    languages: list[str] = []
    for n, code in enumerate(value):
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            check.problem(f"languages[{n}]", 'must be a language code such as "sv" or "en"')
        elif code in languages:
            check.problem(f"languages[{n}]", f'"{code}" is listed twice')
        else:
            languages.append(code)
    return tuple(languages)


def _scale(check: _Checker, value: Any, languages: tuple[str, ...]) -> Scale | None:
    found = check.object(value, "scale")
    if found is None:
        return None
    check.unknown_keys(found, {"min", "max", "labels"}, "scale")
    low = check.integer(found.get("min"), "scale.min", low=-1000, high=1000)
    high = check.integer(found.get("max"), "scale.max", low=-1000, high=1000)
    if low is None or high is None:
        return None
    if high <= low:
        check.problem("scale", "max must be greater than min")
        return None
    if high - low + 1 > MAX_SCALE_POINTS:
        check.problem("scale", f"at most {MAX_SCALE_POINTS} points")
        return None
    labels: dict[str, dict[int, str]] = {}
    raw_labels = check.object(found.get("labels"), "scale.labels", required=False)
    for language, points in (raw_labels or {}).items():
        path = f"scale.labels.{language}"
        if language not in languages:
            check.problem(path, "is not one of the instrument's languages")
            continue
        given = check.object(points, path)
        if given is None:
            continue
        labels[language] = {}
        for point in range(low, high + 1):
            if str(point) not in given:
                check.problem(f"{path}.{point}", "is missing (label every point of the scale)")
            else:
                labels[language][point] = check.string(given[str(point)], f"{path}.{point}")
        for key in given:
            if key not in {str(p) for p in range(low, high + 1)}:
                check.problem(f"{path}.{key}", f"is not a point of the scale ({low}–{high})")
    return Scale(low, high, labels)


def _items(
    check: _Checker, value: Any, languages: tuple[str, ...], subscale_ids: set[str]
) -> tuple[Item, ...]:
    if not isinstance(value, list) or not value:
        check.problem("items", "must be a non-empty list of items")
        return ()
    if len(value) > MAX_ITEMS:
        check.problem("items", f"at most {MAX_ITEMS} items")
        return ()
    items: list[Item] = []
    seen: set[str] = set()
    for n, raw in enumerate(value):
        path = f"items[{n}]"
        found = check.object(raw, path)
        if found is None:
            continue
        check.unknown_keys(found, {"id", "text", "reverse", "subscale"}, path)
        item_id = check.identifier(found.get("id"), f"{path}.id")
        if item_id and item_id in seen:
            check.problem(f"{path}.id", f'"{item_id}" is used twice')
        seen.add(item_id)
        text = check.texts(found.get("text"), f"{path}.text", languages)
        reverse = check.boolean(found.get("reverse"), f"{path}.reverse", False)
        subscale = found.get("subscale")
        if subscale is not None and (not isinstance(subscale, str) or subscale not in subscale_ids):
            check.problem(f"{path}.subscale", "must be the id of one of the subscales")
            subscale = None
        items.append(Item(item_id, text, reverse, subscale))
    return tuple(items)


def _scoring(check: _Checker, value: Any, raw_range: tuple[int, int] | None) -> Scoring | None:
    found = check.object(value, "scoring")
    if found is None:
        return None
    check.unknown_keys(found, {"method", "multiplier", "table", "decimals"}, "scoring")
    method = found.get("method")
    if method not in METHODS:
        check.problem("scoring.method", f"must be one of: {', '.join(METHODS)}")
        return None
    decimals = None
    if found.get("decimals") is not None:
        decimals = check.integer(found.get("decimals"), "scoring.decimals", low=0, high=6)
    multiplier = 1.0
    if method == "sum_times":
        given = check.number(found.get("multiplier"), "scoring.multiplier")
        if given is not None and given <= 0:
            check.problem("scoring.multiplier", "must be greater than 0")
        multiplier = given or 1.0
    elif "multiplier" in found:
        check.problem("scoring.multiplier", "is only used with the method sum_times")
    table: dict[int, float] | None = None
    if method == "lookup":
        given_table = check.object(found.get("table"), "scoring.table")
        if given_table is not None and raw_range is not None:
            table = {}
            low, high = raw_range
            for raw in range(low, high + 1):
                if str(raw) not in given_table:
                    check.problem(f"scoring.table.{raw}", "is missing (give every raw sum)")
                else:
                    score = check.number(given_table[str(raw)], f"scoring.table.{raw}")
                    if score is not None:
                        table[raw] = score
            for key in given_table:
                if key not in {str(r) for r in range(low, high + 1)}:
                    check.problem(
                        f"scoring.table.{key}", f"is not a possible raw sum ({low}–{high})"
                    )
    elif "table" in found:
        check.problem("scoring.table", "is only used with the method lookup")
    return Scoring(method, multiplier, table, decimals)


def _missing(check: _Checker, value: Any, item_count: int) -> MissingRule:
    found = check.object(value, "missing", required=False)
    if found is None:
        return MissingRule()
    check.unknown_keys(found, {"max_missing", "prorate"}, "missing")
    max_missing = 0
    if "max_missing" in found:
        high = max(0, item_count - 1)
        max_missing = (
            check.integer(found["max_missing"], "missing.max_missing", low=0, high=high) or 0
        )
    return MissingRule(max_missing, check.boolean(found.get("prorate"), "missing.prorate", False))


def _cutoffs(check: _Checker, value: Any, languages: tuple[str, ...]) -> tuple[Band, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.problem("cutoffs", "must be a list of bands")
        return ()
    bands: list[Band] = []
    previous: float | None = None
    seen: set[str] = set()
    for n, raw in enumerate(value):
        path = f"cutoffs[{n}]"
        found = check.object(raw, path)
        if found is None:
            continue
        check.unknown_keys(found, {"id", "label", "max", "below"}, path)
        band_id = check.identifier(found.get("id"), f"{path}.id")
        if band_id and band_id in seen:
            check.problem(f"{path}.id", f'"{band_id}" is used twice')
        seen.add(band_id)
        label = check.texts(found.get("label"), f"{path}.label", languages)
        high = check.number(found["max"], f"{path}.max") if "max" in found else None
        below = check.number(found["below"], f"{path}.below") if "below" in found else None
        if "max" in found and "below" in found:
            check.problem(path, "give either max or below, not both")
        bound = high if high is not None else below
        if bound is None and "max" not in found and "below" not in found:
            if n != len(value) - 1:
                check.problem(path, "only the last band may leave out max/below")
        elif bound is not None and previous is not None and bound <= previous:
            check.problem(path, "bands must be in rising order of their upper bounds")
        if bound is not None:
            previous = bound
        bands.append(Band(band_id, label, high, below))
    return tuple(bands)


def _subscales(check: _Checker, value: Any, languages: tuple[str, ...]) -> tuple[Subscale, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.problem("subscales", "must be a list")
        return ()
    result: list[Subscale] = []
    for n, raw in enumerate(value):
        path = f"subscales[{n}]"
        found = check.object(raw, path)
        if found is None:
            continue
        check.unknown_keys(found, {"id", "name", "method", "max_missing"}, path)
        subscale_id = check.identifier(found.get("id"), f"{path}.id")
        if subscale_id and subscale_id in {s.id for s in result}:
            check.problem(f"{path}.id", f'"{subscale_id}" is used twice')
        name = check.texts(found.get("name"), f"{path}.name", languages)
        method = found.get("method", "mean")
        if method not in SUBSCALE_METHODS:
            check.problem(f"{path}.method", f"must be one of: {', '.join(SUBSCALE_METHODS)}")
            method = "mean"
        max_missing = 0
        if "max_missing" in found:
            max_missing = (
                check.integer(found["max_missing"], f"{path}.max_missing", low=0, high=MAX_ITEMS)
                or 0
            )
        result.append(Subscale(subscale_id, name, method, max_missing))
    return tuple(result)


def load_definition(data: Mapping[str, Any] | str | bytes) -> Instrument:
    """An ``Instrument`` from a definition, or ``DefinitionError`` listing every problem."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError) as error:
            raise DefinitionError([f"The definition is not valid JSON: {error}"]) from None
    if not isinstance(data, Mapping):
        raise DefinitionError(["The definition must be a JSON object."])
    top = dict(data)
    check = _Checker()
    check.unknown_keys(top, TOP_LEVEL_KEYS, "")
    if "format" in top and top["format"] != FORMAT_VERSION:
        check.problem("format", f"must be {FORMAT_VERSION}")
    languages = _languages(check, top.get("languages"))
    instrument_id = check.identifier(top.get("id"), "id")
    name = check.texts(top.get("name"), "name", languages)
    version = check.string(top.get("version"), "version", max_length=100)
    licence = check.string(top.get("licence"), "licence")
    source = check.string(top.get("source"), "source", required=False)
    instructions: dict[str, str] = {}
    if top.get("instructions") is not None:
        instructions = check.texts(top["instructions"], "instructions", languages)
    subscales = _subscales(check, top.get("subscales"), languages)
    items = _items(check, top.get("items"), languages, {s.id for s in subscales})
    for subscale in subscales:
        if subscale.id and not any(i.subscale == subscale.id for i in items):
            check.problem(f"subscales.{subscale.id}", "has no items")
    scale = _scale(check, top.get("scale"), languages)
    raw_range = (len(items) * scale.min, len(items) * scale.max) if scale and items else None
    scoring = _scoring(check, top.get("scoring"), raw_range)
    missing = _missing(check, top.get("missing"), len(items))
    if (
        scoring is not None
        and scoring.method != "mean"
        and missing.max_missing > 0
        and not missing.prorate
    ):
        check.problem(
            "missing.prorate",
            "must be true when items may be missing and the score is a sum "
            "(otherwise a missing answer lowers the score)",
        )
    cutoffs = _cutoffs(check, top.get("cutoffs"), languages)
    if check.problems or scale is None or scoring is None:
        raise DefinitionError(check.problems or ["The definition is incomplete."])
    return Instrument(
        id=instrument_id,
        name=name,
        version=version,
        licence=licence,
        source=source,
        languages=languages,
        instructions=instructions,
        items=items,
        scale=scale,
        scoring=scoring,
        missing=missing,
        cutoffs=cutoffs,
        subscales=subscales,
    )
