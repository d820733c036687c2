"""LIX, checked against hand-counted Swedish text."""

from __future__ import annotations

import pytest

from medskapa.engines.plainlanguage import lix, lix_level


def test_a_short_easy_text_scores_low() -> None:
    # 7 words, 2 sentences, 0 long words: 7 / 2 + 0 = 3.5
    assert lix("Jag mår bra. Jag har en hund.") == pytest.approx(3.5)


def test_long_words_raise_the_score() -> None:
    # 4 words, 1 sentence, 2 long (socialförvaltningen, utredningen): 4 + 50 = 54
    assert lix("Socialförvaltningen gör utredningen nu.") == pytest.approx(54.0)


def test_phone_numbers_do_not_end_sentences_or_count_as_words() -> None:
    # 7 words (the digits are not words), 1 sentence, no word over six letters: 7
    assert lix("Ring BRIS på 116 111 om du vill prata.") == pytest.approx(7.0)


def test_empty_text_is_zero_and_levels_follow_the_scale() -> None:
    assert lix("") == 0.0
    assert [lix_level(v) for v in (20, 35, 45, 55, 65)] == [
        "very easy",
        "easy",
        "medium",
        "hard",
        "very hard",
    ]


def test_the_engine_imports_nothing_of_django() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "medskapa" / "engines"
    for source in root.rglob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            assert not any(n.startswith(("django", "medskapa")) for n in names), source
