"""Words and sentences of Swedish text, with their positions in the original string.

Words: runs of letters, joined by a hyphen or apostrophe ("e-post", "SMS:et" is two words);
digits are not words. A known abbreviation ("t.ex.", "bl.a.") is one (short) word.

Sentences (the LIX convention): a sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a
space or the end of the text, and at a line break. Exceptions, so that LIX is not flattered:

* a full stop after a known abbreviation (``t.ex.``, ``bl.a.``, ``s.k.``, ``ca.``, ``kl.``) does
  not end a sentence; after one that often closes a sentence (``m.m.``, ``osv.``, ``etc.``) it
  does when a capital letter follows;
* a full stop after a number followed by a small letter ("den 3. maj") or after a single capital
  (an initial, "A. Berg") does not end a sentence; "3.5" and "10:30" have no space, so never do;
* a line break inside a sentence that was wrapped by hand (the line ends in a small letter or a
  comma and the next one starts with a small letter) does not end it; a list line ("- ", "* ",
  "• ", "1. ", "1) ", "a) ") always starts a new sentence, and its marker is no sentence end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop never ends a sentence.
ABBREVIATIONS_INSIDE = (
    "t.ex.",
    "t ex.",
    "bl.a.",
    "s.k.",
    "ca.",
    "c:a",
    "dvs.",
    "d.v.s.",
    "p.g.a.",
    "pga.",
    "fr.o.m.",
    "t.o.m.",
    "o.d.",
    "kl.",
    "nr.",
    "tel.",
    "jfr.",
    "resp.",
    "ang.",
    "enl.",
    "inkl.",
    "exkl.",
    "bl a.",
    "f.d.",
    "t.v.",
    "s.",
    "sid.",
    "fig.",
    "st.",
    "kap.",
    "mån.",
    "tis.",
    "ons.",
    "tors.",
    "fre.",
    "lör.",
    "sön.",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "okt.",
    "nov.",
    "dec.",
)
# Abbreviations that often close a sentence: a following capital letter starts a new one.
ABBREVIATIONS_FINAL = ("m.m.", "mm.", "m.fl.", "osv.", "o.s.v.", "etc.", "o.dyl.", "e.d.")
ABBREVIATIONS = ABBREVIATIONS_INSIDE + ABBREVIATIONS_FINAL

_LETTERS = r"[^\W\d_]"
_ABBREVIATION_PATTERN = "|".join(
    re.escape(a).replace(r"\ ", r"\s?")
    for a in sorted(ABBREVIATIONS, key=len, reverse=True)
    if len(a.replace(".", "")) > 1  # "s." alone is left to the word pattern
)
WORD = re.compile(
    rf"(?<!{_LETTERS})(?:{_ABBREVIATION_PATTERN})|{_LETTERS}+(?:[-'’]{_LETTERS}+)*",
    re.IGNORECASE,
)
_ENDS = re.compile(r"[.!?:…]+[\"'”’)\]]*(?=\s|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)]|[a-zA-Z][)])[ \t]+")
_INSIDE = frozenset(a.lower() for a in ABBREVIATIONS_INSIDE)
_FINAL = frozenset(a.lower() for a in ABBREVIATIONS_FINAL)


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def letters(self) -> int:
        """Letters only: "e-post" has five, "t.ex." three."""
        return sum(1 for ch in self.text if ch.isalpha())

    def is_long(self) -> bool:
        """A LIX long word has more than six letters."""
        return self.letters > 6

    def is_abbreviation(self) -> bool:
        return "." in self.text or ":" in self.text


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    words: tuple[Word, ...]


def words(text: str) -> list[Word]:
    return [Word(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]


def _abbreviation_before(text: str, end: int) -> str:
    """The word-ish token that ends at ``end`` (which includes its full stop), lower case."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:end].lower().lstrip("(\"'“”‘’[")
    # "t ex." and "bl a." are written with a space too.
    before = text[max(0, start - 3) : end].lower().lstrip()
    return token if token in _INSIDE | _FINAL else before


def _next_visible(text: str, position: int) -> str:
    for ch in text[position:]:
        if not ch.isspace() and ch not in "\"'“”‘’([":
            return ch
    return ""


def _is_sentence_end(text: str, match: re.Match[str]) -> bool:
    marks = match.group(0)
    if not marks.startswith(".") or marks.startswith(".."):
        return True  # ! ? : … and ellipses always end a sentence
    following = _next_visible(text, match.end())
    token = _abbreviation_before(text, match.start() + 1)
    if token in _INSIDE:
        return False
    if token in _FINAL:
        return following == "" or following.isupper() or following.isdigit()
    before = text[: match.start()].rstrip("\"'”’)]")
    previous = re.search(r"(\S+)$", before)
    previous_token = previous.group(1) if previous else ""
    if previous_token.isdigit() and following.islower():
        return False  # "den 3. maj"
    return not (len(previous_token) == 1 and previous_token.isupper() and following.isupper())


def _line_breaks(text: str) -> list[tuple[int, int]]:
    """Line breaks that end a sentence, as (start, end) spans; list markers are skipped."""
    breaks: list[tuple[int, int]] = []
    for match in re.finditer(r"\n[ \t\r\n]*", text):
        gap = match.group(0)
        rest = text[match.end() :]
        marker = _LIST_MARKER.match(rest)
        if gap.count("\n") >= 2 or marker is not None:
            breaks.append((match.start(), match.end() + (marker.end() if marker else 0)))
            continue
        line_end = text[: match.start()].rstrip(" \t\r")
        last = line_end[-1:] if line_end else ""
        first = rest[:1]
        wrapped = (last.islower() or last == ",") and first.islower()
        if not wrapped:
            breaks.append((match.start(), match.end()))
    return breaks


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` that contain at least one word, in order, with positions."""
    cuts: list[tuple[int, int]] = []
    first_marker = _LIST_MARKER.match(text)
    if first_marker is not None:
        cuts.append((0, first_marker.end()))
    cuts.extend(_line_breaks(text))
    for match in _ENDS.finditer(text):
        if any(start <= match.start() < end for start, end in cuts):
            continue  # the "1." of a list line
        if _is_sentence_end(text, match):
            cuts.append((match.end(), match.end()))
    cuts.sort()
    all_words = words(text)
    result: list[Sentence] = []
    position = 0
    word_index = 0
    for cut_start, cut_end in [*cuts, (len(text), len(text))]:
        if cut_start < position:
            position = max(position, cut_end)
            continue
        chunk_words: list[Word] = []
        while word_index < len(all_words) and all_words[word_index].start < cut_start:
            if all_words[word_index].start >= position:
                chunk_words.append(all_words[word_index])
            word_index += 1
        if chunk_words:
            start = chunk_words[0].start
            end = cut_start
            result.append(
                Sentence(
                    index=len(result),
                    start=start,
                    end=end,
                    text=text[start:end].strip(),
                    words=tuple(chunk_words),
                )
            )
        position = max(position, cut_end)
    return result
