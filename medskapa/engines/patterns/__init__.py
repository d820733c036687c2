"""Pattern engine: themes in free-text fragments, Swedish-aware and offline. No Django here.

    from medskapa.engines.patterns import Config, CuratedTheme, ModelState, assign, discover

    result = discover(texts, ids=ids, config=Config(language="sv", seed=0),
                      curated=[CuratedTheme("c1", "Skolan", ["f12", "f40"])],
                      previous=old_state, progress=lambda fraction, stage: ...)
    result.themes      # Theme: id, label, keywords, members, quotes, cohesion, curated, ...
    result.outliers    # fragment ids that fit no theme
    blob = result.state.to_bytes()                     # store it (npz, no pickle)
    assign(ModelState.from_bytes(blob), new_texts, ids=new_ids)  # no re-clustering

Method and measurements: README.md beside this file.
"""

from .embeddings import EmbeddingUnavailable
from .engine import Assignment, Config, CuratedTheme, Progress, Result, Theme, assign, discover
from .state import ModelState

__all__ = [
    "Assignment",
    "Config",
    "CuratedTheme",
    "EmbeddingUnavailable",
    "ModelState",
    "Progress",
    "Result",
    "Theme",
    "assign",
    "discover",
]
