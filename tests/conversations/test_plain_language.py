"""Everything the conversation pages write to young people reads easily: LIX 40 or less."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.conversations import services
from medskapa.conversations.models import Guide, localise_card
from medskapa.engines.plainlanguage import lix
from tests.personas import Personas
from tests.web.test_plain_language import LIX_LIMIT, main_text

from .conftest import World

pytestmark = pytest.mark.django_db


def test_young_peoples_conversation_pages_have_lix_of_40_or_less(
    world: World, personas: Personas, client_for
) -> None:
    personas.young.birth_year = timezone.localdate().year - 17
    personas.young.save(update_fields=["birth_year"])
    actor = actor_for_user(personas.young)
    services.answer_save(
        actor=actor,
        meeting=world.meeting,
        data=services.AnswerInput(card_key="uv-bra-nu", text="Kompisar"),
    )
    services.summary_write(
        actor=actor_for_user(personas.worker),
        meeting=world.meeting,
        text="Hej! Du berättade att du har bra kompisar.",
    )
    young = client_for(personas.young)
    m = world.meeting.pk
    pages = {"list": young.get(reverse("conversations:my_guides"))}
    pages["start"] = young.get(reverse("conversations:prepare_start", args=[m]))
    for number, card in enumerate(world.meeting.version.cards(), start=1):
        pages[f"card {number} ({card['answer_type']})"] = young.get(
            reverse("conversations:prepare_card", args=[m, number])
        )
    pages["share"] = young.get(reverse("conversations:prepare_share", args=[m]))
    pages["summary"] = young.get(reverse("conversations:my_summary", args=[m]))
    for response in pages.values():
        assert response.status_code == 200
    scores = {name: round(lix(main_text(r.content.decode())), 1) for name, r in pages.items()}
    too_hard = {name: score for name, score in scores.items() if score > LIX_LIMIT}
    assert not too_hard, f"LIX over {LIX_LIMIT}: {too_hard} (all: {scores})"


@pytest.mark.parametrize("key", ["samtalsstod-unga-vuxna", "samtalsguide-skola"])
def test_the_builtin_questions_to_young_people_read_easily(db: None, key: str) -> None:
    services.ensure_builtin_guides()
    version = Guide.objects.get(builtin_key=key).latest_published()
    assert version is not None
    text = "\n".join(
        f"{card['question']}\n{card['why']}"
        for card in (localise_card(c, "sv") for c in version.cards())
    )
    assert lix(text) <= 30, lix(text)
