"""Pattern engine: themes in free-text fragments, Swedish-aware and offline. No Django here.

    from medskapa.engines.patterns import Config, CuratedTheme, ModelState, assign, discover

    vectors = embed(texts)                      # once per fragment; store with to_bytes()
    result = discover(texts, ids=ids, vectors=vectors, config=Config(language="sv"),
                      curated=[CuratedTheme("c1", "Skolan", ["f12", "f40"])],
                      seeds=[SeedTheme("s1", "Ensamhet", "att inte ha någon")],
                      previous=old_state, progress=lambda fraction, stage: ...)
    result.themes      # Theme: id, label, keywords, members, quotes, summary, cohesion, ...
    result.outliers    # fragment ids that fit no theme
    result.stats["model"]                       # model name and version, for the record
    blob = result.state.to_bytes()              # store it (npz, no pickle)
    assign(ModelState.from_bytes(blob), new_texts, ids=new_ids, vectors=new_vectors)
    search("känner sig ensam", ids=ids, vectors=vectors, texts=texts)

Method and measurements: README.md beside this file.
"""

from .embeddings import (
    EmbeddingUnavailable,
    available,
    embed,
    from_bytes,
    model_info,
    stack_bytes,
    to_bytes,
)
from .engine import (
    Assignment,
    Config,
    CuratedTheme,
    Progress,
    Result,
    SeedTheme,
    Theme,
    assign,
    discover,
)
from .readable import Quote, TooFewToSummarise, summarise
from .search import Hit, search
from .state import ModelState

__all__ = [
    "Assignment",
    "Config",
    "CuratedTheme",
    "EmbeddingUnavailable",
    "Hit",
    "ModelState",
    "Progress",
    "Quote",
    "Result",
    "SeedTheme",
    "Theme",
    "TooFewToSummarise",
    "assign",
    "available",
    "discover",
    "embed",
    "from_bytes",
    "model_info",
    "search",
    "stack_bytes",
    "summarise",
    "to_bytes",
]
