"""The plain-language engine, checked against texts counted by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.engines.plainlanguage import (
    Term,
    TermError,
    analyse,
    check_term,
    lix,
    merge_terms,
    parse_terms,
    sentences,
    shipped_terms,
)


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


# --- LIX, counted by hand ----------------------------------------------------------------
def test_lix_of_a_short_text_matches_the_hand_count() -> None:
    # "Vi ses på mötet i morgon. Du får gärna ta med en vän."
    # words: Vi ses på mötet i morgon (6) + Du får gärna ta med en vän (7) = 13
    # sentences: 2; long words (> 6 letters): none  → 13 / 2 + 0 = 6.5
    result = analyse("Vi ses på mötet i morgon. Du får gärna ta med en vän.")
    assert (result.words, result.sentences, result.long_word_count) == (13, 2, 0)
    assert result.lix == pytest.approx(6.5)
    assert result.level == "very easy"


def test_lix_counts_long_words_as_a_percentage() -> None:
    # "Handläggaren skriver utredningen. Beslutet kommer snart."
    # words 5 + ... : Handläggaren skriver utredningen (3), Beslutet kommer snart (3) = 6
    # long (> 6 letters): Handläggaren (12), skriver (7), utredningen (11), Beslutet (8) = 4
    # 6 / 2 + 100 × 4 / 6 = 3 + 66.67 = 69.67
    result = analyse("Handläggaren skriver utredningen. Beslutet kommer snart.")
    assert result.long_word_count == 4
    assert result.lix == pytest.approx(3 + 400 / 6)
    assert result.level == "very hard"
    assert not result.meets_target


def test_a_word_of_exactly_six_letters_is_not_long() -> None:
    # "Mamma hämtar barnen." 3 words, 1 sentence; hämtar = 6 letters (not long), barnen = 6.
    assert analyse("Mamma hämtar barnen.").long_word_count == 0
    # "Pappa hämtade barnen." hämtade = 7 letters → long: 3 / 1 + 100 × 1 / 3 = 36.33
    assert lix("Pappa hämtade barnen.") == pytest.approx(3 + 100 / 3)


def test_abbreviations_are_one_short_word_and_end_no_sentence() -> None:
    # "Ta med t.ex. en bok. Kom kl. 9."
    # sentence 1: Ta med t.ex. en bok (5 words); sentence 2: Kom kl. (2 words; 9 is no word)
    # 7 / 2 + 0 = 3.5
    result = analyse("Ta med t.ex. en bok. Kom kl. 9.")
    assert result.sentences == 2
    assert result.words == 7
    assert result.lix == pytest.approx(3.5)


def test_the_existing_lix_function_agrees_with_analyse() -> None:
    text = "Socialförvaltningen gör utredningen nu. Vi hörs!"
    assert lix(text) == pytest.approx(analyse(text).lix)


def test_a_text_at_exactly_40_meets_the_target() -> None:
    # "Du och jag träffar kuratorn och pratar om skolan tillsammans."
    # 10 words, 1 sentence; long: träffar (7), kuratorn (8), tillsammans (11) = 3
    # 10 / 1 + 100 × 3 / 10 = 40
    result = analyse("Du och jag träffar kuratorn och pratar om skolan tillsammans.")
    assert result.lix == pytest.approx(40)
    assert result.target == 40
    assert result.meets_target
    assert result.level == "medium"  # 40 is the first value of "medium" (40–50)


# --- Sentences ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vi ses bl.a. på fredag. Sedan går vi hem.",
            ["Vi ses bl.a. på fredag.", "Sedan går vi hem."],
        ),
        (
            "Det är en s.k. samordnad plan. Den heter SIP.",
            ["Det är en s.k. samordnad plan.", "Den heter SIP."],
        ),
        ("Det kostar ca. 50 kronor. Ok?", ["Det kostar ca. 50 kronor.", "Ok?"]),
        ("Mötet är den 3. maj kl. 15.30 i rum 2.", ["Mötet är den 3. maj kl. 15.30 i rum 2."]),
        (
            "Vi köpte mat, kläder m.m. Sedan åkte vi.",
            ["Vi köpte mat, kläder m.m.", "Sedan åkte vi."],
        ),
        ("Ta med:\n- pass\n- pengar", ["Ta med:", "pass", "pengar"]),
        ("1. Läs brevet\n2. Ring oss", ["Läs brevet", "Ring oss"]),
        ("Hej!\n\nHur mår du?", ["Hej!", "Hur mår du?"]),
        ("Det här är en rad\nsom fortsätter här.", ["Det här är en rad\nsom fortsätter här."]),
        ("Hon heter A. Berg och bor här.", ["Hon heter A. Berg och bor här."]),
        ("Ring 116 111. Det är gratis.", ["Ring 116 111.", "Det är gratis."]),
        ("", []),
        ("   \n\n 123 456 ... !!", []),
    ],
)
def test_sentences_are_split_where_a_reader_would_split_them(
    text: str, expected: list[str]
) -> None:
    assert sentence_texts(text) == expected


def test_sentence_positions_point_into_the_original_text() -> None:
    text = "Hej. Vi ses t.ex. i morgon!"
    for sentence in sentences(text):
        assert text[sentence.start : sentence.end].strip() == sentence.text


def test_long_sentences_are_listed_with_their_positions() -> None:
    long_one = " ".join(["ord"] * 21) + "."
    text = f"Kort mening. {long_one} Kort igen."
    result = analyse(text)
    assert [(s.index, s.words) for s in result.long_sentences] == [(1, 21)]
    found = result.long_sentences[0]
    assert text[found.start : found.end] == long_one
    assert analyse(text, long_sentence_words=25).long_sentences == ()
    assert len(analyse(" ".join(["ord"] * 20) + ".").long_sentences) == 0  # 20 is not > 20


def test_long_words_are_listed_once_each_in_order() -> None:
    result = analyse("Utredningen är klar. Utredningen tog tid. Socialtjänsten ringer.")
    assert result.distinct_long_words() == ["Utredningen", "Socialtjänsten"]
    assert len(result.long_words) == 3
    assert all("Utredningen Socialtjänsten".find(w.word) >= 0 for w in result.long_words)


# --- Passive -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "passive"),
    [
        ("Ansökan ska skickas in i dag.", ["skickas"]),
        ("Beslutet har fattats av nämnden.", ["fattats"]),
        ("Du kontaktades i går.", ["kontaktades"]),
        ("Frågan planeras nu.", ["planeras"]),
        ("Det kan inte göras nu.", ["göras"]),
        ("Du kommer att kallas till ett möte.", ["kallas"]),
        ("Brevet som skrivits av oss.", ["skrivits"]),
        ("Beslutet bedömdes som rätt.", ["bedömdes"]),
        ("Det krävs ett intyg.", ["krävs"]),
    ],
)
def test_s_passive_forms_are_found(text: str, passive: list[str]) -> None:
    assert [p.word for p in analyse(text).passives] == passive


@pytest.mark.parametrize(
    "text",
    [
        "Vi hoppas att du trivs här.",  # deponent verbs
        "Det finns hjälp. Det fanns ingen där.",
        "Vi träffas på fredag och ses sedan.",  # reciprocal
        "Det känns bra. Jag lyckades till slut.",
        "Vi kan träffas i morgon.",  # deponent after a modal
        "Annas mamma ringer. Din mammas bil är röd.",  # genitives
        "Skolans rektor läser barnets brev.",  # definite genitives
        "Flickornas rum är stort.",  # plural genitive
        "Det är dags att gå hem till vårt hus.",
        "Resultats betydelse är stor.",  # noun genitive on the exception list
        "Vi ses!",
        "Det behövs inte. Det saknas ett papper.",  # impersonal, reads naturally
        "Hon verkar glad.",
    ],
)
def test_words_that_only_look_passive_are_not_flagged(text: str) -> None:
    assert analyse(text).passives == ()


def test_passive_positions_point_at_the_word() -> None:
    text = "Ansökan ska skickas in."
    (found,) = analyse(text).passives
    assert text[found.start : found.end] == "skickas"
    assert found.sentence == 0


# --- Officialese -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "form", ["erhålla", "erhåller", "erhöll", "erhållit", "erhållits", "erhållna", "Erhåller"]
)
def test_officialese_is_found_in_its_inflected_forms(form: str) -> None:
    result = analyse(f"Du {form} ett brev.")
    assert [(m.text, m.headword, m.plain) for m in result.officialese] == [(form, "erhålla", "få")]


@pytest.mark.parametrize(
    "text",
    [
        "Vi har en inkomst.",  # "inkom" + "st" is not an ending
        "Din handläggare heter Sara.",  # "handlägga" + "are" is not an ending
        "Hon gör det ändå.",
        "Jag har en docka.",  # "dock" is matched only as written
        "Beslutet kom i dag.",
    ],
)
def test_officialese_does_not_match_unrelated_words(text: str) -> None:
    assert analyse(text).officialese == ()


def test_phrases_match_word_by_word_and_the_longest_match_wins() -> None:
    text = "Med avseende på mötet, som äger rum i morgon, gör vi så i enlighet med planen."
    found = [(m.text, m.plain) for m in analyse(text).officialese]
    assert found == [
        ("Med avseende på", "om, när det gäller"),
        ("äger rum", "hända, vara"),
        ("i enlighet med", "enligt"),
    ]
    for match in analyse(text).officialese:
        assert text[match.start : match.end] == match.text


def test_phrases_do_not_cross_sentences() -> None:
    assert analyse("Vi kom i. Enlighet med allt.").officialese == ()


def test_an_own_list_replaces_the_shipped_one_and_an_empty_list_finds_nothing() -> None:
    text = "Vi erhåller en blankett."
    own = [Term("blankett", "papper", "")]
    assert [m.plain for m in analyse(text, officialese=own).officialese] == ["papper"]
    assert [m.plain for m in analyse(text, officialese=[("blankett", "papper")]).officialese] == [
        "papper"
    ]
    assert analyse(text, officialese=[]).officialese == ()


def test_merge_adds_replaces_and_removes_by_headword() -> None:
    base = [Term("erhålla|erhöll", "få"), Term("samt", "och")]
    merged = merge_terms(
        base, [Term("Erhålla", "få, ta emot"), Term("blankett", "papper")], ["SAMT"]
    )
    assert {t.key: t.plain for t in merged} == {"erhålla": "få, ta emot", "blankett": "papper"}


def test_the_shipped_list_has_at_least_60_pairs_with_plain_alternatives() -> None:
    terms = shipped_terms()
    assert len(terms) >= 60
    assert all(t.plain and t.hard for t in terms)
    assert len({t.key for t in terms}) == len(terms)
    plain = {t.key: t.plain for t in terms}
    assert plain["erhålla"] == "få"
    assert plain["inkomma"].startswith("skicka in")


def test_every_shipped_alternative_reads_easily() -> None:
    # An alternative that is itself officialese would be no help.
    terms = shipped_terms()
    for term in terms:
        assert analyse(term.plain).officialese == (), term


def test_bad_terms_are_refused_with_every_reason() -> None:
    assert check_term("erhålla", "få") == []
    assert check_term("", "") == ["Write the hard word or phrase.", "Write a plainer alternative."]
    assert check_term("123", "x") == ["Use only letters, spaces, hyphens and | between forms."]
    assert check_term("a||b", "x") == ["A form between | signs is empty."]
    with pytest.raises(TermError) as error:
        parse_terms(["ok\tbra", "\tnågot", "#kommentar", "x1\ty"])
    assert "line 2" in str(error.value) and "line 4" in str(error.value)


# --- Robustness --------------------------------------------------------------------------
def test_empty_text_gives_an_empty_analysis() -> None:
    result = analyse("")
    assert (result.words, result.sentences, result.lix) == (0, 0, 0.0)
    assert result.is_empty
    assert result.long_sentences == result.long_words == result.passives == ()
    assert result.officialese == ()


def test_the_analysis_is_json_serialisable() -> None:
    data = analyse("Ansökan ska skickas in. Du erhåller svar.").to_dict()
    assert json.loads(json.dumps(data))["lix"] == data["lix"]
    # 4 + 3 = 7 words, 2 sentences, long: Ansökan, skickas, erhåller → 3.5 + 300 / 7 = 46.4
    assert data["lix"] == 46.4
    assert data["meets_target"] is False
    assert data["passives"][0]["word"] == "skickas"
    assert data["officialese"][0]["plain"] == "få"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_analysed_without_crashing(text: str) -> None:
    result = analyse(text)
    assert result.lix >= 0
    assert result.words >= result.long_word_count >= 0
    for match in (*result.passives, *result.officialese, *result.long_words):
        assert 0 <= match.start < match.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Jag",
                "t.ex.",
                "bl.a.",
                "erhöll",
                "skickas",
                "ska",
                ".",
                "!",
                "\n",
                "- ",
                "1. ",
                "3.",
                "maj",
                "Annas",
                "m.m.",
            ]
        ),
        max_size=60,
    )
)
def test_swedish_like_word_salad_is_analysed_consistently(parts: list[str]) -> None:
    text = " ".join(parts)
    result = analyse(text)
    assert result.lix >= 0
    assert sum(len(s.words) for s in sentences(text)) == result.words
