"""Swedish-aware text handling: stop words, stems, compounds, character n-grams."""

from __future__ import annotations

import numpy as np

from medskapa.engines.patterns.features import N_WORD, Vectorizer, _hash
from medskapa.engines.patterns.text import (
    Analyzer,
    normalise_language,
    stop_words,
    tokenize,
)


def test_stop_word_lists_ship_as_data_files_for_swedish_and_english() -> None:
    swedish, english = stop_words("sv"), stop_words("en")
    assert {"och", "att", "jag", "typ", "asså"} <= swedish
    assert {"the", "and", "i", "like"} <= english
    # Content words young people use about their lives are never stop words.
    assert not {"skola", "hemma", "kompis", "mamma", "socialtjänsten"} & swedish


def test_language_hints_map_to_swedish_or_english() -> None:
    assert normalise_language("sv-SE") == "sv"
    assert normalise_language("Svenska") == "sv"
    assert normalise_language(None) == "sv"
    assert normalise_language("en-GB") == "en"
    assert normalise_language("English") == "en"


def test_swedish_inflections_share_one_stem() -> None:
    analyzer = Analyzer("sv")
    assert len({analyzer.stem(w) for w in ("skola", "skolan", "skolor", "skolorna")}) == 1
    assert analyzer.stem("kompisar") == analyzer.stem("kompisarna") == analyzer.stem("kompis")
    assert analyzer.stem("mamma") == analyzer.stem("mamman")


def test_tokens_keep_swedish_letters_and_drop_digits_and_punctuation() -> None:
    assert tokenize("Jag ÄLSKAR fritidsgården!!! 123 :)") == ["jag", "älskar", "fritidsgården"]
    assert Analyzer("sv").content_tokens("Asså jag typ hatar läxor") == ["hatar", "läxor"]


def test_compounds_split_into_parts_seen_on_their_own() -> None:
    analyzer = Analyzer("sv")
    known = {_hash(analyzer.stem(w), N_WORD) for w in ("skolan", "maten", "fritid", "social")}

    def is_known(stem: str) -> bool:
        return _hash(stem, N_WORD) in known

    assert analyzer.split_compound("skolmaten", is_known) == ("skol", "mat")
    # A linking "s" is allowed; the head need not be known then ("gård").
    assert analyzer.split_compound("fritidsgården", is_known)[0] == "fritid"
    assert analyzer.split_compound("socialsekreteraren", is_known)[0] == "social"
    # Inflection is not a compound: the stem is split, not the token.
    assert analyzer.split_compound("skolorna", is_known) == ()


def test_compound_shares_features_with_its_parts() -> None:
    texts = ["Skolmaten är äcklig", "Skolan är bra", "Maten är god", "Bussen är sen"]
    matrix = Vectorizer("sv").fit_transform(texts).matrix
    sims = (matrix @ matrix.T).toarray()
    assert sims[0, 1] > sims[0, 3]
    assert sims[0, 2] > sims[0, 3]


def test_compound_part_features_raise_similarity_over_character_ngrams_alone() -> None:
    texts = ["Socialsekreteraren ringer aldrig", "Socialtjänsten bestämmer", "Social kontakt"]
    with_parts = Vectorizer("sv", use_compounds=True).fit_transform(texts).matrix
    without = Vectorizer("sv", use_compounds=False).fit_transform(texts).matrix
    assert (with_parts[0] @ with_parts[1].T).toarray()[0, 0] > (
        without[0] @ without[1].T
    ).toarray()[0, 0]


def test_english_uses_the_english_stemmer_and_stop_words() -> None:
    analyzer = Analyzer("en")
    assert analyzer.stem("teachers") == analyzer.stem("teacher")
    assert analyzer.content_tokens("I like the lessons") == ["lessons"]


def test_transform_of_new_text_matches_fit_for_the_same_text() -> None:
    texts = ["Läraren lyssnar inte", "Mamma och pappa bråkar hemma", "Fotbollsträningen är kul"]
    vectorizer = Vectorizer("sv")
    features = vectorizer.fit_transform(texts)
    again = vectorizer.transform(texts, features.vocabulary)
    assert np.allclose(features.matrix.toarray(), again.toarray(), atol=1e-6)
