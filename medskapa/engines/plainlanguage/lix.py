"""LIX (läsbarhetsindex), the Swedish readability index.

LIX = words per sentence + 100 × long words / words, where a long word has more than six
letters. Under 30 is very easy, 30–40 easy (children's books), 40–50 medium, 50–60 hard,
over 60 very hard. Everything Medskapa writes to young people aims at 40 or less.

Words and sentences are counted as ``text`` does (abbreviations such as "t.ex." are one short
word and end no sentence; digits are not words).
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import Sentence, sentences

LEVELS = ((30, "very easy"), (40, "easy"), (50, "medium"), (60, "hard"))
TARGET_FOR_YOUNG_PEOPLE = 40


def lix_of(parts: Sequence[Sentence]) -> float:
    """LIX of already split sentences (0 when there are no words)."""
    counted = [word for sentence in parts for word in sentence.words]
    if not counted:
        return 0.0
    long_words = sum(1 for word in counted if word.is_long())
    return len(counted) / len(parts) + 100 * long_words / len(counted)


def lix(text: str) -> float:
    return lix_of(sentences(text))


def lix_level(value: float) -> str:
    return next((label for limit, label in LEVELS if value < limit), "very hard")
