"""Swedish s-passive ("ansökan skickas in", "beslutet har fattats") — a heuristic.

Plain-language advice: say who does what ("vi skickar", "du får"). Swedish marks the passive
with an -s ending, which many other words share (genitives "Annas", "skolans"; "hus", "plats";
deponent verbs that only look passive). With no dictionary and no tagger, a word counts as a
passive form when one of these holds:

1. it ends in **-ades** ("skickades") or **-eras** ("planeras"), or in **-des/-tes** with at least
   six letters ("bedömdes", "köptes");
2. it ends in **-ats** with at least six letters ("kontaktats"), unless it is a noun's genitive
   on a short list ("resultats", "kandidats");
3. it ends in **-its/-ts** and "har", "hade", "ha" or "som" comes one to three words before
   ("har skrivits", "som bedömts");
4. it ends in **-s** and a modal verb comes right before it, with at most two small words between
   ("ska skickas", "kan inte läsas", "måste göras", "kommer att behandlas");
5. it ends in **-as** (six letters or more), does not follow a determiner ("din mammas") and is
   not a plural genitive ("flickornas");
6. it is one of a few common short passive forms ("görs", "ges", "sägs", "anses", "krävs").

Never counted: a word written with a capital inside a sentence (a name's genitive, "Annas"); a
definite noun's genitive in -ens, -ets, -ans ("skolans", "barnets"); deponent and reciprocal
verbs, which end in -s without being passive ("finnas", "hoppas", "trivas", "andas",
"lyckas", "minnas", "synas", "träffas", "kännas", "tyckas", "låtsas", "umgås", "ses", "hörs"
in "vi hörs"), and some impersonal forms that read naturally ("det behövs", "det saknas",
"det märks"). "Verkar" has no -s and is never a candidate.

Known limits: the bli-passive ("blev kallad") is not found; a genitive after a modal ("kan Evas
...") or a capitalised passive at the start of a sentence can be missed or miscounted; "hörs"
and "ses" are left out even where they are passive ("det hörs inte"). The panel says these are
*possible* passive forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .text import Sentence, Word

MODALS = frozenset(
    {
        "ska",
        "skall",
        "skulle",
        "kan",
        "kunde",
        "kunnat",
        "måste",
        "bör",
        "borde",
        "får",
        "fick",
        "fått",
        "behöver",
        "behövde",
        "vill",
        "ville",
        "brukar",
        "tänker",
        "lär",
        "torde",
        "må",
        "att",  # "kommer att behandlas", "behöver inte att ..." (after the modal's own "att")
    }
)
# Small words allowed between a modal and the verb: "ska inte skickas", "kan också ses".
BETWEEN = frozenset(
    {
        "inte",
        "ej",
        "också",
        "även",
        "alltid",
        "aldrig",
        "redan",
        "då",
        "sedan",
        "sen",
        "nu",
        "snart",
        "bara",
        "helst",
        "gärna",
        "ofta",
        "ännu",
        "därför",
        "dock",
        "sannolikt",
        "troligen",
    }
)
COME = frozenset({"kommer", "kom", "kommit", "komma", "skulle"})
PERFECT = frozenset({"har", "hade", "ha", "som", "haft"})
DETERMINERS = frozenset(
    {
        "din",
        "ditt",
        "dina",
        "min",
        "mitt",
        "mina",
        "sin",
        "sitt",
        "sina",
        "hans",
        "hennes",
        "deras",
        "vår",
        "vårt",
        "våra",
        "er",
        "ert",
        "era",
        "en",
        "ett",
        "den",
        "det",
        "de",
        "denna",
        "detta",
        "dessa",
        "varje",
        "någon",
        "någons",
    }
)
# Deponent and reciprocal verbs in their -s forms: active in meaning.
DEPONENT_FORMS = frozenset(
    [
        "finnas",
        "finns",
        "fanns",
        "funnits",
        "funnes",
        "hoppas",
        "hoppades",
        "hoppats",
        "trivas",
        "trivs",
        "trivdes",
        "trivts",
        "andas",
        "andades",
        "andats",
        "lyckas",
        "lyckades",
        "lyckats",
        "minnas",
        "minns",
        "mindes",
        "mints",
        "synas",
        "syns",
        "syntes",
        "synts",
        "träffas",
        "träffades",
        "träffats",
        "kännas",
        "känns",
        "kändes",
        "känts",
        "tyckas",
        "tycks",
        "tycktes",
        "tyckts",
        "låtsas",
        "låtsades",
        "låtsats",
        "umgås",
        "umgicks",
        "umgåtts",
        "slåss",
        "slogs",
        "slagits",
        "ses",
        "sågs",
        "setts",
        "höras",
        "hörs",
        "hördes",
        "hörts",
        "mötas",
        "möts",
        "möttes",
        "mötts",
        "kramas",
        "kramades",
        "kramats",
        "brottas",
        "brottades",
        "brottats",
        "svettas",
        "svettades",
        "svettats",
        "skämmas",
        "skäms",
        "skämdes",
        "skämts",
        "vistas",
        "vistades",
        "vistats",
        "fattas",
        "fattades",
        "saknas",
        "saknades",
        "behövas",
        "behövs",
        "behövdes",
        "märkas",
        "märks",
        "märktes",
        "åldras",
        "åldrades",
        "åldrats",
        "väsnas",
        "väsnades",
        "kräkas",
        "kräks",
        "kräktes",
        "ängslas",
        "ängslades",
        "enas",
        "enades",
        "enats",
        "skiljas",
        "skiljs",
        "skildes",
        "samsas",
        "samsades",
        "lekas",
    ]
)
# Words that end like a passive but are not verbs.
NOT_PASSIVE = frozenset(
    [
        "resultats",
        "mandats",
        "kandidats",
        "advokats",
        "soldats",
        "privats",
        "formats",
        "kontrakts",
        "oss",
        "dess",
        "ens",
        "hans",
        "hennes",
        "deras",
        "eras",
        "alls",
        "annars",
        "dels",
        "tills",
        "ingenstans",
        "någonstans",
        "överallts",
        "mellans",
        "bakifrån",
        "gratis",
        "plus",
        "minus",
        "status",
        "kurs",
        "hus",
        "plats",
        "dags",
        "ännus",
        "mars",
        "vers",
        "process",
        "kaos",
    ]
)
COMMON_SHORT_PASSIVES = frozenset(
    [
        "görs",
        "gjordes",
        "gjorts",
        "ges",
        "gavs",
        "getts",
        "givits",
        "sägs",
        "sades",
        "sagts",
        "anses",
        "ansågs",
        "ansetts",
        "krävs",
        "krävdes",
        "krävts",
        "tas",
        "togs",
        "tagits",
        "fås",
        "fåtts",
        "nås",
        "nåddes",
        "nåtts",
        "läggs",
        "lades",
        "lagts",
        "sätts",
        "sattes",
        "satts",
        "hålls",
        "hölls",
        "hållits",
        "skrivs",
        "skrevs",
        "skrivits",
        "visas",
        "visades",
        "bedöms",
        "bedömdes",
        "bedömts",
        "beviljas",
        "avslås",
        "avslogs",
        "avslagits",
        "ställs",
        "ställdes",
        "följs",
        "följdes",
        "dras",
        "drogs",
        "dragits",
        "delas",
        "delades",
        "skickas",
        "skickades",
    ]
)


@dataclass(frozen=True)
class PassiveForm:
    word: str
    start: int
    end: int
    sentence: int
    reason: str


def _reason(words: Sequence[Word], i: int, sentence_start: bool) -> str | None:
    word = words[i].text
    lower = word.lower()
    if not lower.endswith("s") or lower in DEPONENT_FORMS or lower in NOT_PASSIVE:
        return None
    if len(lower) < 3 or words[i].is_abbreviation():
        return None
    if word[:1].isupper() and not sentence_start:
        return None  # a name's genitive ("Annas"), or a heading
    if lower.endswith(("ens", "ets", "ans")):
        return None  # a definite noun's genitive ("skolans", "barnets", "beslutens")
    if lower in COMMON_SHORT_PASSIVES:
        return "common"
    previous = [w.text.lower() for w in words[max(0, i - 3) : i]]
    if lower.endswith("ades") or (lower.endswith("eras") and len(lower) >= 6):
        return "ending"
    if len(lower) >= 6 and lower.endswith(("des", "tes")):
        return "ending"
    if len(lower) >= 6 and lower.endswith("ats"):
        return "ending"
    if lower.endswith("ts") and any(p in PERFECT for p in previous):
        return "perfect"
    # A modal right before, with at most two small words between.
    j = i - 1
    skipped = 0
    while j >= 0 and words[j].text.lower() in BETWEEN and skipped < 2:
        j -= 1
        skipped += 1
    if j >= 0 and words[j].text.lower() in MODALS:
        return "modal"
    if j >= 1 and words[j].text.lower() == "att" and words[j - 1].text.lower() in COME:
        return "modal"  # "kommer att behandlas"
    if (
        lower.endswith("as")
        and len(lower) >= 6
        and not (previous and previous[-1] in DETERMINERS)
        and not (len(lower) >= 8 and lower.endswith(("arnas", "ornas", "ernas", "urnas")))
    ):
        return "ending"
    return None


def passive_forms(parts: Sequence[Sentence]) -> list[PassiveForm]:
    """Possible s-passive forms, sentence by sentence (see the module's notes on limits)."""
    found: list[PassiveForm] = []
    for sentence in parts:
        words = sentence.words
        for i, word in enumerate(words):
            reason = _reason(words, i, sentence_start=i == 0)
            if reason is not None:
                found.append(PassiveForm(word.text, word.start, word.end, sentence.index, reason))
    return found
