"""Guides: built-in guides, card order, immutable versions, copying and the shared library."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medskapa.access.actions import Denied
from medskapa.access.actor import actor_for_user
from medskapa.conversations import services
from medskapa.conversations.models import Guide, GuideVersion
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db


def keys(version: GuideVersion) -> list[str]:
    return [card["key"] for card in version.cards()]


def test_builtin_guides_load_once_in_both_languages_and_sit_in_the_library(db: None) -> None:
    first = services.ensure_builtin_guides()
    again = services.ensure_builtin_guides()
    assert [g.pk for g in first] == [g.pk for g in again]
    assert GuideVersion.objects.filter(guide__in=first).count() == 2
    titles = {g.latest_published().title("sv") for g in first}  # type: ignore[union-attr]
    assert titles == {"Samtalsstöd unga vuxna", "Samtalsguide skola"}
    for guide in first:
        assert guide.is_builtin and guide.in_library and guide.origin == "Medskapa"
        version = guide.latest_published()
        assert version is not None
        for card in version.cards():
            assert card["question"]["sv"] and card["question"]["en"], card["key"]
            assert card["hint"]["sv"] and card["hint"]["en"], card["key"]
        kinds = {card["answer_type"] for card in version.cards()}
        assert kinds == {"text", "scale", "pick", "skip"}


def test_a_builtin_guide_cannot_be_edited(world: World, personas: Personas) -> None:
    with pytest.raises(Denied):  # it belongs to no organisation: nobody has guide.edit on it
        services.card_remove(
            actor=actor_for_user(personas.admin), guide=world.builtin, key="uv-bra-nu"
        )


def test_moving_cards_changes_their_order_within_and_across_sections(
    world: World, personas: Personas
) -> None:
    actor = actor_for_user(personas.worker)
    before = keys(world.guide.latest_published())  # type: ignore[arg-type]
    services.card_move(actor=actor, guide=world.guide, key=before[1], step=-1)
    draft = world.guide.draft()
    assert draft is not None
    assert keys(draft)[:3] == [before[1], before[0], before[2]]
    # The last card of the first section moves down into the second section, first place.
    first_section_last = draft.sections[0]["cards"][-1]["key"]
    services.card_move(actor=actor, guide=world.guide, key=first_section_last, step=1)
    draft.refresh_from_db()
    assert draft.sections[1]["cards"][0]["key"] == first_section_last
    # The very first card cannot move further up: nothing changes.
    top = keys(draft)[0]
    services.card_move(actor=actor, guide=world.guide, key=top, step=-1)
    draft.refresh_from_db()
    assert keys(draft)[0] == top


def test_publishing_freezes_a_version_and_editing_starts_the_next(
    world: World, personas: Personas
) -> None:
    actor = actor_for_user(personas.designer)
    v1 = world.guide.latest_published()
    assert v1 is not None and v1.number == 1
    key = services.card_save(
        actor=actor,
        guide=world.guide,
        section=0,
        data={"answer_type": "text", "question": {"sv": "Vad gör dig glad?", "en": "What?"}},
    )
    draft = world.guide.draft()
    assert draft is not None and draft.number == 2
    assert v1.card(key) is None  # the published version did not change
    v2 = services.version_publish(actor=actor, guide=world.guide)
    assert v2.number == 2 and v2.card(key) is not None
    assert world.guide.latest_published() == v2
    # A published version refuses changes, even straight on the model.
    v1.content = {"sections": []}
    with pytest.raises(ValidationError):
        v1.save()
    # The meeting sent before keeps the version it used.
    world.meeting.refresh_from_db()
    assert world.meeting.version == GuideVersion.objects.get(guide=world.guide, number=1)


def test_publishing_without_changes_is_refused(world: World, personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.version_publish(actor=actor_for_user(personas.designer), guide=world.guide)


def test_a_card_to_pick_from_needs_two_choices(world: World, personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.card_save(
            actor=actor_for_user(personas.designer),
            guide=world.guide,
            data={"answer_type": "pick", "question": {"sv": "Välj"}, "options": [{"sv": "A"}]},
        )


def test_copy_keeps_origin_and_points_at_the_version_copied(
    world: World, personas: Personas
) -> None:
    copy = services.guide_copy(
        actor=actor_for_user(personas.worker), guide=world.builtin, organisation=personas.own
    )
    assert copy.origin == "Medskapa"
    assert copy.copied_from == world.builtin.latest_published()
    assert copy.latest_published() is None and copy.draft() is not None


def test_staff_of_another_organisation_browse_and_copy_a_library_guide(
    world: World, personas: Personas, client_for
) -> None:
    services.library_set(actor=actor_for_user(personas.designer), guide=world.guide, shared=True)
    outsider = client_for(personas.outsider_worker)
    other = personas.other.pk
    page = outsider.get(reverse("conversations:library", args=[other])).content.decode()
    assert "Egen kommun" in page  # shows where it comes from
    assert "Origin: Medskapa" in page or "Ursprung: Medskapa" in page
    detail = outsider.get(reverse("conversations:guide_detail", args=[other, world.guide.pk]))
    assert detail.status_code == 200
    response = outsider.post(reverse("conversations:guide_copy", args=[other, world.guide.pk]))
    assert response.status_code == 302
    copy = Guide.objects.get(organisation=personas.other, copied_from__guide=world.guide)
    assert copy.origin == "Medskapa"
    # ... but cannot edit or take the original out of the library.
    edit = outsider.get(reverse("conversations:guide_edit", args=[other, world.guide.pk]))
    assert edit.status_code == 404
    off = outsider.post(
        reverse("conversations:guide_library", args=[other, world.guide.pk]), {"shared": "0"}
    )
    assert off.status_code == 404
    world.guide.refresh_from_db()
    assert world.guide.in_library


def test_a_guide_not_in_the_library_is_invisible_to_other_organisations(
    world: World, personas: Personas, client_for
) -> None:
    outsider = client_for(personas.outsider_designer)
    other = personas.other.pk
    assert (
        outsider.get(
            reverse("conversations:guide_detail", args=[other, world.guide.pk])
        ).status_code
        == 404
    )
    assert (
        outsider.post(reverse("conversations:guide_copy", args=[other, world.guide.pk])).status_code
        == 404
    )
    page = outsider.get(reverse("conversations:library", args=[other])).content.decode()
    assert "Egen kommun" not in page


def test_a_worker_edits_but_cannot_publish_to_the_library(
    world: World, personas: Personas, client_for
) -> None:
    worker = client_for(personas.worker)
    own = personas.own.pk
    assert (
        worker.get(reverse("conversations:guide_edit", args=[own, world.guide.pk])).status_code
        == 200
    )
    response = worker.post(
        reverse("conversations:guide_library", args=[own, world.guide.pk]), {"shared": "1"}
    )
    assert response.status_code == 404
    world.guide.refresh_from_db()
    assert not world.guide.in_library
    designer = client_for(personas.designer)
    designer.post(
        reverse("conversations:guide_library", args=[own, world.guide.pk]), {"shared": "1"}
    )
    world.guide.refresh_from_db()
    assert world.guide.in_library


def test_a_manager_reads_guides_but_does_not_edit_them(
    world: World, personas: Personas, client_for
) -> None:
    manager = client_for(personas.manager)
    own = personas.own.pk
    assert (
        manager.get(reverse("conversations:guide_detail", args=[own, world.guide.pk])).status_code
        == 200
    )
    assert (
        manager.get(reverse("conversations:guide_edit", args=[own, world.guide.pk])).status_code
        == 404
    )


def test_young_people_and_guardians_get_no_guide_pages(
    world: World, personas: Personas, client_for
) -> None:
    own = personas.own.pk
    for user in (personas.young, personas.guardian):
        client = client_for(user)
        assert client.get(reverse("conversations:guide_list", args=[own])).status_code == 404
        assert (
            client.get(
                reverse("conversations:guide_detail", args=[own, world.guide.pk])
            ).status_code
            == 404
        )


def test_the_card_editor_saves_moves_and_publishes_through_the_pages(
    world: World, personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    own = personas.own.pk
    response = client.post(
        reverse("conversations:card_new", args=[own, world.guide.pk]) + "?section=1",
        {
            "section": "1",
            "question_sv": "Vad ger dig lugn?",
            "question_en": "What gives you calm?",
            "answer_type": "pick",
            "options_sv": "Musik\nNatur\n",
            "options_en": "Music\nNature",
        },
    )
    assert response.status_code == 302
    draft = world.guide.draft()
    assert draft is not None
    new = draft.sections[1]["cards"][-1]
    assert new["options"] == [{"sv": "Musik", "en": "Music"}, {"sv": "Natur", "en": "Nature"}]
    edit_url = reverse("conversations:guide_edit", args=[own, world.guide.pk])
    client.post(edit_url, {"operation": "up", "card": new["key"]})
    draft.refresh_from_db()
    assert draft.sections[1]["cards"][-2]["key"] == new["key"]
    bad = client.post(
        reverse("conversations:card_new", args=[own, world.guide.pk]),
        {"question_sv": "", "answer_type": "nonsense"},
    )
    assert bad.status_code == 200  # the form again, with errors; nothing saved
    published = client.post(reverse("conversations:guide_publish", args=[own, world.guide.pk]))
    assert published.status_code == 302
    assert world.guide.latest_published().number == 2  # type: ignore[union-attr]


def test_opening_the_editor_changes_nothing_until_something_is_saved(
    world: World, personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    own = personas.own.pk
    key = world.guide.latest_published().cards()[0]["key"]  # type: ignore[union-attr]
    assert (
        client.get(reverse("conversations:guide_edit", args=[own, world.guide.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("conversations:card_edit", args=[own, world.guide.pk, key])).status_code
        == 200
    )
    assert world.guide.draft() is None


def test_the_services_refuse_whoever_the_layer_refuses(world: World, personas: Personas) -> None:
    """Writes ask the layer before they run: a manager may not edit, an outsider may not copy
    into this organisation, a worker may not send a guide in an organisation they are not in."""
    with pytest.raises(Denied):
        services.section_add(
            actor=actor_for_user(personas.manager), guide=world.guide, title={"sv": "Ny"}
        )
    with pytest.raises(Denied):
        services.guide_copy(
            actor=actor_for_user(personas.outsider_designer),
            guide=world.builtin,
            organisation=personas.own,
        )
    with pytest.raises(Denied):
        services.meeting_create(
            actor=actor_for_user(personas.outsider_worker),
            organisation=personas.own,
            guide=world.guide,
            young_person=personas.young,
        )
    assert world.guide.versions.count() == 1


def test_a_guide_is_404_under_another_organisations_address_even_for_a_designer_of_both(
    world: World, personas: Personas, client_for
) -> None:
    """The layer compares the organisation in the URL with the guide's (no ``_own_guide``)."""
    from medskapa.organisations.models import Membership
    from medskapa.organisations.roles import Role

    Membership.objects.create(
        user=personas.designer, organisation=personas.other, role=Role.DESIGNER
    )
    designer = client_for(personas.designer)
    other, guide = personas.other.pk, world.guide.pk
    assert designer.get(reverse("conversations:guide_edit", args=[other, guide])).status_code == 404
    for name in ("guide_publish", "guide_library"):
        response = designer.post(reverse(f"conversations:{name}", args=[other, guide]))
        assert response.status_code == 404, name
    world.guide.refresh_from_db()
    assert world.guide.in_library is False
