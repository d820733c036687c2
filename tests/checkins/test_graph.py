"""The question graph: traversal, follow-ups chosen by answers, alarms, validation."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.checkins import graph as g

GRAPH = g.load(g.default_definition())


def test_default_graph_has_the_eight_life_areas_in_order() -> None:
    assert [a.key for a in GRAPH.areas] == [
        "health",
        "school",
        "feelings",
        "home",
        "friends",
        "free_time",
        "safety",
        "future",
    ]


def test_every_text_of_the_default_graph_exists_in_swedish_english_and_arabic() -> None:
    texts: list[dict[str, str]] = []
    for area in GRAPH.areas:
        texts += [dict(area.title), dict(area.question), dict(area.why)]
    for followup in GRAPH.followups:
        texts.append(dict(followup.question))
        texts += [dict(c.text) for c in followup.choices]
    texts += [dict(t.question) for t in GRAPH.free_texts]
    texts += [dict(label) for label in GRAPH.scale_labels.values()]
    for text in texts:
        assert set(text) == {"sv", "en", "ar"}, text
        assert all(value.strip() for value in text.values()), text


def test_without_low_scores_the_steps_are_areas_then_own_words() -> None:
    answers = g.empty_answers()
    for area in GRAPH.areas:
        answers = GRAPH.with_answer(answers, f"area:{area.key}", 4)
    assert GRAPH.steps(answers) == [f"area:{a.key}" for a in GRAPH.areas] + [
        "text:feel_good",
        "text:would_help",
    ]


def test_a_low_score_on_home_asks_what_makes_it_hard() -> None:
    answers = GRAPH.with_answer(g.empty_answers(), "area:home", 2)
    assert "followup:home_hard" in GRAPH.steps(answers)
    assert GRAPH.next_step(answers, "area:future") == "followup:home_hard"


def test_a_skipped_area_asks_no_follow_up() -> None:
    answers = GRAPH.with_answer(g.empty_answers(), "area:home", None)
    assert "followup:home_hard" not in GRAPH.steps(answers)


def test_raising_the_score_again_drops_the_follow_up_answer() -> None:
    answers = GRAPH.with_answer(g.empty_answers(), "area:home", 1)
    answers = GRAPH.with_answer(answers, "followup:home_hard", ["arguing"])
    answers = GRAPH.with_answer(answers, "area:home", 5)
    assert "home_hard" not in answers["followups"]


def test_alarm_answers_are_found_by_their_tag() -> None:
    answers = GRAPH.with_answer(g.empty_answers(), "area:safety", 1)
    answers = GRAPH.with_answer(answers, "followup:safety_hard", ["hurt", "afraid_outside"])
    assert GRAPH.alarms(answers) == [("safety_hard", "hurt")]


def test_previous_and_next_step_walk_both_ways() -> None:
    answers = g.empty_answers()
    assert GRAPH.previous_step(answers, "area:health") is None
    assert GRAPH.next_step(answers, "area:health") == "area:school"
    assert GRAPH.previous_step(answers, "area:school") == "area:health"
    assert GRAPH.next_step(answers, "text:would_help") is None


@pytest.mark.parametrize("bad", [0, 6, "7", 2.5, True, "glad", [], {}])
def test_a_score_outside_one_to_five_is_refused(bad: object) -> None:
    with pytest.raises(g.AnswerError):
        GRAPH.with_answer(g.empty_answers(), "area:home", bad)


def test_an_unknown_choice_is_refused() -> None:
    answers = GRAPH.with_answer(g.empty_answers(), "area:home", 1)
    with pytest.raises(g.AnswerError):
        GRAPH.with_answer(answers, "followup:home_hard", ["nonsense"])


def test_complete_answers_from_the_api_must_name_every_area() -> None:
    with pytest.raises(g.AnswerError, match="no answer for area"):
        GRAPH.validate_answers({"areas": {"home": 3}})


def test_a_follow_up_that_does_not_apply_is_refused() -> None:
    areas = {a.key: 4 for a in GRAPH.areas}
    with pytest.raises(g.AnswerError, match="does not apply"):
        GRAPH.validate_answers({"areas": areas, "followups": {"home_hard": ["arguing"]}})


def test_a_restricted_graph_asks_only_the_chosen_areas_and_their_follow_ups() -> None:
    small = GRAPH.restricted_to(["school", "friends"])
    assert [a.key for a in small.areas] == ["school", "friends"]
    assert {f.area for f in small.followups} == {"school", "friends"}


def test_load_lists_every_problem_of_a_broken_definition() -> None:
    definition = g.default_definition()
    definition["areas"][1]["key"] = definition["areas"][0]["key"]
    definition["followups"][0]["area"] = "nowhere"
    del definition["areas"][2]["title"]["sv"]
    with pytest.raises(g.GraphError) as error:
        g.load(definition)
    problems = " ".join(error.value.problems)
    assert "used twice" in problems
    assert "'nowhere'" in problems
    assert "Swedish text is missing" in problems


def test_load_accepts_json_text_and_refuses_broken_json() -> None:
    assert g.load(json.dumps(g.default_definition())).areas
    with pytest.raises(g.GraphError, match="not valid JSON"):
        g.load("{broken")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_any_json_answers_are_cleaned_or_refused_never_crash(value: object) -> None:
    with contextlib.suppress(g.AnswerError):
        GRAPH.validate_answers(value)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["areas", "followups", "free_texts", "scale_labels", "x"]),
        st.none() | st.integers() | st.text() | st.lists(st.integers()),
    )
)
def test_any_definition_loads_or_raises_graph_error(value: dict[str, object]) -> None:
    try:
        g.load(value)
    except g.GraphError as error:
        assert error.problems
