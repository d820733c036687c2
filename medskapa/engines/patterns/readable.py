"""Labels and summaries a designer can read: phrases and quotes taken from the fragments.

Nothing here generates text. A theme's label is a phrase (one to three words in a row) that
occurs verbatim in its most representative fragments and sets the theme apart from the rest
of the corpus; a summary is two or three sentences quoted verbatim from the fragments, each
with the id of the fragment it comes from. Whole words only (compound parts never show), and
a label never begins or ends with a stop word or a word every theme shares ("kommer",
"finns", "många": data/label_stopwords_<lang>.txt).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import Language, normalise_language, stop_words, tokenize

MIN_SUMMARY_FRAGMENTS = 5
REPRESENTATIVE = 12  # fragments a label's candidate phrases come from
MAX_LABEL_WORDS = 3
PHRASE_BONUS = 0.35  # per extra word: "ingen att prata med" over "prata"
MAX_QUOTE_CHARS = 280
SUMMARY_POOL = 200
SUMMARY_WORD_SAMPLE = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_DATA = Path(__file__).resolve().parent / "data"


class TooFewToSummarise(ValueError):
    """A summary of fewer than five fragments could point at a person: refused."""


@dataclass(frozen=True)
class Quote:
    """A sentence quoted verbatim from a fragment, with the fragment's id."""

    id: str
    text: str


@lru_cache(maxsize=4)
def label_stop_words(language: Language) -> frozenset[str]:
    """Stop words plus the words that never begin or end a label (data/label_stopwords_*)."""
    extra = set()
    for line in (_DATA / f"label_stopwords_{language}.txt").read_text("utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            extra.add(word)
    return stop_words(language) | frozenset(extra)


def _ngrams(tokens: Sequence[str], stop: frozenset[str]) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for n in range(1, MAX_LABEL_WORDS + 1):
        for i in range(len(tokens) - n + 1):
            gram = tuple(tokens[i : i + n])
            if gram[0] in stop or gram[-1] in stop or len(gram[0]) < 3 or len(gram[-1]) < 3:
                continue
            grams.add(gram)
    return grams


def theme_labels(
    texts: Sequence[str],
    groups: Sequence[Sequence[int]],
    representatives: Sequence[Sequence[int]],
    *,
    language: str = "sv",
    sample: int = 1500,
) -> list[str]:
    """One readable label per group of text rows.

    ``representatives``: per group, its rows best first (closest to the theme's centre); the
    candidate phrases come from the first ``REPRESENTATIVE`` of them. A phrase scores by how
    many more members than non-members use it (p_in · log(p_in / p_out)), longer phrases a
    little higher; the best one is the label, and a second word joins a one-word label when
    it is nearly as strong ("skolmat och lunch").
    """
    lang = normalise_language(language)
    stop = label_stop_words(lang)
    joiner = " och " if lang == "sv" else " and "
    tokens_cache: dict[int, list[str]] = {}

    def tokens(row: int) -> list[str]:
        cached = tokens_cache.get(row)
        if cached is None:
            cached = tokenize(texts[row])
            tokens_cache[row] = cached
        return cached

    everyone = np.arange(len(texts))
    labels: list[str] = []
    for group, best_rows in zip(groups, representatives, strict=True):
        members = sorted(group)
        if not members:
            labels.append("")
            continue
        candidates: set[tuple[str, ...]] = set()
        for row in list(best_rows)[:REPRESENTATIVE]:
            candidates |= _ngrams(tokens(row), stop)
        if not candidates:
            labels.append("")
            continue
        member_set = set(members)
        inside = members if len(members) <= sample else members[:: math.ceil(len(members) / sample)]
        others = [int(r) for r in everyone if int(r) not in member_set]
        if len(others) > sample:
            others = others[:: math.ceil(len(others) / sample)]
        p_in = _coverage(candidates, [tokens(r) for r in inside])
        p_out = _coverage(candidates, [tokens(r) for r in others])
        scored: list[tuple[float, tuple[str, ...]]] = []
        for minimum in (2, 1):  # one member's phrase names a theme only if nothing else can
            for gram in candidates:
                hits = p_in[gram]
                if hits < minimum / max(len(inside), 1) and len(inside) > 1:
                    continue
                share_out = p_out[gram] + 0.5 / max(len(others), 1)
                score = hits * math.log((hits + 1e-9) / share_out) if hits > share_out else 0.0
                score *= 1.0 + PHRASE_BONUS * (len(gram) - 1)
                if score > 0:
                    scored.append((score, gram))
            if scored:
                break
        if not scored:
            labels.append("")
            continue
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        best_score, best = scored[0]
        label = " ".join(best)
        if len(best) == 1:
            for score, gram in scored[1:]:
                if len(gram) == 1 and score >= 0.6 * best_score and gram[0] not in best[0]:
                    label = best[0] + joiner + gram[0]
                    break
        labels.append(label[:1].upper() + label[1:])
    return labels


def _coverage(grams: set[tuple[str, ...]], docs: Sequence[list[str]]) -> Counter[tuple[str, ...]]:
    """Share of ``docs`` containing each gram (contiguous tokens)."""
    counts: Counter[tuple[str, ...]] = Counter()
    longest = max((len(g) for g in grams), default=1)
    for doc in docs:
        present: set[tuple[str, ...]] = set()
        for n in range(1, longest + 1):
            for i in range(len(doc) - n + 1):
                gram = tuple(doc[i : i + n])
                if gram in grams:
                    present.add(gram)
        counts.update(present)
    total = max(len(docs), 1)
    return Counter({gram: count / total for gram, count in counts.items()})


def sentences(text: str) -> list[str]:
    """The sentences of a fragment, each a verbatim slice of it (whitespace trimmed)."""
    parts = [part.strip() for part in _SENTENCE_END.split(text.strip())]
    return [part for part in parts if part]


def summarise(
    texts: Sequence[str],
    ids: Sequence[str],
    vectors: np.ndarray,
    *,
    n: int = 3,
    language: str = "sv",
) -> list[Quote]:
    """Two or three sentences quoted verbatim from the fragments, each with its fragment id.

    The fragments are picked by maximal marginal relevance over ``vectors`` (l2-normalised
    rows: close to the group's centre, unlike the ones already picked); from each, the
    sentence that shares most words with the group is quoted. Fewer than five fragments:
    ``TooFewToSummarise`` (a summary of a tiny group could point at a person).
    """
    if len(texts) != len(ids) or len(texts) != len(vectors):
        raise ValueError("texts, ids and vectors differ in length")
    if len(texts) < MIN_SUMMARY_FRAGMENTS:
        raise TooFewToSummarise(
            f"a summary needs at least {MIN_SUMMARY_FRAGMENTS} fragments, got {len(texts)}"
        )
    lang = normalise_language(language)
    stop = label_stop_words(lang)
    matrix = np.asarray(vectors, dtype=np.float32)
    centre = matrix.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    relevance = matrix @ (centre / norm) if norm > 0 else np.zeros(len(texts))
    # The 200 most central fragments are the candidates; word counts from at most 2 000
    # members (evenly spread) keep a theme of 20 000 fragments cheap.
    pool = sorted(range(len(texts)), key=lambda i: (-float(relevance[i]), i))[:SUMMARY_POOL]
    step = max(1, math.ceil(len(texts) / SUMMARY_WORD_SAMPLE))
    words: Counter[str] = Counter()
    for text in texts[::step]:
        words.update({t for t in tokenize(text) if t not in stop and len(t) > 2})

    chosen: list[int] = []
    seen: set[str] = set()
    want = max(2, min(n, 3))
    while len(chosen) < want:
        best_index, best_value = -1, -math.inf
        for i in pool:
            key = " ".join(texts[i].lower().split())
            if i in chosen or not key or key in seen:
                continue
            redundancy = max((float(matrix[i] @ matrix[j]) for j in chosen), default=0.0)
            value = 0.7 * float(relevance[i]) - 0.3 * redundancy
            if value > best_value + 1e-12:
                best_index, best_value = i, value
        if best_index < 0:
            break
        chosen.append(best_index)
        seen.add(" ".join(texts[best_index].lower().split()))

    quotes: list[Quote] = []
    for i in chosen:
        options = sentences(texts[i]) or [texts[i].strip()]
        options = [s for s in options if len(s) <= MAX_QUOTE_CHARS] or options
        best = max(
            options,
            key=lambda s: (sum(words[t] for t in set(tokenize(s)) if t in words), -len(s)),
        )
        quotes.append(Quote(str(ids[i]), best))
    return quotes
