"""Mask personal details in free text before it is stored.

What is found and replaced by a bracketed kind:

- **e-mail addresses** (``[e-post]``);
- **personnummer and samordningsnummer**: ``YYMMDD-XXXX``, ``YYMMDD+XXXX``, ``YYYYMMDD-XXXX``,
  ``YYYYMMDDXXXX`` and ``YYMMDDXXXX``; a valid month, a day of 1–31 (or 61–91 for a
  samordningsnummer) and the Luhn check digit are required, which cuts false positives such as
  order numbers (``[personnummer]``);
- **Swedish phone numbers**: ``070-123 45 67``, ``0701234567``, ``08-123 456 78``,
  ``+46 70 123 45 67``, ``0046 …`` (8–10 digits after the leading 0) (``[telefon]``);
- **personal names**: a capitalised word in the shipped list of common first names
  (``data/firstnames_sv.txt``, also with a genitive -s), a capitalised word after "jag heter",
  "kallas", "min mamma/pappa/bror/kompis/lärare/handläggare …", and a capitalised word right
  after a masked name (a surname) (``[namn]``).

Limits (said on the import page too): a name that is not in the list and comes without such a
phrase is not found (e.g. "Sa till Zlatan att …"); nicknames, surnames on their own, street
addresses, schools and places are not masked; a few list names that are also ordinary words
(Bo, Per, Liv, Sten …) are masked only after such a phrase or inside a sentence, never as the
first word of a sentence. Designers should still read what they import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import MaskKind

PLACEHOLDER = {
    MaskKind.NAME: "[namn]",
    MaskKind.PHONE: "[telefon]",
    MaskKind.EMAIL: "[e-post]",
    MaskKind.PERSONNUMMER: "[personnummer]",
}

# List names that are ordinary Swedish words too: not masked first in a sentence.
AMBIGUOUS = {
    "bo", "per", "liv", "lo", "sten", "rut", "juni", "tea", "signe", "vera", "sam", "tim",
    "tage", "ture", "alba", "leia", "ellen", "otto", "bror", "moa", "milo", "ines", "nora",
}  # fmt: skip

UPPER = "A-ZÅÄÖÉÜ"
LETTER = "A-Za-zÅÄÖåäöÉéÜüÈèÆæØø"
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PNR_RE = re.compile(r"(?<![\d-])(?:(19|20)?(\d{2}))(\d{2})(\d{2})[-+ ]?(\d{4})(?![\d])")
PHONE_RE = re.compile(r"(?<![\d\w+])(?:\+46|0046|0)[\s-]?(?:\(0\)\s?)?\d(?:[\s-]?\d){5,9}(?!\d)")
WORD_RE = re.compile(rf"(?<![{LETTER}])[{UPPER}][{LETTER}-]*(?![{LETTER}])")
RELATIONS = (
    "mamma|pappa|bror|brorsa|syster|syrra|kompis|vän|väninna|pojkvän|flickvän|lärare|mentor|"
    "handläggare|kurator|socialsekreterare|kontaktperson|farmor|farfar|mormor|morfar|"
    "styvpappa|styvmamma|tränare|rektor|granne|kusin|moster|faster|morbror|farbror"
)
TRIGGER_RE = re.compile(
    rf"(?i:\b(?:heter|hette|kallas|kallades)\s+|\b(?:min|mitt|mina|vår|hans|hennes)\s+"
    rf"(?:{RELATIONS})\s+)([{UPPER}][{LETTER}-]*)"
)


@dataclass(frozen=True)
class Span:
    start: int  # in the masked text
    end: int
    kind: str
    original: str


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "firstnames_sv.txt"
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.casefold())
    return frozenset(names)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(digits):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _personnummer(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in PNR_RE.finditer(text):
        _century, yy, mm, dd, last = match.groups()
        month, day = int(mm), int(dd)
        if not 1 <= month <= 12:
            continue
        if not (1 <= day <= 31 or 61 <= day <= 91):
            continue
        if not luhn_ok(yy + mm + dd + last):
            continue
        found.append((match.start(), match.end(), MaskKind.PERSONNUMMER.value))
    return found


def _phones(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0046"):
            digits = "0" + digits[4:]
        elif digits.startswith("46") and match.group().startswith("+"):
            digits = "0" + digits[2:]
        if digits.startswith("00") or not 8 <= len(digits) <= 11:
            continue
        found.append((match.start(), match.end(), MaskKind.PHONE.value))
    return found


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“”«»(–-")
    return not before or before[-1] in ".!?:\n"


def _names(text: str) -> list[tuple[int, int, str]]:
    names = first_names()
    found: dict[int, tuple[int, int, str]] = {}
    for match in TRIGGER_RE.finditer(text):
        found[match.start(1)] = (match.start(1), match.end(1), MaskKind.NAME.value)
    for match in WORD_RE.finditer(text):
        word = match.group().casefold()
        base = word[:-1] if word.endswith("s") and word[:-1] in names else word
        if base not in names or match.start() in found:
            continue
        if base in AMBIGUOUS and _sentence_start(text, match.start()):
            continue
        found[match.start()] = (match.start(), match.end(), MaskKind.NAME.value)
    # A capitalised word right after a masked name (not after a full stop) is a surname.
    for _start, end, _kind in sorted(found.values()):
        following = WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
        if following is not None and following.start() not in found:
            found[following.start()] = (following.start(), following.end(), MaskKind.NAME.value)
    return list(found.values())


def mask(text: str) -> tuple[str, list[Span]]:
    """The text with personal details replaced, and what was replaced (masked offsets)."""
    candidates = (
        [(s, e, k) for s, e, k in _emails(text)]
        + _personnummer(text)
        + _phones(text)
        + _names(text)
    )
    order = {
        MaskKind.EMAIL.value: 0,
        MaskKind.PERSONNUMMER.value: 1,
        MaskKind.PHONE.value: 2,
        MaskKind.NAME.value: 3,
    }
    candidates.sort(key=lambda c: (c[0], order[c[2]], -(c[1] - c[0])))
    chosen: list[tuple[int, int, str]] = []
    covered_to = -1
    for start, end, kind in sorted(candidates, key=lambda c: (order[c[2]], c[0])):
        if any(start < e and s < end for s, e, _k in chosen):
            continue
        chosen.append((start, end, kind))
    chosen.sort()
    out: list[str] = []
    spans: list[Span] = []
    cursor = 0
    length = 0
    for start, end, kind in chosen:
        if start < covered_to:
            continue
        out.append(text[cursor:start])
        length += start - cursor
        placeholder = PLACEHOLDER[MaskKind(kind)]
        spans.append(Span(length, length + len(placeholder), kind, text[start:end]))
        out.append(placeholder)
        length += len(placeholder)
        cursor = end
        covered_to = end
    out.append(text[cursor:])
    return "".join(out), spans


def _emails(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), MaskKind.EMAIL.value) for m in EMAIL_RE.finditer(text)]


def unmask(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Put originals back: ``spans`` are (start, end, original) in ``text``'s offsets."""
    out: list[str] = []
    cursor = 0
    for start, end, original in sorted(spans):
        if start < cursor or end > len(text):
            continue
        out.append(text[cursor:start])
        out.append(original)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
