"""Flags as a worker reads them (issue 14, finding 1): an alarm answer comes first however many
routine flags are newer, flags are grouped per check-in in words from the question graph in the
worker's language, routine flags are handled together with one note (the alarm stays open), and
the caseload and the notification say how many alarms wait and since when. No internal
identifier (an area key, an answer key, a flag kind code) reaches a page."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actions import Denied
from medskapa.access.actor import actor_for_user
from medskapa.checkins import selectors, services
from medskapa.checkins.graph import text_in
from medskapa.checkins.models import CheckIn, Flag
from medskapa.organisations.models import Caseload
from medskapa.web.models import Notification
from tests.checkins.helpers import answers, submit
from tests.personas import Personas, make_user

LANGUAGES = ["sv", "en", "ar"]


class _VisibleText(HTMLParser):
    """The text a person reads on a page: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _alarm(checkin_data: dict, followup: str, *choices: str) -> dict:
    checkin_data["followups"] = {followup: list(choices)}
    return checkin_data


def _sixteen_routine_flags_after_an_alarm(p: Personas) -> CheckIn:
    """The finding as it was seen: one alarm answer, then 16 routine flags, all newer."""
    start = timezone.now() - timedelta(days=30)
    alarm = submit(
        p.young,
        p.own,
        _alarm(answers(safety=3, home=1), "home_hard", "hurt"),
        at=start,
    )
    for day in range(1, 9):  # 8 check-ins with two low answers each: 16 routine flags
        submit(p.young, p.own, answers(school=2, friends=2), at=start + timedelta(days=day))
    return alarm


def _person_page(client: Client, p: Personas) -> str:
    page = client.get(reverse("checkins:person", args=[p.own.pk, p.young.pk]))
    assert page.status_code == 200
    return page.content.decode()


def _in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_an_alarm_comes_before_sixteen_newer_routine_flags(personas: Personas, client_for) -> None:
    _sixteen_routine_flags_after_an_alarm(personas)
    assert Flag.objects.exclude(kind=Flag.Kind.ALARM).count() >= 16
    text = visible_text(_person_page(client_for(personas.worker), personas))
    alarm_at = text.index("Hemma och familj: Någon gör mig illa")
    assert alarm_at < text.index("Skola: 2 av 5")
    assert alarm_at < text.index("Kompisar: 2 av 5")
    # Under a heading that says what it is, with words, not colour alone.
    assert text.index("1 larmsvar: agera först") < alarm_at


def _three_check_ins(p: Personas) -> dict[str, CheckIn]:
    """A check-in with an alarm (oldest), one with a drop only, one with a low answer only
    (newest); the earlier answers make the drop."""
    start = timezone.now() - timedelta(days=10)
    base = {"friends": 3, "school": 5}
    submit(p.young, p.own, answers(**base), at=start)
    submit(p.young, p.own, answers(**base), at=start + timedelta(days=1))
    return {
        "alarm": submit(
            p.young,
            p.own,
            _alarm(answers(**base, safety=1), "safety_hard", "hurt", "afraid_home"),
            at=start + timedelta(days=2),
        ),
        "drop": submit(p.young, p.own, answers(friends=3, school=3), at=start + timedelta(days=3)),
        "low": submit(p.young, p.own, answers(friends=2, school=5), at=start + timedelta(days=4)),
    }


def test_open_flags_are_grouped_per_check_in_alarm_then_drop_then_low(
    personas: Personas,
) -> None:
    made = _three_check_ins(personas)
    groups = selectors.open_flag_groups(
        actor_for_user(personas.worker), personas.young, personas.own, "sv"
    )
    assert [g.checkin for g in groups] == [made["alarm"], made["drop"], made["low"]]
    alarm_group = groups[0]
    assert [line.words for line in alarm_group.alarms] == [
        "Trygghet: Jag är rädd hemma",
        "Trygghet: Någon gör mig illa",
    ]
    # The same check-in's routine flags sit with it, a drop before a low answer.
    assert [line.flag.kind for line in alarm_group.routine] == [Flag.Kind.DROP, Flag.Kind.LOW]
    assert [line.flag.kind for line in groups[1].routine] == [Flag.Kind.DROP]
    assert groups[1].routine[0].words == "Skola: ned till 3 av 5 från vanligtvis 5"
    assert [line.words for line in groups[2].routine] == ["Kompisar: 2 av 5, ”Ganska dåligt”"]


def test_handling_the_routine_flags_of_a_check_in_together_leaves_its_alarms_open(
    personas: Personas, client_for
) -> None:
    made = _three_check_ins(personas)
    url = reverse(
        "checkins:flags_handle_routine",
        args=[personas.own.pk, personas.young.pk, made["alarm"].pk],
    )
    client = client_for(personas.worker)
    client.post(url, {"note": "  "})
    assert not Flag.objects.filter(handled_at__isnull=False).exists()
    response = client.post(url, {"note": "Pratade med Elin om skolan"})
    assert response.status_code == 302
    handled = Flag.objects.filter(checkin=made["alarm"], handled_at__isnull=False)
    assert {f.kind for f in handled} == {Flag.Kind.DROP, Flag.Kind.LOW}
    assert {f.handled_note for f in handled} == {"Pratade med Elin om skolan"}
    assert {f.handled_by for f in handled} == {personas.worker}
    # The alarm answers keep their own note and button; other check-ins are untouched.
    assert Flag.objects.filter(kind=Flag.Kind.ALARM, handled_at__isnull=True).count() == 2
    assert Flag.objects.filter(checkin__in=[made["drop"], made["low"]], handled_at=None).count()
    text = visible_text(_person_page(client, personas))
    assert "2 larmsvar: agera först" in text


def test_only_the_case_worker_handles_routine_flags_together(
    personas: Personas, client_for
) -> None:
    made = _three_check_ins(personas)
    url = reverse(
        "checkins:flags_handle_routine", args=[personas.own.pk, personas.young.pk, made["low"].pk]
    )
    for who in (personas.colleague, personas.young, personas.manager, personas.outsider_worker):
        assert client_for(who).post(url, {"note": "Klart"}).status_code == 404
    with pytest.raises(Denied):
        services.flags_handle_routine(
            actor=actor_for_user(personas.colleague),
            young_person=personas.young,
            checkin=made["low"],
            note="Klart",
        )
    assert not Flag.objects.filter(handled_at__isnull=False).exists()


def test_the_caseload_says_how_many_alarms_wait_and_since_when(
    personas: Personas, client_for
) -> None:
    busy = make_user("busy", org=personas.own, role="young_person", unit=personas.unit_a)
    Caseload.objects.create(organisation=personas.own, worker=personas.worker, young_person=busy)
    _three_check_ins(personas)
    submit(busy, personas.own, answers(school=1, friends=1))  # newer, routine flags only
    page = _in_language(client_for(personas.worker), "sv").get(
        reverse("checkins:caseload", args=[personas.own.pk])
    )
    text = visible_text(page.content.decode())
    oldest = Flag.objects.filter(kind=Flag.Kind.ALARM).earliest("created_at").created_at
    since = timezone.localtime(oldest)
    assert "2 larmsvar väntar" in text
    assert f"sedan {since.day} " in text and since.strftime("%H:%M") in text
    assert text.index(str(personas.young)) < text.index(str(busy))
    assert "2 övriga flaggor" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", "2 larmsvar väntar, det äldsta sedan"),
        ("en", "2 alarm answers wait, the oldest since"),
        ("ar", "إجابتا إنذار"),
    ],
)
def test_the_alarm_notification_says_how_many_wait_in_the_workers_language(
    personas: Personas, language: str, words: str
) -> None:
    personas.worker.preferred_language = language
    personas.worker.save(update_fields=["preferred_language"])
    submit(personas.young, personas.own, _alarm(answers(safety=1), "safety_hard", "hurt"))
    submit(personas.young, personas.own, _alarm(answers(home=1), "home_hard", "hurt"))
    note = Notification.objects.filter(recipient=personas.worker, kind="checkin.alarm").first()
    assert note is not None
    assert words in note.text
    assert str(personas.young) not in note.text and "hurt" not in note.text


def _identifiers() -> tuple[set[str], set[str]]:
    """Every key of the question graph and every flag kind code: (all, those no English
    word could be)."""
    from medskapa.checkins.graph import default_definition

    definition = default_definition()
    keys = {a["key"] for a in definition["areas"]}
    for followup in definition["followups"]:
        keys.add(followup["key"])
        for choice in followup["choices"]:
            keys.add(choice["key"])
            keys.add(f"{followup['key']}:{choice['key']}")
    keys |= {kind.value for kind in Flag.Kind}
    return keys, {k for k in keys if "_" in k or ":" in k}


def _found(text: str, identifiers: set[str]) -> set[str]:
    return {k for k in identifiers if re.search(rf"(?<![\w:]){re.escape(k)}(?![\w:])", text)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_internal_identifier_reaches_the_worker_pages_or_notification(
    personas: Personas, client_for, language: str
) -> None:
    start = timezone.now() - timedelta(days=20)
    submit(personas.young, personas.own, answers(free_time=5, future=5), at=start)
    submit(personas.young, personas.own, answers(free_time=5, future=5), at=start)
    data = answers(safety=1, home=1, feelings=1, free_time=2, future=1)
    data["followups"] = {
        "safety_hard": ["hurt", "afraid_home", "threatened", "online"],
        "home_hard": ["hurt"],
        "feelings_hard": ["self_harm"],
    }
    checkin = submit(personas.young, personas.own, data)
    handled = Flag.objects.filter(checkin=checkin, kind=Flag.Kind.LOW).first()
    assert handled is not None
    services.flag_handle(actor=actor_for_user(personas.worker), flag=handled, note="Ringde")
    personas.worker.preferred_language = language
    personas.worker.save(update_fields=["preferred_language"])
    submit(personas.young, personas.own, _alarm(answers(safety=1), "safety_hard", "threatened"))
    assert set(Flag.objects.values_list("kind", flat=True)) == {"alarm", "low", "drop"}

    client = _in_language(client_for(personas.worker), language)
    pages = {
        "person": _person_page(client, personas),
        "caseload": client.get(reverse("checkins:caseload", args=[personas.own.pk])),
        "notifications": client.get(reverse("web:notifications")),
    }
    everything, unmistakable = _identifiers()
    forbidden = unmistakable if language == "en" else everything
    graph = services.current_graph_version(personas.own).load()
    for name, page in pages.items():
        html = page if isinstance(page, str) else page.content.decode()
        text = visible_text(html)
        assert not _found(text, forbidden), f"{name} ({language}) shows {_found(text, forbidden)}"
        assert f'lang="{language}"' in html
    person = visible_text(pages["person"])
    safety = graph.area("safety")
    followup = graph.followup("safety_hard")
    assert safety is not None and followup is not None
    for choice in ("hurt", "afraid_home", "threatened"):
        words = text_in(followup.choice(choice).text, language)  # type: ignore[union-attr]
        assert f"{text_in(safety.title, language)}: {words}" in person
    notes = Notification.objects.filter(recipient=personas.worker).values_list("text", flat=True)
    assert notes and not _found(" ".join(notes), forbidden)
