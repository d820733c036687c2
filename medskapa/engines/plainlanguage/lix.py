"""LIX (läsbarhetsindex), the Swedish readability index.

LIX = words per sentence + 100 × long words / words, where a long word has more than six
letters. Under 30 is very easy, 30–40 easy (children's books), 40–50 medium, 50–60 hard,
over 60 very hard. Everything Medskapa writes to young people aims at 40 or less.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
# A sentence ends at . ! ? : or a line break; numbers like 116 111 do not end one.
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")

LEVELS = ((30, "very easy"), (40, "easy"), (50, "medium"), (60, "hard"))


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    long_words = sum(1 for word in words if len(word.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def lix_level(value: float) -> str:
    return next((label for limit, label in LEVELS if value < limit), "very hard")
