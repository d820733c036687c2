"""Officialese (myndighetsspråk): hard words and phrases with plainer alternatives.

A term is ``hard`` → ``plain`` (with an optional ``note``). ``hard`` is a headword, optionally
followed by other forms after ``|``: ``"erhålla|erhöll"``, ``"äga rum|äger rum|ägde rum"``.

Matching, case-insensitive, on whole words, never across sentences:

* **The headword is inflection-tolerant.** A word of the text matches a headword word when it
  is the stem plus one of the usual Swedish endings (``SUFFIXES``: -er, -it, -ade, -ats, -na,
  -en, -erna, -ande …). The stem is the headword without its final -a when the headword ends
  in -a and has five letters or more ("erhålla" → "erhåll": erhåller, erhållit, erhållits,
  erhållna); otherwise the headword itself when it has six letters or more ("åtgärd":
  åtgärder, åtgärden). Shorter headwords ("ej", "samt", "dock", "torde") match only as
  written. Only whole endings count, so "inkom" never matches "inkomst" and "handlägga" never
  matches "handläggare".
* **Other forms (after ``|``) match exactly**: irregular forms ("erhöll", "ålåg") and phrase
  forms ("ägde rum").
* A phrase's words must follow each other; each word of the headword phrase is inflection-
  tolerant on its own ("yrkar på").
* When matches overlap, the longest wins ("med avseende på" rather than "avseende").

Limits: a headword that is also the stem of an unrelated word can match it ("återkomma" finds
"återkommande"); the note column says so where we know it. Compound words are not split, so
"tillhandahållandet" is found but "informationsinhämtning" is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .text import Sentence

DATA = Path(__file__).resolve().parent / "data" / "officialese_sv.tsv"

SUFFIXES = frozenset(
    [
        "a",
        "ar",
        "er",
        "or",
        "ad",
        "ade",
        "ades",
        "ads",
        "at",
        "ats",
        "as",
        "es",
        "s",
        "it",
        "its",
        "t",
        "ts",
        "de",
        "des",
        "te",
        "tes",
        "d",
        "da",
        "dd",
        "dda",
        "tt",
        "tta",
        "na",
        "n",
        "en",
        "et",
        "ens",
        "ets",
        "erna",
        "arna",
        "orna",
        "ande",
        "ende",
        "andes",
        "r",
        "ns",
    ]
)
MAX_HARD_LENGTH = 200
MAX_FORMS = 12
MAX_WORDS_PER_FORM = 6
_ALLOWED = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


class TermError(ValueError):
    """A term that cannot be used; ``str(error)`` says why, in English (translated by callers)."""


@dataclass(frozen=True)
class Term:
    hard: str
    plain: str
    note: str = ""

    @property
    def headword(self) -> str:
        return self.hard.split("|", 1)[0].strip()

    @property
    def key(self) -> str:
        """The headword, lower case with single spaces: one term per key in a list."""
        return term_key(self.hard)


@dataclass(frozen=True)
class OfficialeseMatch:
    text: str
    start: int
    end: int
    sentence: int
    headword: str
    plain: str
    note: str


def term_key(hard: str) -> str:
    return " ".join(hard.split("|", 1)[0].lower().split())


def _forms(hard: str) -> list[list[str]]:
    return [form.lower().split() for form in hard.split("|")]


def check_term(hard: str, plain: str) -> list[str]:
    """Every problem with a term, as English sentences (empty when it can be used)."""
    problems: list[str] = []
    if not hard.strip():
        problems.append("Write the hard word or phrase.")
    elif len(hard) > MAX_HARD_LENGTH:
        problems.append(f"The hard word may be at most {MAX_HARD_LENGTH} characters.")
    else:
        forms = _forms(hard)
        if len(forms) > MAX_FORMS:
            problems.append(f"At most {MAX_FORMS} forms, separated by |.")
        for form in forms:
            if not form:
                problems.append("A form between | signs is empty.")
                break
            if len(form) > MAX_WORDS_PER_FORM:
                problems.append(f"A form may have at most {MAX_WORDS_PER_FORM} words.")
                break
            if not all(_ALLOWED.match(word) for word in form):
                problems.append("Use only letters, spaces, hyphens and | between forms.")
                break
    if not plain.strip():
        problems.append("Write a plainer alternative.")
    return problems


def _stem(word: str) -> tuple[str, bool] | None:
    """The inflection stem of a headword word and whether the bare stem is a form too."""
    if len(word) >= 5 and word.endswith("a"):
        stem = word[:-1]
        return stem, stem.endswith("r")  # "fullgöra" → "fullgör" is the present tense
    if len(word) >= 6:
        return word, True
    return None


def _word_matches(pattern: str, word: str, *, inflect: bool) -> bool:
    if word == pattern:
        return True
    if not inflect:
        return False
    stem = _stem(pattern)
    if stem is None or not word.startswith(stem[0]):
        return False
    ending = word[len(stem[0]) :]
    return ending in SUFFIXES or (ending == "" and stem[1])


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    inflect: bool
    term: Term


def _patterns(terms: Iterable[Term]) -> dict[str, list[_Pattern]]:
    """Patterns indexed by the first letter of their first word."""
    index: dict[str, list[_Pattern]] = {}
    for term in terms:
        for number, form in enumerate(_forms(term.hard)):
            if form:
                pattern = _Pattern(tuple(form), number == 0, term)
                index.setdefault(form[0][:1], []).append(pattern)
    return index


def find_officialese(parts: Sequence[Sentence], terms: Iterable[Term]) -> list[OfficialeseMatch]:
    index = _patterns(terms)
    found: list[tuple[int, int, OfficialeseMatch]] = []
    for sentence in parts:
        lowered = [word.text.lower() for word in sentence.words]
        for i, first in enumerate(lowered):
            for pattern in index.get(first[:1], ()):
                size = len(pattern.words)
                if i + size > len(lowered):
                    continue
                if all(
                    _word_matches(p, w, inflect=pattern.inflect)
                    for p, w in zip(pattern.words, lowered[i : i + size], strict=True)
                ):
                    start = sentence.words[i].start
                    end = sentence.words[i + size - 1].end
                    text = " ".join(w.text for w in sentence.words[i : i + size])
                    term = pattern.term
                    match = OfficialeseMatch(
                        text, start, end, sentence.index, term.headword, term.plain, term.note
                    )
                    found.append((start, -(end - start), match))
    found.sort(key=lambda item: (item[0], item[1]))
    chosen: list[OfficialeseMatch] = []
    taken_until = -1
    for start, _length, match in found:
        if start >= taken_until:
            chosen.append(match)
            taken_until = match.end
    return chosen


def parse_terms(lines: Iterable[str]) -> list[Term]:
    """Terms from tab-separated lines (hard, plain, optional note); # starts a comment.

    A later line with the same headword replaces an earlier one. Raises ``TermError`` naming
    every bad line.
    """
    terms: dict[str, Term] = {}
    problems: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        hard = columns[0].strip()
        plain = columns[1].strip() if len(columns) > 1 else ""
        note = columns[2].strip() if len(columns) > 2 else ""
        line_problems = check_term(hard, plain)
        if line_problems:
            problems.extend(f"line {number}: {p}" for p in line_problems)
            continue
        term = Term(hard, plain, note)
        terms[term.key] = term
    if problems:
        raise TermError("; ".join(problems))
    return list(terms.values())


@cache
def _shipped() -> tuple[Term, ...]:
    return tuple(parse_terms(DATA.read_text(encoding="utf-8").splitlines()))


def shipped_terms() -> list[Term]:
    """Medskapa's starting list (data/officialese_sv.tsv)."""
    return list(_shipped())


def merge_terms(
    base: Iterable[Term], own: Iterable[Term], removed: Iterable[str] = ()
) -> list[Term]:
    """``base`` with ``own`` terms added or replacing those with the same headword, and the
    headwords in ``removed`` left out."""
    merged = {term.key: term for term in base}
    for term in own:
        merged[term.key] = term
    for key in removed:
        merged.pop(term_key(key), None)
    return list(merged.values())


__all__ = [
    "OfficialeseMatch",
    "Term",
    "TermError",
    "check_term",
    "find_officialese",
    "merge_terms",
    "parse_terms",
    "shipped_terms",
    "term_key",
]
