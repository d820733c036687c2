"""Instrument definitions and scoring, checked against scores computed by hand."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.engines.instruments import (
    DefinitionError,
    Instrument,
    ScoreError,
    load_definition,
    score,
    shipped_definitions,
)


def definition(**changes: Any) -> dict[str, Any]:
    """A small valid definition: three items on a 1–5 scale, item c reversed."""
    base: dict[str, Any] = {
        "id": "test",
        "name": {"sv": "Test"},
        "version": "1",
        "licence": "Made up for tests.",
        "languages": ["sv"],
        "items": [
            {"id": "a", "text": {"sv": "A"}, "subscale": "one"},
            {"id": "b", "text": {"sv": "B"}, "subscale": "one"},
            {"id": "c", "text": {"sv": "C"}, "reverse": True, "subscale": "two"},
        ],
        "scale": {"min": 1, "max": 5},
        "scoring": {"method": "sum"},
        "subscales": [
            {"id": "one", "name": {"sv": "Ett"}, "method": "sum"},
            {"id": "two", "name": {"sv": "Två"}},
        ],
    }
    base.update(changes)
    return base


def load(**changes: Any) -> Instrument:
    return load_definition(definition(**changes))


# --- Scoring by hand ---------------------------------------------------------------------
def test_sum_adds_the_answers_with_reverse_items_turned() -> None:
    # a=2, b=4, c=5 reversed → 1 + 5 − 5 = 1; raw = 2 + 4 + 1 = 7
    result = score(load(), {"a": 2, "b": 4, "c": 5})
    assert (result.raw, result.value, result.valid, result.missing) == (7, 7, True, ())


def test_mean_is_the_mean_of_the_answered_items() -> None:
    # a=2, b=4, c=3 reversed → 3; mean = 9 / 3 = 3
    result = score(load(scoring={"method": "mean"}), {"a": 2, "b": 4, "c": 3})
    assert result.value == pytest.approx(3.0)


def test_sum_times_multiplies_the_raw_sum_as_who_5_does() -> None:
    who5 = shipped_definitions()["who-5"]
    # 5 + 4 + 3 + 2 + 1 = 15; × 4 = 60
    result = score(who5, {"q1": 5, "q2": 4, "q3": 3, "q4": 2, "q5": 1})
    assert (result.raw, result.value) == (15, 60)
    assert result.band_id == "no-sign"
    assert result.band_label("en") == "No sign of low well-being"


@pytest.mark.parametrize(
    ("answers", "value", "band"),
    [
        ((0, 0, 0, 0, 0), 0, "likely-depression"),
        ((2, 1, 1, 1, 2), 28, "likely-depression"),  # 7 × 4 = 28 < 29
        ((2, 2, 1, 1, 2), 32, "low-well-being"),  # 8 × 4 = 32
        ((3, 3, 2, 2, 2), 48, "low-well-being"),  # 12 × 4 = 48 ≤ 50
        ((3, 3, 3, 2, 2), 52, "no-sign"),  # 13 × 4 = 52
        ((5, 5, 5, 5, 5), 100, "no-sign"),
    ],
)
def test_who_5_bands_follow_the_published_cut_offs(
    answers: tuple[int, ...], value: int, band: str
) -> None:
    who5 = shipped_definitions()["who-5"]
    result = score(who5, {f"q{n}": a for n, a in enumerate(answers, start=1)})
    assert (result.value, result.band_id) == (value, band)


def test_lookup_maps_the_raw_sum_through_the_table() -> None:
    # raw sums 3..15 (3 items × 1..5) → a made-up T-score table: 20 + 5 × (raw − 3)
    table = {str(raw): 20 + 5 * (raw - 3) for raw in range(3, 16)}
    instrument = load(scoring={"method": "lookup", "table": table})
    # a=5, b=5, c=1 reversed → 5; raw 15 → 20 + 60 = 80
    assert score(instrument, {"a": 5, "b": 5, "c": 1}).value == 80
    # a=1, b=1, c=5 reversed → 1; raw 3 → 20
    assert score(instrument, {"a": 1, "b": 1, "c": 5}).value == 20


def test_lookup_rounds_a_prorated_raw_sum_half_up() -> None:
    table = {str(raw): float(raw * 10) for raw in range(3, 16)}
    instrument = load(
        scoring={"method": "lookup", "table": table},
        missing={"max_missing": 1, "prorate": True},
    )
    # a=3, b=4, c missing: mean 3.5 × 3 = 10.5 → 11 → 110
    result = score(instrument, {"a": 3, "b": 4, "c": None})
    assert result.raw == pytest.approx(10.5)
    assert result.value == 110


def test_decimals_round_the_value_half_up() -> None:
    instrument = load(scoring={"method": "mean", "decimals": 1})
    # a=1, b=2, c=4 reversed → 2: mean 5 / 3 = 1.666… → 1.7
    assert score(instrument, {"a": 1, "b": 2, "c": 4}).value == 1.7


# --- Missing data ------------------------------------------------------------------------
def test_a_missing_answer_makes_the_score_invalid_by_default() -> None:
    result = score(load(), {"a": 2, "b": None, "c": 3})
    assert not result.valid
    assert (result.raw, result.value, result.band) == (None, None, None)
    assert result.missing == ("b",)


def test_an_item_left_out_of_the_answers_counts_as_missing() -> None:
    assert score(load(), {"a": 2, "c": 3}).missing == ("b",)


def test_prorating_scales_the_mean_of_the_answered_items_to_all_items() -> None:
    instrument = load(missing={"max_missing": 1, "prorate": True})
    # a=2, b=4, c missing: (2 + 4) / 2 × 3 = 9
    result = score(instrument, {"a": 2, "b": 4, "c": None})
    assert result.valid and result.raw == pytest.approx(9.0)
    # two missing is more than allowed
    assert not score(instrument, {"a": 2, "b": None, "c": None}).valid


def test_the_shipped_demo_scores_as_its_readme_says() -> None:
    demo = shipped_definitions()["demo-mitt-maende"]
    result = score(demo, {"glad": 4, "orolig": 0, "somn": None, "prata": 3, "orka": 2})
    assert result.raw == pytest.approx(16.25)
    assert result.band_id == "bra"
    assert result.band_label("sv") == "Det verkar gå ganska bra"
    assert result.subscales["kansla"].value == 4
    assert result.subscales["vardag"].value == 2.5
    assert json.loads(json.dumps(result.to_dict()))["band"] == "bra"


# --- Cut-offs ----------------------------------------------------------------------------
BANDS = [
    {"id": "low", "label": {"sv": "Låg"}, "below": 6},
    {"id": "mid", "label": {"sv": "Mellan"}, "max": 10},
    {"id": "high", "label": {"sv": "Hög"}},
]


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ((1, 1, 5), "low"),  # raw 3
        ((2, 2, 5), "low"),  # raw 5 < 6
        ((2, 3, 5), "mid"),  # raw 6: not below 6
        ((4, 5, 5), "mid"),  # raw 10 ≤ 10
        ((5, 5, 5), "high"),  # raw 11
    ],
)
def test_band_boundaries_are_inclusive_for_max_and_exclusive_for_below(
    answers: tuple[int, int, int], band: str
) -> None:
    instrument = load(cutoffs=BANDS)
    a, b, c = answers
    assert score(instrument, {"a": a, "b": b, "c": c}).band_id == band


def test_a_value_above_every_bound_has_no_band_when_the_last_band_is_bounded() -> None:
    instrument = load(cutoffs=BANDS[:2])
    assert score(instrument, {"a": 5, "b": 5, "c": 1}).band is None


# --- Subscales ---------------------------------------------------------------------------
def test_subscales_score_their_own_items_with_their_own_method() -> None:
    result = score(load(), {"a": 2, "b": 4, "c": 5})
    assert result.subscales["one"].value == 6  # sum of a and b
    assert result.subscales["two"].value == 1  # mean of c reversed: 1 + 5 − 5


def test_a_subscale_with_too_many_missing_is_invalid_on_its_own() -> None:
    instrument = load(missing={"max_missing": 1, "prorate": True})
    result = score(instrument, {"a": 2, "b": 4, "c": None})
    assert result.valid
    assert not result.subscales["two"].valid
    assert result.subscales["one"].valid


# --- Refused answers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "answers",
    [
        {"a": 0, "b": 3, "c": 3},  # below the scale
        {"a": 6, "b": 3, "c": 3},  # above the scale
        {"a": 2.5, "b": 3, "c": 3},  # not whole
        {"a": True, "b": 3, "c": 3},  # a boolean is not an answer
        {"a": "3", "b": 3, "c": 3},
        {"a": 3, "b": 3, "c": 3, "zz": 1},  # unknown item
    ],
)
def test_answers_outside_the_scale_or_unknown_items_are_refused(answers: dict[str, Any]) -> None:
    with pytest.raises(ScoreError) as error:
        score(load(), answers)
    assert error.value.problems


def test_every_refused_answer_is_named() -> None:
    with pytest.raises(ScoreError) as error:
        score(load(), {"a": 0, "b": 9, "c": 3, "x": 1})
    assert len(error.value.problems) == 3


# --- Validation --------------------------------------------------------------------------
def test_the_shipped_definitions_load() -> None:
    shipped = shipped_definitions()
    assert set(shipped) == {"who-5", "demo-mitt-maende"}
    demo = shipped["demo-mitt-maende"]
    assert demo.name["sv"] == "Demo: Mitt mående (5 frågor)"
    assert demo.scale.labels["sv"][0] == "Aldrig"


def test_a_json_string_loads_like_a_dict() -> None:
    assert load_definition(json.dumps(definition())).id == "test"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": "Has Spaces"}, "id: must be an id"),
        ({"languages": []}, "languages: must be a non-empty list"),
        ({"name": {"en": "x"}}, "name.sv: is missing"),
        ({"items": []}, "items: must be a non-empty list"),
        ({"scale": {"min": 5, "max": 1}}, "scale: max must be greater than min"),
        (
            {"scale": {"min": 1, "max": 3, "labels": {"sv": {"1": "a", "2": "b"}}}},
            "scale.labels.sv.3: is missing",
        ),
        ({"scoring": {"method": "median"}}, "scoring.method: must be one of"),
        ({"scoring": {"method": "sum_times"}}, "scoring.multiplier: is missing"),
        ({"scoring": {"method": "lookup", "table": {"3": 1}}}, "scoring.table.4: is missing"),
        ({"missing": {"max_missing": 1}}, "missing.prorate: must be true"),
        ({"missing": {"max_missing": 3}}, "missing.max_missing: must be between 0 and 2"),
        (
            {
                "cutoffs": [
                    {"id": "a", "label": {"sv": "A"}, "max": 5},
                    {"id": "b", "label": {"sv": "B"}, "max": 4},
                ]
            },
            "bands must be in rising order",
        ),
        (
            {
                "cutoffs": [
                    {"id": "a", "label": {"sv": "A"}},
                    {"id": "b", "label": {"sv": "B"}, "max": 4},
                ]
            },
            "only the last band may leave out",
        ),
        ({"subscales": []}, "items[0].subscale: must be the id of one of the subscales"),
        ({"licence": ""}, "licence: must be a non-empty text"),
        ({"colour": "red"}, "colour: unknown field"),
    ],
)
def test_a_bad_definition_is_refused_with_a_clear_reason(
    changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(DefinitionError) as error:
        load(**changes)
    assert any(expected in problem for problem in error.value.problems), error.value.problems


def test_every_problem_is_listed_at_once() -> None:
    bad = definition(id="", version=None, scale={"min": "1", "max": 5})
    bad["items"] = copy.deepcopy(bad["items"])
    bad["items"][1]["text"] = {}
    bad["items"][2]["id"] = "a"
    with pytest.raises(DefinitionError) as error:
        load_definition(bad)
    problems = error.value.problems
    assert len(problems) >= 5
    for part in ("id:", "version:", "scale.min:", "items[1].text.sv:", "items[2].id:"):
        assert any(p.startswith(part) for p in problems), (part, problems)


@pytest.mark.parametrize("data", ["", "{", "[]", "42", "null", b"\xff", "{" * 100_000])
def test_text_that_is_not_a_json_object_is_refused(data: str | bytes) -> None:
    with pytest.raises(DefinitionError):
        load_definition(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 300) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = sorted(
    [
        "id",
        "name",
        "version",
        "licence",
        "languages",
        "items",
        "scale",
        "scoring",
        "missing",
        "cutoffs",
        "subscales",
        "instructions",
        "source",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), json_values, max_size=10))
def test_random_dicts_either_load_or_raise_definition_error(data: dict[str, Any]) -> None:
    try:
        load_definition(data)
    except DefinitionError as error:
        assert error.problems


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_valid_definition_with_one_part_replaced_never_crashes(data: st.DataObject) -> None:
    good = definition(cutoffs=BANDS, missing={"max_missing": 1, "prorate": True})
    field = data.draw(st.sampled_from(sorted(good)))
    good[field] = data.draw(json_values)
    try:
        instrument = load_definition(good)
    except DefinitionError:
        return
    answers = data.draw(
        st.dictionaries(st.sampled_from(["a", "b", "c"]), st.none() | st.integers(1, 5))
    )
    score(instrument, answers)


def test_the_engine_imports_nothing_of_django() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "medskapa" / "engines" / "instruments"
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith(("django", "medskapa")), source
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(("django", "medskapa")) for a in node.names)
