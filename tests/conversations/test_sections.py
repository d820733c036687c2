"""Sections in the guide editor: rename, move up and down, delete with a confirmation page;
only the draft changes, published versions (and the meetings using them) keep their sections."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.conversations import selectors, services
from medskapa.conversations.models import Guide, GuideVersion
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db


def titles(version: GuideVersion) -> list[str]:
    return [section["title"]["sv"] for section in version.sections]


def published(guide: Guide) -> GuideVersion:
    version = guide.latest_published()
    assert version is not None
    return version


def draft(guide: Guide) -> GuideVersion:
    version = guide.draft()
    assert version is not None
    return version


def edit_url(p: Personas, guide: Guide) -> str:
    return reverse("conversations:guide_edit", args=[p.own.pk, guide.pk])


def test_renaming_a_section_changes_the_draft_only(
    world: World, personas: Personas, client_for: Any
) -> None:
    before = titles(published(world.guide))
    client = client_for(personas.worker)
    url = reverse("conversations:section_edit", args=[personas.own.pk, world.guide.pk, 1])
    page = client.get(url)
    assert page.status_code == 200 and before[1] in page.content.decode()
    response = client.post(url, {"title_sv": "Nytt namn", "title_en": "New name"})
    assert response.status_code == 302
    assert titles(draft(world.guide))[1] == "Nytt namn"
    assert draft(world.guide).sections[1]["title"]["en"] == "New name"
    assert titles(published(world.guide)) == before
    services.version_publish(actor=actor_for_user(personas.worker), guide=world.guide)
    assert titles(published(world.guide))[1] == "Nytt namn"
    assert world.meeting.version.sections[1]["title"]["sv"] == before[1]


def test_a_section_needs_a_swedish_title_and_an_unknown_section_is_404(
    world: World, personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.worker)
    url = reverse("conversations:section_edit", args=[personas.own.pk, world.guide.pk, 0])
    response = client.post(url, {"title_sv": "", "title_en": "Only English"})
    assert response.status_code == 200 and response.context["form"].errors
    assert world.guide.draft() is None
    missing = reverse("conversations:section_edit", args=[personas.own.pk, world.guide.pk, 99])
    assert client.get(missing).status_code == 404
    with pytest.raises(ValidationError):
        services.section_rename(
            actor=actor_for_user(personas.worker), guide=world.guide, index=99, title={"sv": "x"}
        )


def test_moving_sections_up_and_down_by_post_buttons(
    world: World, personas: Personas, client_for: Any
) -> None:
    before = titles(published(world.guide))
    first_cards = [c["key"] for c in published(world.guide).sections[0]["cards"]]
    client = client_for(personas.designer)
    url = edit_url(personas, world.guide)
    page = client.get(url).content.decode()
    assert 'value="section_down"' in page and 'value="section_up"' in page
    assert client.post(url, {"operation": "section_down", "section": "0"}).status_code == 302
    assert titles(draft(world.guide)) == [before[1], before[0], *before[2:]]
    assert [c["key"] for c in draft(world.guide).sections[1]["cards"]] == first_cards
    client.post(url, {"operation": "section_up", "section": "1"})
    assert titles(draft(world.guide)) == before
    # At the ends nothing moves; nonsense gives a message, never a 500.
    client.post(url, {"operation": "section_up", "section": "0"})
    last = str(len(before) - 1)
    client.post(url, {"operation": "section_down", "section": last})
    assert titles(draft(world.guide)) == before
    for bad in ("", "x", "-1", "999"):
        response = client.post(url, {"operation": "section_up", "section": bad})
        assert response.status_code == 302
    assert titles(published(world.guide)) == before


def test_deleting_a_section_asks_first_then_deletes_it_with_its_cards(
    world: World, personas: Personas, client_for: Any
) -> None:
    before = published(world.guide)
    section = before.sections[0]
    client = client_for(personas.designer)
    url = reverse("conversations:section_delete", args=[personas.own.pk, world.guide.pk, 0])
    page = client.get(url)
    assert page.status_code == 200
    for card in section["cards"]:
        assert card["question"]["sv"] in page.content.decode()
    assert world.guide.draft() is None  # asking changes nothing
    fingerprint = page.context["fingerprint"]
    response = client.post(url, {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert titles(draft(world.guide)) == titles(before)[1:]
    gone = {card["key"] for card in section["cards"]}
    assert not gone & {card["key"] for card in draft(world.guide).cards()}
    before.refresh_from_db()
    assert before.sections[0] == section
    assert world.meeting.version.card(next(iter(gone))) is not None


def test_a_stale_confirmation_never_deletes_another_section(
    world: World, personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.designer)
    url = reverse("conversations:section_delete", args=[personas.own.pk, world.guide.pk, 0])
    fingerprint = client.get(url).context["fingerprint"]
    # Someone moves the sections meanwhile: section 0 is now another one.
    client.post(edit_url(personas, world.guide), {"operation": "section_down", "section": "0"})
    order = titles(draft(world.guide))
    response = client.post(url, {"fingerprint": fingerprint})
    assert response.status_code == 400
    assert "har ändrats under tiden" in response.content.decode()
    assert titles(draft(world.guide)) == order
    assert client.post(url, {"fingerprint": "nonsense"}).status_code == 400


def test_an_empty_section_is_deleted_too(world: World, personas: Personas) -> None:
    actor = actor_for_user(personas.designer)
    index = services.section_add(actor=actor, guide=world.guide, title={"sv": "Tom"})
    section = draft(world.guide).sections[index]
    removed = services.section_remove(
        actor=actor,
        guide=world.guide,
        index=index,
        fingerprint=selectors.section_fingerprint(section),
    )
    assert removed == 0 and "Tom" not in titles(draft(world.guide))


def test_only_editors_of_the_owning_organisation_change_sections(
    world: World, personas: Personas, client_for: Any
) -> None:
    org, guide = personas.own.pk, world.guide.pk
    urls = [
        reverse("conversations:section_edit", args=[org, guide, 0]),
        reverse("conversations:section_delete", args=[org, guide, 0]),
    ]
    for user in (personas.manager, personas.young, personas.outsider_designer):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"title_sv": "x", "fingerprint": "x"}).status_code == 404
    assert world.guide.draft() is None
    builtin = reverse("conversations:section_edit", args=[org, world.builtin.pk, 0])
    assert client_for(personas.designer).get(builtin).status_code == 404
