"""Everything written to young people reads easily: LIX 40 or less (DOMAIN.md, Tone)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.engines.plainlanguage import lix
from medskapa.organisations.services import (
    young_person_invite_create,
    young_person_password_code_create,
)
from tests.personas import Personas

pytestmark = pytest.mark.django_db
LIX_LIMIT = 40


class _MainText(HTMLParser):
    """The visible text inside <main>, one line per block, without form controls' values."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        if self.depth and tag in {"p", "li", "h1", "h2", "label", "button", "div", "span"}:
            self.lines.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.lines.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return " ".join("".join(parser.lines).split(" "))


def test_young_peoples_pages_have_lix_of_40_or_less(personas: Personas, client, client_for) -> None:
    worker = actor_for_user(personas.worker)
    invite = young_person_invite_create(
        actor=worker, organisation=personas.own, unit=None, display_name="Alva"
    ).secret
    new_password = young_person_password_code_create(
        actor=worker,
        organisation=personas.own,
        young_person=personas.young,  # on the caseload
    ).secret
    pages = {
        "landing": client.get("/"),
        "join": client.get(reverse("organisations:join")),
        "join with code": client.get(reverse("organisations:join_with_code", args=[invite])),
        "new password": client.get(reverse("organisations:join_with_code", args=[new_password])),
        "unknown code": client.get(reverse("organisations:join_with_code", args=["NOSUCH12"])),
        "start": client_for(personas.young).get(reverse("web:start")),
        "privacy": client.get(reverse("web:privacy")),
    }
    scores = {name: round(lix(main_text(r.content.decode())), 1) for name, r in pages.items()}
    too_hard = {name: score for name, score in scores.items() if score > LIX_LIMIT}
    assert not too_hard, f"LIX over {LIX_LIMIT}: {too_hard} (all: {scores})"
    assert all(score > 0 for score in scores.values()), scores
