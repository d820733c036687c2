"""Mask personal details in free text before it is stored.

What is found and replaced by a bracketed kind:

- **e-mail addresses** (``[e-post]``);
- **anything shaped like a personnummer or samordningsnummer**, whether the check digit is
  right or not (a mistyped number identifies a person just as well): ``YYMMDD-XXXX``,
  ``YYMMDD+XXXX``, ``YYYYMMDD-XXXX``, ``YYYYMMDDXXXX``, ``YYMMDDXXXX`` and ``YYMMDD XXXX``;
  without a ``-``/``+`` the date part must be a date (month 1–12, day 1–31 or 61–91), and a bare
  ten-digit number that is also a phone number counts as a phone number unless its check
  digit is right (``[personnummer]``);
- **Swedish phone numbers**: ``070-123 45 67``, ``0701234567``, ``08-123 456 78``,
  ``+46 70 123 45 67``, ``0046 …`` (``[telefon]``);
- **street addresses**: a street name ending in -gatan, -vägen, -gränd, -torget, -stigen,
  -backen, -allén, -plan … with a number (``Storgatan 12B``, ``Norra vägen 3 lgh 1102``), such a
  street name on its own when it is written with a capital, and postcodes with their place
  (``123 45 Malmö``) (``[adress]``);
- **usernames**: the organisation's usernames handed in by the caller, and tokens shaped like
  one (``sara.helsingborg``, ``amir_99``) that start with a known name (``[användarnamn]``);
- **personal names** (``[namn]``), from the lists in ``data/`` (about 15,000 first names
  common in Sweden and among newcomers to Sweden, and about 15,000 surnames; see
  ``data/build_name_lists.py``) and the names of the organisation's people handed in by the
  caller:

  - a listed name written with a capital (also with a genitive -s);
  - a listed name in lower case ("amir", "sara") unless it is also an ordinary word
    (``data/name_words.txt``: "ek", "sten", "björk", "bo", "liv" …);
  - a capitalised word after a phrase that introduces a name: "jag heter", "kallas", "min
    mamma/kompis/lärare …", "jag och", "och jag", greetings ("hej", "tjena", "kära" …);
  - a capitalised word inside a sentence followed by "sa", "tyckte", "ringde" …;
  - a capitalised word right after a masked name (a surname).

  A listed name that is also an ordinary word is not masked as the first word of a sentence
  unless a phrase introduces it.

Limits (said on the import page too): a name that is in no list, comes without such a phrase
and is written in lower case is not found; schools and places other than addresses are not
masked. The recall and precision on 200 invented sentences are measured in
``tests/insights/test_masking_recall.py``. Designers should still read what they import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import MaskKind

PLACEHOLDER = {
    MaskKind.NAME: "[namn]",
    MaskKind.PHONE: "[telefon]",
    MaskKind.EMAIL: "[e-post]",
    MaskKind.PERSONNUMMER: "[personnummer]",
    MaskKind.ADDRESS: "[adress]",
    MaskKind.USERNAME: "[användarnamn]",
}

DATA = Path(__file__).with_name("data")
UPPER = "A-ZÅÄÖÉÜÆØ"
LETTER = r"[^\W\d_]"
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PNR_RE = re.compile(r"(?<![\d])(?:(19|20)?(\d{2}))(\d{2})(\d{2})([-+ ]?)(\d{4})(?![\d])")
PHONE_RE = re.compile(r"(?<![\d\w+])(?:\+46|0046|0)[\s-]?(?:\(0\)\s?)?\d(?:[\s-]?\d){5,9}(?!\d)")
WORD_RE = re.compile(rf"(?<!\w){LETTER}+(?:[-'’]{LETTER}+)*(?!\w)")
USERNAME_SHAPE_RE = re.compile(rf"(?<![\w@.]){LETTER}+[._]\w+(?:[._]\w+)*(?![\w@]|\.\w)")

STREET_SUFFIX = (
    "gatan|gata|vägen|väg|gränden|gränd|torget|torg|stigen|stig|backen|backe|allén|allé|plan|"
    "platsen|plats|leden|led|stråket|stråk|kajen|kaj|esplanaden|promenaden|slingan|ringen|"
    "liden|lid|höjden|gången|bron|parken|hagen|vägen|tået|udden|kroken|svängen"
)
# Strong suffixes: a capitalised word ending in one is a street even without a number.
STREET_ALONE = "gatan|vägen|gränden|gränd|torget|stigen|backen|allén|slingan|stråket"
DIRECTION = r"(?:(?:Norra|Södra|Östra|Västra|Stora|Lilla|Gamla|Nya|Sankt|S:t|Övre|Nedre)\s+)"
STREET_NUMBER = r"\s+\d{1,4}(?:\s?[A-Ha-h](?![\w]))?(?:,?\s*(?:lgh|lägenhet)\.?\s*\d{1,5})?"
STREET_RE = re.compile(
    rf"(?<!\w){DIRECTION}?(?:{LETTER}+(?:{STREET_SUFFIX})"
    rf"|(?:(?-i:[{UPPER}]){LETTER}+\s+)?(?-i:[{UPPER}]){LETTER}+s?\s+(?:{STREET_SUFFIX}))"
    rf"{STREET_NUMBER}(?!\d)",
    re.IGNORECASE,
)
STREET_ALONE_RE = re.compile(rf"(?<!\w){DIRECTION}?[{UPPER}]{LETTER}{{2,}}(?:{STREET_ALONE})(?!\w)")
POSTCODE_RE = re.compile(
    rf"(?<![\d\w])\d{{3}}\s?\d{{2}}\s+[{UPPER}]{LETTER}+(?:[\s-][{UPPER}]{LETTER}+)?(?!\w)"
)

RELATIONS = (
    "mamma|pappa|mor|far|bror|brorsa|syster|syrra|lillebror|storebror|lillasyster|storasyster|"
    "kompis|kompisar|vän|vänner|väninna|bästis|bästa vän|bästa kompis|pojkvän|flickvän|sambo|"
    "fru|man|son|dotter|lärare|läraren|mentor|handläggare|kurator|socialsekreterare|"
    "kontaktperson|kontaktfamilj|farmor|farfar|mormor|morfar|styvpappa|styvmamma|bonuspappa|"
    "bonusmamma|tränare|rektor|granne|grannen|kusin|moster|faster|morbror|farbror|klasskompis|"
    "assistent|personal|tolk|läkare|sjuksköterska|psykolog|fritidsledare|coach|chef|god man|"
    "familjehemsförälder|familjehemsmamma|familjehemspappa|boendestödjare|elevassistent"
)
CAPITAL_WORD = rf"([{UPPER}]{LETTER}*(?:-[{UPPER}]{LETTER}*)?)"
TRIGGER_RE = re.compile(
    rf"(?i:\b(?:heter|hette|kallas|kallades|kallar\s+(?:mig|sig|honom|henne)|namnet\s+är|"
    rf"namn\s+är|(?:alla|de|vi|man)\s+säger|jag\s+och|med\s+mig\s+och|hej|hejsan|hallå|tjena|tjenare|tja|hejdå|"
    rf"kära|käraste|tack|grattis)\s+|\b(?:min|mitt|mina|vår|våra|hans|hennes|deras|din|"
    rf"dina)\s+(?:{RELATIONS})\s+(?:heter\s+)?){CAPITAL_WORD}"
)
AND_PAIR_RE = re.compile(rf"{CAPITAL_WORD},?\s+(?:och|eller)\s+{CAPITAL_WORD}")
AND_I_RE = re.compile(rf"{CAPITAL_WORD}\s+och\s+(?:jag|mig)\b")
SPEECH_RE = re.compile(
    rf"{CAPITAL_WORD}\s+(?:sa|sade|säger|tyckte|tycker|frågade|frågar|berättade|ringde|"
    rf"skrev|skrek|svarade|kom|kommer|var|är|hade|har|bor|gick|fick|vill|ville)\b"
)
SPEECH_NAME_VERBS = {"sa", "sade", "säger", "tyckte", "frågade", "berättade", "ringde", "skrev"}


@dataclass(frozen=True)
class Span:
    start: int  # in the masked text
    end: int
    kind: str
    original: str


def _read_list(filename: str) -> frozenset[str]:
    names = set()
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.casefold())
    return frozenset(names)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return _read_list("firstnames.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return _read_list("surnames.txt")


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Names that are also ordinary words: not masked in lower case or first in a sentence."""
    return _read_list("name_words.txt")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(digits):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


# Priority when candidates overlap: lower wins.
STRONG_PNR, EMAIL, PHONE, WEAK_PNR, ADDRESS, USERNAME, NAME = range(7)
Candidate = tuple[int, int, str, int]  # start, end, kind, priority


def _personnummer(text: str) -> list[Candidate]:
    found = []
    for match in PNR_RE.finditer(text):
        century, yy, mm, dd, separator, last = match.groups()
        month, day = int(mm), int(dd)
        is_date = 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)
        if separator == " " and century is None and not is_date:
            continue
        if not separator and not is_date:
            continue
        checked = luhn_ok(yy + mm + dd + last)
        strong = bool(separator.strip()) or century is not None or checked
        if not strong and text[match.start()] != "0":
            strong = True  # ten digits not starting with 0 is no Swedish phone number
        found.append(
            (
                match.start(),
                match.end(),
                MaskKind.PERSONNUMMER.value,
                STRONG_PNR if strong else WEAK_PNR,
            )
        )
    return found


def _phones(text: str) -> list[Candidate]:
    found = []
    for match in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if digits.startswith("0046"):
            digits = "0" + digits[4:]
        elif digits.startswith("46") and match.group().startswith("+"):
            digits = "0" + digits[2:]
        if digits.startswith("00") or not 8 <= len(digits) <= 11:
            continue
        found.append((match.start(), match.end(), MaskKind.PHONE.value, PHONE))
    return found


def _emails(text: str) -> list[Candidate]:
    return [(m.start(), m.end(), MaskKind.EMAIL.value, EMAIL) for m in EMAIL_RE.finditer(text)]


def _addresses(text: str) -> list[Candidate]:
    kind = MaskKind.ADDRESS.value
    found = [(m.start(), m.end(), kind, ADDRESS) for m in STREET_RE.finditer(text)]
    found += [(m.start(), m.end(), kind, ADDRESS + 1) for m in STREET_ALONE_RE.finditer(text)]
    found += [(m.start(), m.end(), kind, ADDRESS) for m in POSTCODE_RE.finditer(text)]
    return found


def _usernames(text: str, usernames: frozenset[str]) -> list[Candidate]:
    kind = MaskKind.USERNAME.value
    found = []
    if usernames:
        pattern = "|".join(re.escape(u) for u in sorted(usernames, key=len, reverse=True))
        for match in re.finditer(rf"(?<![\w.@])(?:{pattern})(?![\w@]|\.\w)", text, re.I):
            found.append((match.start(), match.end(), kind, USERNAME))
    names = first_names() | surnames()
    for match in USERNAME_SHAPE_RE.finditer(text):
        head = re.split(r"[._]", match.group(), maxsplit=1)[0].casefold()
        if head in names and head not in name_words():
            found.append((match.start(), match.end(), kind, USERNAME))
    return found


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'“”«»(–-")
    return not before or before[-1] in ".!?:\n"


def _base(word: str, names: frozenset[str]) -> str:
    """A listed name with a genitive -s ("Emmas") gives the name."""
    folded = word.casefold()
    base = folded[:-1]
    if (
        folded not in names
        and folded.endswith("s")
        and base in names
        and not base.endswith(("s", "x", "z"))  # "klass" is not Klas's
        and (word[0].isupper() or len(base) >= 4)
    ):
        return base
    return folded


def _names(text: str, extra: frozenset[str]) -> list[Candidate]:
    listed = first_names() | surnames() | extra
    words = name_words()
    kind = MaskKind.NAME.value
    found: dict[int, Candidate] = {}

    def add(start: int, end: int) -> None:
        found.setdefault(start, (start, end, kind, NAME))

    for match in TRIGGER_RE.finditer(text):
        add(match.start(1), match.end(1))
    for match in AND_I_RE.finditer(text):
        if not _sentence_start(text, match.start(1)) or _base(match.group(1), listed) in listed:
            add(match.start(1), match.end(1))
    for match in SPEECH_RE.finditer(text):
        verb = match.group().rsplit(None, 1)[-1].casefold()
        name = _base(match.group(1), listed)
        mid_sentence = not _sentence_start(text, match.start(1))
        if (mid_sentence and verb in SPEECH_NAME_VERBS) or (name in listed and name not in words):
            add(match.start(1), match.end(1))
    for match in WORD_RE.finditer(text):
        word = match.group()
        base = _base(word, listed)
        if base not in listed or match.start() in found:
            continue
        if word[0].isupper():
            if base in words and base not in extra and _sentence_start(text, match.start()):
                continue
        elif base in words or len(base) < 3:
            continue
        add(match.start(), match.end())
    # "X och Y" inside a sentence: when one of them is a masked name, a capitalised other is too.
    for match in AND_PAIR_RE.finditer(text):
        first, second = match.span(1), match.span(2)
        if first[0] in found and second[0] not in found:
            add(*second)
        elif second[0] in found and first[0] not in found and not _sentence_start(text, first[0]):
            add(*first)
    # A capitalised word (or a listed surname) right after a masked name is a surname.
    for _start, end, _kind, _priority in sorted(found.values()):
        if text[end : end + 1] != " ":
            continue
        following = WORD_RE.match(text, end + 1)
        if following is None or following.start() in found:
            continue
        word = following.group()
        if word[0].isupper() or (
            _base(word, surnames()) in surnames() and word.casefold() not in words
        ):
            add(following.start(), following.end())
    return list(found.values())


def mask(
    text: str, *, usernames: Iterable[str] = (), names: Iterable[str] = ()
) -> tuple[str, list[Span]]:
    """The text with personal details replaced, and what was replaced (masked offsets).

    ``usernames`` and ``names`` are the organisation's own (see
    ``selectors.people_of``): masked wherever they stand, in any case.
    """
    user_set = frozenset(u.casefold() for u in usernames if len(u) >= 3)
    extra = frozenset(
        n.casefold() for n in names if len(n) >= 2 and n.casefold() not in name_words()
    )
    candidates = (
        _emails(text)
        + _personnummer(text)
        + _phones(text)
        + _addresses(text)
        + _usernames(text, user_set)
        + _names(text, extra)
    )
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind, _priority in sorted(
        candidates, key=lambda c: (c[3], c[0], -(c[1] - c[0]))
    ):
        if any(start < e and s < end for s, e, _k in chosen):
            continue
        chosen.append((start, end, kind))
    chosen.sort()
    out: list[str] = []
    spans: list[Span] = []
    cursor = 0
    length = 0
    for start, end, kind in chosen:
        out.append(text[cursor:start])
        length += start - cursor
        placeholder = PLACEHOLDER[MaskKind(kind)]
        spans.append(Span(length, length + len(placeholder), kind, text[start:end]))
        out.append(placeholder)
        length += len(placeholder)
        cursor = end
    out.append(text[cursor:])
    return "".join(out), spans


def mask_title(title: str, *, usernames: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    """A source's title, masked like its text (no originals are kept for a title)."""
    return mask(title, usernames=usernames, names=names)[0]


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
