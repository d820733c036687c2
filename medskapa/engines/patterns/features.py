"""Hashed TF-IDF features: word stems (+ compound parts) and character n-grams.

Both blocks are hashed (MurmurHash3, seed 0) into fixed-size column spaces, so the vectoriser
itself is stateless: what a later ``assign`` needs is only the document frequencies of the
columns seen at fit time and the set of known stems, which serialise as small integer arrays.

The matrix is built per *unique token*: a (documents × tokens) count matrix times a
(tokens × features) matrix, so each distinct word is stemmed and cut into n-grams once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from .text import Analyzer, Language

WORD_BITS = 18
CHAR_BITS = 18
N_WORD = 1 << WORD_BITS
N_CHAR = 1 << CHAR_BITS
COMPOUND_PART_WEIGHT = 0.5


def _hash(value: str, n_features: int) -> int:
    return int(murmurhash3_32(value, seed=0, positive=True)) % n_features


@dataclass
class Vocabulary:
    """Per-corpus facts needed to vectorise new text the same way (serialisable)."""

    language: Language
    n_docs: int
    word_weight: float
    use_compounds: bool
    word_df: dict[int, int] = field(default_factory=dict)
    char_df: dict[int, int] = field(default_factory=dict)
    known_stems: set[int] = field(default_factory=set)

    def idf(self, df: dict[int, int], n_features: int) -> np.ndarray:
        # Smoothed idf as in scikit-learn; an unseen column has df 0 (the highest idf).
        values = np.full(n_features, np.log((1 + self.n_docs) / 1) + 1, dtype=np.float32)
        if df:
            cols = np.fromiter(df.keys(), dtype=np.int64, count=len(df))
            counts = np.fromiter(df.values(), dtype=np.float64, count=len(df))
            values[cols] = (np.log((1 + self.n_docs) / (1 + counts)) + 1).astype(np.float32)
        return values

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "word_df_cols": np.fromiter(self.word_df.keys(), dtype=np.int32),
            "word_df_counts": np.fromiter(self.word_df.values(), dtype=np.int32),
            "char_df_cols": np.fromiter(self.char_df.keys(), dtype=np.int32),
            "char_df_counts": np.fromiter(self.char_df.values(), dtype=np.int32),
            "known_stems": np.fromiter(sorted(self.known_stems), dtype=np.int32),
        }

    def to_meta(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "n_docs": self.n_docs,
            "word_weight": self.word_weight,
            "use_compounds": self.use_compounds,
        }

    @classmethod
    def from_parts(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Vocabulary:
        return cls(
            language=meta["language"],
            n_docs=int(meta["n_docs"]),
            word_weight=float(meta["word_weight"]),
            use_compounds=bool(meta["use_compounds"]),
            word_df=dict(
                zip(
                    arrays["word_df_cols"].tolist(),
                    arrays["word_df_counts"].tolist(),
                    strict=True,
                )
            ),
            char_df=dict(
                zip(
                    arrays["char_df_cols"].tolist(),
                    arrays["char_df_counts"].tolist(),
                    strict=True,
                )
            ),
            known_stems=set(arrays["known_stems"].tolist()),
        )


@dataclass
class Features:
    """The vectorised corpus."""

    matrix: sp.csr_matrix  # documents × (N_WORD + N_CHAR), rows l2-normalised (or zero)
    word_counts: sp.csr_matrix  # documents × N_WORD raw (weighted) stem counts, for labels
    surface: dict[int, str]  # word column → most frequent surface word (for labels)
    vocabulary: Vocabulary


class Vectorizer:
    def __init__(
        self,
        language: Language,
        *,
        word_weight: float = 0.5,
        use_compounds: bool = True,
        ngram_range: tuple[int, int] = (3, 5),
    ) -> None:
        self.analyzer = Analyzer(language, ngram_range)
        self.language = language
        self.word_weight = word_weight
        self.use_compounds = use_compounds

    # -- building blocks ----------------------------------------------------------------------

    def _doc_tokens(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, list[str]]:
        """(documents × unique tokens) count matrix and the token list."""
        index: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        for text in texts:
            for token in self.analyzer.content_tokens(text):
                indices.append(index.setdefault(token, len(index)))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        matrix = sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(texts), len(index)),
        )
        matrix.sum_duplicates()
        return matrix, list(index)

    def _token_features(
        self, tokens: Sequence[str], known_stems: set[int] | None, chars: bool = True
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, set[int]]:
        """(tokens × N_WORD) and (tokens × N_CHAR) matrices; also the stem hashes seen."""
        stem_cols = [_hash(self.analyzer.stem(t), N_WORD) for t in tokens]
        seen = set(stem_cols)
        known = seen if known_stems is None else known_stems

        def is_known(stem: str) -> bool:
            return _hash(stem, N_WORD) in known

        w_rows: list[int] = []
        w_cols: list[int] = []
        w_data: list[float] = []
        c_rows: list[int] = []
        c_cols: list[int] = []
        for row, (token, col) in enumerate(zip(tokens, stem_cols, strict=True)):
            w_rows.append(row)
            w_cols.append(col)
            w_data.append(1.0)
            if self.use_compounds and self.language == "sv":
                for part in self.analyzer.split_compound(token, is_known):
                    w_rows.append(row)
                    w_cols.append(_hash(part, N_WORD))
                    w_data.append(COMPOUND_PART_WEIGHT)
            grams = self.analyzer.char_ngrams(token) if chars else []
            c_rows.extend([row] * len(grams))
            c_cols.extend(_hash(g, N_CHAR) for g in grams)
        n = len(tokens)
        word = sp.csr_matrix(
            (np.asarray(w_data, dtype=np.float32), (w_rows, w_cols)), shape=(n, N_WORD)
        )
        char = sp.csr_matrix(
            (np.ones(len(c_cols), dtype=np.float32), (c_rows, c_cols)), shape=(n, N_CHAR)
        )
        return word, char, seen

    @staticmethod
    def _sublinear(counts: sp.csr_matrix) -> sp.csr_matrix:
        result = counts.copy()
        result.data = (1.0 + np.log(result.data)).astype(np.float32)
        return result

    def _combine(
        self, word: sp.csr_matrix, char: sp.csr_matrix, vocab: Vocabulary
    ) -> sp.csr_matrix:
        if word.shape[0] == 0:
            return sp.csr_matrix((0, N_WORD + N_CHAR), dtype=np.float32)
        word_tfidf = self._sublinear(word) @ sp.diags(vocab.idf(vocab.word_df, N_WORD))
        char_tfidf = self._sublinear(char) @ sp.diags(vocab.idf(vocab.char_df, N_CHAR))
        w = np.float32(np.sqrt(self.word_weight))
        c = np.float32(np.sqrt(1.0 - self.word_weight))
        combined = sp.hstack(
            [normalize(word_tfidf) * w, normalize(char_tfidf) * c], format="csr", dtype=np.float32
        )
        return normalize(combined)

    # -- public -------------------------------------------------------------------------------

    def fit_transform(self, texts: Sequence[str]) -> Features:
        docs, tokens = self._doc_tokens(texts)
        token_word, token_char, seen = self._token_features(tokens, None)
        word = (docs @ token_word).tocsr()
        char = (docs @ token_char).tocsr()
        vocab = Vocabulary(
            language=self.language,
            n_docs=len(texts),
            word_weight=self.word_weight,
            use_compounds=self.use_compounds,
            word_df=_document_frequency(word),
            char_df=_document_frequency(char),
            known_stems=seen,
        )
        surface = _surface_forms(docs, tokens, token_word)
        return Features(self._combine(word, char, vocab), word, surface, vocab)

    def fit_words(self, texts: Sequence[str]) -> Features:
        """Word stems only (no character n-grams): what labels and keywords need.

        The embedding path clusters sentence vectors, so it skips the character block, which
        is most of the TF-IDF's memory at 100 000 fragments.
        """
        docs, tokens = self._doc_tokens(texts)
        token_word, _, seen = self._token_features(tokens, None, chars=False)
        word = (docs @ token_word).tocsr()
        vocab = Vocabulary(
            language=self.language,
            n_docs=len(texts),
            word_weight=1.0,
            use_compounds=self.use_compounds,
            word_df=_document_frequency(word),
            known_stems=seen,
        )
        matrix = normalize(self._sublinear(word) @ sp.diags(vocab.idf(vocab.word_df, N_WORD)))
        surface = _surface_forms(docs, tokens, token_word)
        return Features(matrix.tocsr().astype(np.float32), word, surface, vocab)

    def transform(self, texts: Sequence[str], vocab: Vocabulary) -> sp.csr_matrix:
        docs, tokens = self._doc_tokens(texts)
        token_word, token_char, _ = self._token_features(tokens, vocab.known_stems)
        return self._combine((docs @ token_word).tocsr(), (docs @ token_char).tocsr(), vocab)


def _document_frequency(matrix: sp.csr_matrix) -> dict[int, int]:
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    cols = np.flatnonzero(df)
    return dict(zip(cols.tolist(), df[cols].tolist(), strict=True))


def _surface_forms(
    docs: sp.csr_matrix, tokens: Sequence[str], token_word: sp.csr_matrix
) -> dict[int, str]:
    """For each word column, the token that most often produced it (the readable label)."""
    frequency = np.asarray(docs.sum(axis=0)).ravel()
    best: dict[int, tuple[float, str]] = {}
    tw = token_word.tocsr()
    for row, token in enumerate(tokens):
        start, end = tw.indptr[row], tw.indptr[row + 1]
        for col, weight in zip(tw.indices[start:end], tw.data[start:end], strict=True):
            # A whole word beats the same stem seen only as a compound part.
            score = float(frequency[row]) * (1.0 if weight >= 1.0 else 0.01)
            current = best.get(int(col))
            if current is None or (score, token) > current:
                best[int(col)] = (score, token)
    return {col: token for col, (_, token) in best.items()}
