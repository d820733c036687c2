"""Names, phone numbers, e-mail addresses and personnummer are masked before storage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.insights.masking import luhn_ok, mask, unmask


def with_check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_ok(nine + digit):
            return nine + digit
    raise AssertionError


PNR = with_check_digit("811218987")  # a valid personnummer (YYMMDDXXXX)
SAMORDNING = with_check_digit("811278987")  # day + 60


@pytest.mark.parametrize(
    "written",
    [
        f"{PNR[:6]}-{PNR[6:]}",
        f"19{PNR[:6]}-{PNR[6:]}",
        f"19{PNR}",
        PNR,
        f"{SAMORDNING[:6]}-{SAMORDNING[6:]}",
    ],
)
def test_personnummer_in_every_form_is_masked(written: str) -> None:
    text, spans = mask(f"Mitt nummer är {written} tror jag.")
    assert text == "Mitt nummer är [personnummer] tror jag."
    assert [(s.kind, s.original) for s in spans] == [("personnummer", written)]


@pytest.mark.parametrize(
    "shape",
    ["{a}-{b}", "{a}+{b}", "19{a}-{b}", "19{a}{b}", "{a}{b}", "{a} {b}"],
)
def test_a_personnummer_with_a_wrong_check_digit_is_masked_in_every_shape(shape: str) -> None:
    wrong = PNR[:9] + str((int(PNR[9]) + 1) % 10)
    assert not luhn_ok(wrong)
    written = shape.format(a=wrong[:6], b=wrong[6:])
    text, spans = mask(f"Mitt nummer är {written} och datum 20231201.")
    assert text == "Mitt nummer är [personnummer] och datum 20231201."
    assert [s.original for s in spans] == [written]


@pytest.mark.parametrize(
    "phone",
    ["070-123 45 67", "0701234567", "08-123 456 78", "+46 70 123 45 67", "0046701234567"],
)
def test_swedish_phone_numbers_are_masked(phone: str) -> None:
    text, spans = mask(f"Ring mig på {phone} i morgon.")
    assert text == "Ring mig på [telefon] i morgon."
    assert spans[0].original == phone


def test_help_numbers_and_years_are_left_alone() -> None:
    text, _spans = mask("Ring 112 eller BRIS 116 111. Det var 2024 och jag var 15.")
    assert text == "Ring 112 eller BRIS 116 111. Det var 2024 och jag var 15."


def test_email_is_masked() -> None:
    text, spans = mask("Skriv till alva.s+skola@exempel.se om du vill.")
    assert text == "Skriv till [e-post] om du vill."
    assert spans[0].original == "alva.s+skola@exempel.se"


def test_first_names_from_the_list_and_surnames_after_them_are_masked() -> None:
    text, spans = mask("Jag bodde hos Anna Svensson. Sen kom Mohammed och Emmas mamma.")
    assert text == "Jag bodde hos [namn] [namn]. Sen kom [namn] och [namn] mamma."
    assert [s.original for s in spans] == ["Anna", "Svensson", "Mohammed", "Emmas"]


def test_names_after_phrases_are_masked_even_when_not_in_the_list() -> None:
    text, _ = mask("Jag heter Zlatan och min kurator Birgit är bra. Min mamma Jolanta ringde.")
    assert text == "Jag heter [namn] och min kurator [namn] är bra. Min mamma [namn] ringde."


def test_ordinary_words_that_are_also_names_are_left_at_the_start_of_a_sentence() -> None:
    text, _ = mask("Bo hos pappa är bra. Liv är viktigt. Jag pratade med Per.")
    assert text == "Bo hos pappa är bra. Liv är viktigt. Jag pratade med [namn]."


def test_lower_case_names_are_masked_but_ordinary_words_that_are_names_are_not() -> None:
    text, _spans = mask("jag heter inte så, och amir och anna kom. en ek och en sten vid björk.")
    assert text == "jag heter inte så, och [namn] och [namn] kom. en ek och en sten vid björk."


def test_the_organisations_usernames_and_names_are_masked_in_any_case() -> None:
    text, _spans = mask(
        "Skriv till sara.helsingborg eller Zorro77, fråga även kowalczyk.",
        usernames=["sara.helsingborg", "zorro77"],
        names=["Kowalczyk"],
    )
    assert text == "Skriv till [användarnamn] eller [användarnamn], fråga även [namn]."


def test_street_addresses_and_postcodes_are_masked() -> None:
    text, _ = mask("Hon bor på Storgatan 12B, 123 45 Malmö och han på Norra vägen 3 lgh 1102.")
    assert text == "Hon bor på [adress], [adress] och han på [adress]."


def test_unmask_restores_the_original() -> None:
    original = f"Jag heter Alva, ring 070-123 45 67 eller {PNR}."
    text, spans = mask(original)
    assert unmask(text, [(s.start, s.end, s.original) for s in spans]) == original


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_masking_any_text_never_fails_and_round_trips(value: str) -> None:
    text, spans = mask(value)
    assert unmask(text, [(s.start, s.end, s.original) for s in spans]) == value
    for span in spans:
        assert text[span.start : span.end].startswith("[")
