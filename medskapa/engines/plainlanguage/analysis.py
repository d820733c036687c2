"""One call for the readability panel: ``analyse(text)`` → ``Analysis``.

Everything is computed from the text alone; nothing is stored. Positions are character offsets
into the text as given (``text[start:end]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .lix import TARGET_FOR_YOUNG_PEOPLE, lix_level, lix_of
from .officialese import OfficialeseMatch, Term, find_officialese, shipped_terms
from .passive import PassiveForm, passive_forms
from .text import sentences

DEFAULT_LONG_SENTENCE_WORDS = 20
TermLike = Term | tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class LongSentence:
    index: int
    start: int
    end: int
    words: int
    text: str


@dataclass(frozen=True)
class LongWord:
    word: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Analysis:
    words: int
    sentences: int
    long_word_count: int
    lix: float
    level: str  # "very easy", "easy", "medium", "hard" or "very hard"
    target: int
    long_sentence_words: int
    long_sentences: tuple[LongSentence, ...] = field(default=())
    long_words: tuple[LongWord, ...] = field(default=())
    passives: tuple[PassiveForm, ...] = field(default=())
    officialese: tuple[OfficialeseMatch, ...] = field(default=())

    @property
    def meets_target(self) -> bool:
        return self.lix <= self.target

    @property
    def is_empty(self) -> bool:
        return self.words == 0

    def distinct_long_words(self) -> list[str]:
        """Each long word once, in order of first appearance (case-insensitive)."""
        seen: dict[str, str] = {}
        for word in self.long_words:
            seen.setdefault(word.word.lower(), word.word)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lix"] = round(self.lix, 1)
        data["meets_target"] = self.meets_target
        return data


def _terms(officialese: Iterable[TermLike] | None) -> list[Term]:
    if officialese is None:
        return shipped_terms()
    return [t if isinstance(t, Term) else Term(*t) for t in officialese]


def analyse(
    text: str,
    *,
    officialese: Iterable[TermLike] | None = None,
    long_sentence_words: int = DEFAULT_LONG_SENTENCE_WORDS,
) -> Analysis:
    """Readability of ``text``: LIX, sentences longer than ``long_sentence_words`` words, long
    words (more than six letters), possible s-passive forms and officialese with plainer words.

    ``officialese`` is the list of terms to look for; ``None`` means Medskapa's shipped list
    (pass ``[]`` for none). Never raises for any string.
    """
    parts = sentences(text)
    all_words = [word for sentence in parts for word in sentence.words]
    long_words = tuple(
        LongWord(word.text, word.start, word.end, sentence.index)
        for sentence in parts
        for word in sentence.words
        if word.is_long()
    )
    value = lix_of(parts)
    return Analysis(
        words=len(all_words),
        sentences=len(parts),
        long_word_count=len(long_words),
        lix=value,
        level=lix_level(value),
        target=TARGET_FOR_YOUNG_PEOPLE,
        long_sentence_words=long_sentence_words,
        long_sentences=tuple(
            LongSentence(s.index, s.start, s.end, len(s.words), s.text)
            for s in parts
            if len(s.words) > long_sentence_words
        ),
        long_words=long_words,
        passives=tuple(passive_forms(parts)),
        officialese=tuple(find_officialese(parts, _terms(officialese))),
    )
