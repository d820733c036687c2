"""Search by meaning: rank fragments by similarity to a query, with a lexical fallback.

With stored sentence vectors (``embeddings.embed``) and the backend installed, the query is
embedded like a fragment (an e5 *passage*: measured, the asymmetric *query* prefix ranked the
paraphrase "har ingen att prata med" 10th for "känner sig ensam", below a text about sleep;
as a passage it ranks above every fragment of another topic) and compared with the
fragments' vectors. Without them (no backend, no vectors) the fragments'
hashed TF-IDF (stems, compound parts, character n-grams) is used: it finds words and their
inflections, not paraphrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import embeddings
from .features import Vectorizer
from .text import normalise_language


@dataclass(frozen=True)
class Hit:
    id: str
    score: float  # cosine similarity, higher is closer


def search(
    query: str,
    *,
    ids: Sequence[str],
    vectors: np.ndarray | None = None,
    texts: Sequence[str] | None = None,
    limit: int = 20,
    language: str = "sv",
    method: str = "auto",
) -> tuple[list[Hit], str]:
    """The ``limit`` fragments closest to ``query``, best first, and the method used.

    ``method``: "auto" (by meaning where vectors and the backend are there, else by words),
    "semantic" or "lexical". Ties are broken by id, so the order is stable.
    """
    if not query.strip():
        return [], "none"
    use_semantic = method == "semantic" or (
        method == "auto" and vectors is not None and embeddings.available()
    )
    if use_semantic:
        if vectors is None:
            raise ValueError("semantic search needs the fragments' vectors")
        matrix = embeddings.normalise(np.asarray(vectors, dtype=np.float32))
        if len(matrix) != len(ids):
            raise ValueError("vectors and ids differ in length")
        scores = matrix @ embeddings.embed([query])[0]
        used = "semantic"
    else:
        if texts is None:
            raise ValueError("lexical search needs the fragments' texts")
        if len(texts) != len(ids):
            raise ValueError("texts and ids differ in length")
        vectorizer = Vectorizer(normalise_language(language))
        features = vectorizer.fit_transform([*texts, query])
        matrix = features.matrix
        scores = np.asarray((matrix[:-1] @ matrix[-1].T).toarray()).ravel()
        used = "lexical"
    order = sorted(
        (i for i in range(len(ids)) if scores[i] > 0), key=lambda i: (-float(scores[i]), ids[i])
    )
    return [Hit(str(ids[i]), round(float(scores[i]), 4)) for i in order[:limit]], used
