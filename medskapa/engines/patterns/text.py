"""Text handling for the pattern engine: tokens, stop words, stems, compounds, character n-grams.

Everything here works on *unique* tokens (cached), so a corpus of 100 000 fragments costs one
stemming call per distinct word, not per occurrence.

Swedish compounds ("skolmaten", "fritidsgården", "socialsekreteraren") are handled two ways:

* character n-grams (3–5 characters inside word boundaries) let "skolmaten" share features with
  "skolan" and "maten" without any dictionary;
* a corpus-driven splitter: a long token whose head (the last part, Swedish compounds are
  right-headed) and modifier are both words seen on their own in the same corpus (an optional
  linking "s" allowed) also counts as those two stems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import snowballstemmer

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")

_DATA = Path(__file__).resolve().parent / "data"
# Letters (any script) with inner hyphens or apostrophes; digits and underscores are dropped.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
# Longer than any real word: keeps pathological input ("aaaa…" × 10 000) cheap.
MAX_TOKEN_CHARS = 40
MIN_PART = 3  # shortest compound part accepted by the splitter
MIN_COMPOUND = 8  # shortest token the splitter tries
MIN_MODIFIER = 4  # shortest modifier accepted with a head never seen alone
MIN_HEAD = 5


def normalise_language(language: str | None) -> Language:
    """Map a language hint ("sv", "sv-SE", "Svenska", "en-GB", None …) to "sv" or "en"."""
    value = (language or "sv").strip().lower()
    if value.startswith(("en", "eng")):
        return "en"
    return "sv"


@lru_cache(maxsize=4)
def stop_words(language: Language) -> frozenset[str]:
    """The shipped stop-word list of a language (data/stopwords_<lang>.txt)."""
    path = _DATA / f"stopwords_{language}.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


def normalise_text(text: str) -> str:
    """NFC, lower case, typographic apostrophes unified."""
    return unicodedata.normalize("NFC", text).lower().replace("’", "'")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of one text (letters only, inner hyphen/apostrophe kept)."""
    return [t for t in _TOKEN.findall(normalise_text(text)) if len(t) <= MAX_TOKEN_CHARS]


class Analyzer:
    """Turns tokens into stems and character n-grams for one language, caching per token."""

    def __init__(self, language: Language, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.language = language
        self.stop = stop_words(language)
        self.ngram_range = ngram_range
        self._stemmer = snowballstemmer.stemmer("swedish" if language == "sv" else "english")
        self._stems: dict[str, str] = {}

    def content_tokens(self, text: str) -> list[str]:
        """Tokens of a text without stop words and one-letter words."""
        return [t for t in tokenize(text) if len(t) > 1 and t not in self.stop]

    def stem(self, token: str) -> str:
        cached = self._stems.get(token)
        if cached is None:
            cached = str(self._stemmer.stemWord(token.replace("'", "")))
            # Snowball's Swedish stemmer keeps the definite "-an" of the first declension
            # ("skolan", "mamman", "flickan") while it strips "-a" ("skola" → "skol").
            if self.language == "sv" and cached.endswith("an") and len(cached) >= 5:
                cached = cached[:-2]
            self._stems[token] = cached
        return cached

    def stems(self, tokens: Iterable[str]) -> list[str]:
        return [self.stem(t) for t in tokens]

    def char_ngrams(self, token: str) -> list[str]:
        """Character n-grams of one token with word-boundary marks: " sko", "skol", …"""
        padded = f" {token} "
        low, high = self.ngram_range
        grams: list[str] = []
        for n in range(low, high + 1):
            if n > len(padded):
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
        return grams

    def split_compound(self, token: str, is_known: Callable[[str], bool]) -> tuple[str, ...]:
        """The known parts of a long token's stem: (modifier, head), (modifier,) or ().

        ``is_known(stem)`` tells whether a stem occurs on its own in the corpus. The stem is
        split, not the token, so inflection ("kompis-arna") is never taken for a head. The
        modifier must be known, as it is or without a linking "s"/"e" ("fritid-s-gård"):
        Swedish modifiers are stem forms already ("skol", "fritid", "social"). A split whose
        head is known too wins, the longest head first ("skol-mat"). Otherwise the shortest
        known modifier of four letters or more in front of five letters or more counts alone
        ("social|sekreter", "fotboll|sträning"): where the linking "s" ends is ambiguous, and
        the character n-grams already cover the head.
        """
        if len(token) < MIN_COMPOUND or "-" in token or "'" in token:
            return ()
        stem = self.stem(token)
        fallback: tuple[str, ...] = ()
        for cut in range(MIN_PART, len(stem) - MIN_PART + 1):
            modifier, head = stem[:cut], stem[cut:]
            if is_known(modifier):
                match = modifier
            elif modifier[-1] in "se" and len(modifier) > MIN_PART and is_known(modifier[:-1]):
                match = modifier[:-1]
            else:
                continue
            if is_known(head):
                return match, head
            head_stem = self.stem(head)
            if is_known(head_stem):
                return match, head_stem
            if not fallback and len(match) >= MIN_MODIFIER and len(head) >= MIN_HEAD:
                fallback = (match,)
        return fallback
