"""The check-in question graph: which question comes next, given the answers so far.

A check-in is not a flat form. Life areas come first; follow-ups are chosen by the answers (a
low score on "home" asks what makes it hard); the young person's own words come last. The graph
is data (a JSON definition an organisation edits and versions), and this module is the only code
that reads it, so the web flow, the API and the tests walk it the same way.

Plain Python on purpose (no Django): the definition is validated here, and the traversal is
tested without a database.

Answers have one shape everywhere::

    {"areas": {"home": 2, "school": None},        # None = "Vill inte svara"
     "followups": {"home_hard": ["arguing"]},      # chosen choice keys ([] = skipped)
     "texts": {"feel_good": "Min hund"}}           # optional own words
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCALE_MIN = 1
SCALE_MAX = 5
TEXT_MAX_LENGTH = 2000
LANGUAGES = ("sv", "en", "ar")
DEFAULT_DEFINITION_PATH = Path(__file__).with_name("data") / "default_graph.json"

Texts = Mapping[str, str]
Answers = dict[str, dict[str, Any]]


class GraphError(ValueError):
    """A definition that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class AnswerError(ValueError):
    """An answer that does not fit the question it is given for.

    ``code`` says which kind of problem, so the caller can say it in the reader's language
    (``"invalid"`` for anything a person using the pages cannot cause).
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def clean_text(raw: Any) -> str:
    """Own words as they can be stored: a string (``None`` is empty) without NUL characters
    or lone surrogates, at most ``TEXT_MAX_LENGTH`` characters. Anything else is refused,
    never turned into its Python representation or cut."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise AnswerError("own words must be text", code="text_type")
    if "\x00" in raw:
        raise AnswerError("own words contain a NUL character", code="text_nul")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise AnswerError("own words contain a broken character", code="text_broken") from None
    text = raw.strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise AnswerError(f"text longer than {TEXT_MAX_LENGTH} characters", code="text_long")
    return text


def text_in(texts: Texts, language: str) -> str:
    """The text in ``language``, falling back to Swedish (always present) and then anything."""
    return texts.get(language) or texts.get("sv") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Area:
    key: str
    icon: str
    title: Texts
    question: Texts
    why: Texts


@dataclass(frozen=True)
class Choice:
    key: str
    text: Texts
    alarm: bool = False


@dataclass(frozen=True)
class FollowUp:
    key: str
    area: str
    at_most: int
    question: Texts
    choices: tuple[Choice, ...]

    def applies(self, answers: Answers) -> bool:
        score = answers.get("areas", {}).get(self.area)
        return isinstance(score, int) and score <= self.at_most

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class FreeText:
    key: str
    question: Texts


@dataclass(frozen=True)
class Graph:
    scale_labels: dict[int, Texts]
    areas: tuple[Area, ...]
    followups: tuple[FollowUp, ...]
    free_texts: tuple[FreeText, ...]
    definition: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    # --- lookup ---------------------------------------------------------------------------
    def area(self, key: str) -> Area | None:
        return next((a for a in self.areas if a.key == key), None)

    def followup(self, key: str) -> FollowUp | None:
        return next((f for f in self.followups if f.key == key), None)

    def free_text(self, key: str) -> FreeText | None:
        return next((t for t in self.free_texts if t.key == key), None)

    def restricted_to(self, area_keys: Iterable[str]) -> Graph:
        """The same graph asking only the given areas (and their follow-ups); for campaigns."""
        keep = set(area_keys)
        return Graph(
            scale_labels=self.scale_labels,
            areas=tuple(a for a in self.areas if a.key in keep),
            followups=tuple(f for f in self.followups if f.area in keep),
            free_texts=self.free_texts,
            definition=self.definition,
        )

    # --- traversal ------------------------------------------------------------------------
    def steps(self, answers: Answers) -> list[str]:
        """Every step this person will see, in order, given the answers so far."""
        result = [f"area:{a.key}" for a in self.areas]
        result += [f"followup:{f.key}" for f in self.followups if f.applies(answers)]
        result += [f"text:{t.key}" for t in self.free_texts]
        return result

    def first_step(self) -> str:
        return self.steps(empty_answers())[0]

    def next_step(self, answers: Answers, after: str) -> str | None:
        """The step after ``after``; None when every question has been passed."""
        steps = self.steps(answers)
        if after not in steps:
            return steps[0] if steps else None
        index = steps.index(after)
        return steps[index + 1] if index + 1 < len(steps) else None

    def previous_step(self, answers: Answers, before: str) -> str | None:
        steps = self.steps(answers)
        if before not in steps:
            return None
        index = steps.index(before)
        return steps[index - 1] if index > 0 else None

    def first_unanswered(self, answers: Answers) -> str | None:
        for step in self.steps(answers):
            kind, key = step.split(":", 1)
            if key not in answers.get(_SECTION[kind], {}):
                return step
        return None

    # --- answers --------------------------------------------------------------------------
    def with_answer(self, answers: Answers, step: str, raw: Any) -> Answers:
        """A copy of ``answers`` with one step answered; follow-ups that no longer apply go.

        Raises ``AnswerError`` when the answer does not fit the step.
        """
        kind, _, key = step.partition(":")
        result: Answers = {section: dict(answers.get(section, {})) for section in _SECTION.values()}
        if kind == "area" and self.area(key):
            result["areas"][key] = clean_score(raw)
        elif kind == "followup" and (followup := self.followup(key)):
            chosen = [raw] if isinstance(raw, str) else list(raw or [])
            unknown = [c for c in chosen if followup.choice(str(c)) is None]
            if unknown:
                raise AnswerError(f"unknown choice {unknown[0]!r} for {key!r}")
            result["followups"][key] = sorted({str(c) for c in chosen})
        elif kind == "text" and self.free_text(key):
            result["texts"][key] = clean_text(raw)
        else:
            raise AnswerError(f"unknown step {step!r}")
        applicable = {f.key for f in self.followups if f.applies(result)}
        result["followups"] = {k: v for k, v in result["followups"].items() if k in applicable}
        return result

    def validate_answers(self, answers: Any) -> Answers:
        """A complete answer set from an untrusted source (the API), cleaned, or AnswerError."""
        if not isinstance(answers, Mapping):
            raise AnswerError("answers must be an object")
        unknown_sections = set(answers) - set(_SECTION.values())
        if unknown_sections:
            raise AnswerError(f"unknown section {sorted(unknown_sections)[0]!r}")
        result = empty_answers()
        areas = answers.get("areas") or {}
        if not isinstance(areas, Mapping):
            raise AnswerError("areas must be an object")
        for key, value in areas.items():
            result = self.with_answer(result, f"area:{key}", value)
        missing = [a.key for a in self.areas if a.key not in result["areas"]]
        if missing:
            raise AnswerError(f"no answer for area {missing[0]!r} (send null to skip it)")
        for section, kind in (("followups", "followup"), ("texts", "text")):
            values = answers.get(section) or {}
            if not isinstance(values, Mapping):
                raise AnswerError(f"{section} must be an object")
            for key, value in values.items():
                if kind == "followup" and (f := self.followup(key)) and not f.applies(result):
                    raise AnswerError(f"follow-up {key!r} does not apply to these scores")
                result = self.with_answer(result, f"{kind}:{key}", value)
        return result

    def alarms(self, answers: Answers) -> list[tuple[str, str]]:
        """(follow-up key, choice key) of every chosen answer tagged as an alarm."""
        found = []
        for followup in self.followups:
            for chosen in answers.get("followups", {}).get(followup.key, []):
                choice = followup.choice(chosen)
                if choice is not None and choice.alarm:
                    found.append((followup.key, choice.key))
        return found


_SECTION = {"area": "areas", "followup": "followups", "text": "texts"}


def empty_answers() -> Answers:
    return {"areas": {}, "followups": {}, "texts": {}}


def clean_score(raw: Any) -> int | None:
    """1–5, or None for "Vill inte svara". Anything else is an AnswerError."""
    if raw is None or raw == "" or raw == "skip":
        return None
    if isinstance(raw, bool):
        raise AnswerError("a score is a whole number from 1 to 5")
    try:
        score = int(raw)
    except (TypeError, ValueError):
        raise AnswerError("a score is a whole number from 1 to 5") from None
    if isinstance(raw, float) and raw != score:
        raise AnswerError("a score is a whole number from 1 to 5")
    if not SCALE_MIN <= score <= SCALE_MAX:
        raise AnswerError("a score is a whole number from 1 to 5")
    return score


# --- loading and validating definitions -------------------------------------------------------
def _texts(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        problems.append(f'{where}: give the text per language, e.g. {{"sv": "…"}}')
        return {}
    texts = {str(k): str(v).strip() for k, v in value.items() if isinstance(v, str)}
    if not texts.get("sv"):
        problems.append(f"{where}: the Swedish text is missing")
    for language in texts:
        if language not in LANGUAGES and not language.isalpha():
            problems.append(f"{where}: {language!r} is not a language code")
    return texts


def _key(value: Any, where: str, seen: set[str], problems: list[str]) -> str:
    key = str(value or "")
    if not key or not key.replace("_", "").isalnum() or not key.isascii():
        problems.append(f"{where}: the key must be letters, digits and _ (got {key!r})")
    elif key in seen:
        problems.append(f"{where}: the key {key!r} is used twice")
    seen.add(key)
    return key


def load(definition: Mapping[str, Any] | str) -> Graph:
    """A Graph from a definition (dict or JSON text); GraphError lists every problem."""
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except json.JSONDecodeError as error:
            raise GraphError([f"not valid JSON: {error.msg} (line {error.lineno})"]) from None
    if not isinstance(definition, Mapping):
        raise GraphError(["the definition must be a JSON object"])
    problems: list[str] = []
    seen: set[str] = set()

    labels_raw = definition.get("scale_labels")
    scale_labels: dict[int, Texts] = {}
    if not isinstance(labels_raw, Mapping):
        problems.append("scale_labels: give a label per step 1–5")
    else:
        for step in range(SCALE_MIN, SCALE_MAX + 1):
            scale_labels[step] = _texts(labels_raw.get(str(step)), f"scale_labels.{step}", problems)

    areas: list[Area] = []
    areas_raw = definition.get("areas")
    if not isinstance(areas_raw, list) or not areas_raw:
        problems.append("areas: at least one life area is needed")
        areas_raw = []
    for index, raw in enumerate(areas_raw):
        where = f"areas[{index}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        areas.append(
            Area(
                key=_key(raw.get("key"), where, seen, problems),
                icon=str(raw.get("icon") or "circle"),
                title=_texts(raw.get("title"), f"{where}.title", problems),
                question=_texts(raw.get("question"), f"{where}.question", problems),
                why=_texts(raw.get("why") or {"sv": "-"}, f"{where}.why", problems),
            )
        )
    area_keys = {a.key for a in areas}

    followups: list[FollowUp] = []
    followups_raw = definition.get("followups") or []
    if not isinstance(followups_raw, list):
        problems.append("followups: must be a list")
        followups_raw = []
    for index, raw in enumerate(followups_raw):
        where = f"followups[{index}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        area = str(raw.get("area") or "")
        if area not in area_keys:
            problems.append(f"{where}: asks about the area {area!r}, which does not exist")
        at_most = raw.get("at_most")
        if not isinstance(at_most, int) or isinstance(at_most, bool) or not 1 <= at_most <= 5:
            problems.append(f"{where}: at_most must be a score from 1 to 5")
            at_most = 0
        choice_keys: set[str] = set()
        choices: list[Choice] = []
        for c_index, c_raw in enumerate(raw.get("choices") or []):
            c_where = f"{where}.choices[{c_index}]"
            if not isinstance(c_raw, Mapping):
                problems.append(f"{c_where}: must be an object")
                continue
            choices.append(
                Choice(
                    key=_key(c_raw.get("key"), c_where, choice_keys, problems),
                    text=_texts(c_raw.get("text"), f"{c_where}.text", problems),
                    alarm=bool(c_raw.get("alarm", False)),
                )
            )
        if not choices:
            problems.append(f"{where}: a follow-up needs at least one choice")
        followups.append(
            FollowUp(
                key=_key(raw.get("key"), where, seen, problems),
                area=area,
                at_most=at_most,
                question=_texts(raw.get("question"), f"{where}.question", problems),
                choices=tuple(choices),
            )
        )

    free_texts: list[FreeText] = []
    texts_raw = definition.get("free_texts") or []
    if not isinstance(texts_raw, list):
        problems.append("free_texts: must be a list")
        texts_raw = []
    for index, raw in enumerate(texts_raw):
        where = f"free_texts[{index}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        free_texts.append(
            FreeText(
                key=_key(raw.get("key"), where, seen, problems),
                question=_texts(raw.get("question"), f"{where}.question", problems),
            )
        )

    if problems:
        raise GraphError(problems)
    return Graph(
        scale_labels=scale_labels,
        areas=tuple(areas),
        followups=tuple(followups),
        free_texts=tuple(free_texts),
        definition=dict(definition),
    )


def default_definition() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_DEFINITION_PATH.read_text(encoding="utf-8"))
    return data
