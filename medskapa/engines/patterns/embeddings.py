"""Optional embedding backend: a sentence-transformers model loaded from a local folder.

Never downloads: HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE are set before loading and the path
must be an existing folder. sentence-transformers (and torch) are optional extras, not in
requirements.txt; ``EmbeddingUnavailable`` says so clearly when they are missing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np


class EmbeddingUnavailable(RuntimeError):
    """The embedding backend was asked for but cannot run here."""


@lru_cache(maxsize=2)
def _load(path: str) -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    if not Path(path).is_dir():
        raise EmbeddingUnavailable(f"embedding model folder not found: {path}")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:  # pragma: no cover - depends on the optional extra
        raise EmbeddingUnavailable(
            "sentence-transformers is not installed (optional extra, see requirements-bench.txt)"
        ) from error
    return SentenceTransformer(path, device="cpu", local_files_only=True)


def embed(texts: Sequence[str], model_path: str, batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 embeddings, one row per text."""
    model = _load(str(model_path))
    if not texts:
        dim = int(model.get_sentence_embedding_dimension() or 0)
        return np.zeros((0, dim), dtype=np.float32)
    vectors = model.encode(
        list(texts),
        batch_size=batch_size,
        show_progress_bar=False,
        convert_to_numpy=True,
        normalize_embeddings=True,
    )
    return np.asarray(vectors, dtype=np.float32)
