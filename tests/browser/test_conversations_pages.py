"""Conversation guides in the browser: every page passes axe (WCAG 2.1 AA), the whole
prepare -> meeting -> summary -> confirm flow works end to end, and meeting mode works by
keyboard alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from medskapa.access.actor import actor_for_user
from medskapa.conversations import services
from medskapa.conversations.models import Answer, Meeting, Summary, SummaryResponse
from tests.conversations.conftest import World, build_world
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_focus_visible,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    focused,
    screenshot,
    small_touch_targets,
    visit,
    wait_for_path,
)

pytestmark = pytest.mark.browser
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def world(personas: Personas) -> World:
    world = build_world(personas)
    personas.young.birth_year = timezone.localdate().year - 17
    personas.young.save(update_fields=["birth_year"])
    return world


def with_answers_and_summary(world: World, personas: Personas) -> None:
    young = actor_for_user(personas.young)
    for key, values in {
        "uv-bra-nu": {"text": "Min hund"},
        "uv-livet-skala": {"scale": 4},
        "uv-energi-val": {"choices": [0, 2]},
    }.items():
        services.answer_save(
            actor=young,
            meeting=world.meeting,
            data=services.AnswerInput(card_key=key, **values),  # type: ignore[arg-type]
        )
    services.answers_share(
        actor=young,
        meeting=world.meeting,
        shared_keys={"uv-bra-nu", "uv-livet-skala"},
        share_for_development=True,
    )
    worker = actor_for_user(personas.worker)
    services.note_save(actor=worker, meeting=world.meeting, card_key="uv-bra-nu", text="Hunden!")
    summary = services.summary_write(
        actor=worker, meeting=world.meeting, text="Hej! Du berättade att din hund gör dig glad."
    )
    services.summary_respond(actor=young, summary=summary, verdict="agree", comment="Ja!")


def staff_pages(world: World, p: Personas) -> dict[str, tuple[str, str]]:
    org, g, m = p.own.pk, world.guide.pk, world.meeting.pk
    first_key = world.guide.latest_published().cards()[0]["key"]  # type: ignore[union-attr]
    return {
        "guides": ("designer", f"/org/{org}/guides/"),
        "library": ("designer", f"/org/{org}/guides/library/"),
        "guide-detail": ("worker", f"/org/{org}/guides/{g}/"),
        "guide-detail-builtin": ("designer", f"/org/{org}/guides/{world.builtin.pk}/"),
        "guide-edit": ("designer", f"/org/{org}/guides/{g}/edit/"),
        "card-new": ("designer", f"/org/{org}/guides/{g}/cards/new/?section=0"),
        "card-edit": ("designer", f"/org/{org}/guides/{g}/cards/{first_key}/"),
        "guide-send": ("worker", f"/org/{org}/guides/{g}/send/"),
        "meetings": ("worker", f"/org/{org}/guides/meetings/"),
        "meeting-detail": ("worker", f"/org/{org}/guides/meetings/{m}/"),
        "meeting-mode": ("worker", f"/org/{org}/guides/meetings/{m}/cards/1/"),
        "meeting-mode-pick": ("worker", f"/org/{org}/guides/meetings/{m}/cards/4/"),
        "summary-form": ("worker", f"/org/{org}/guides/meetings/{m}/summary/"),
    }


STAFF_PAGE_NAMES = [
    "guides", "library", "guide-detail", "guide-detail-builtin", "guide-edit", "card-new",
    "card-edit", "guide-send", "meetings", "meeting-detail", "meeting-mode",
    "meeting-mode-pick", "summary-form",
]  # fmt: skip


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", STAFF_PAGE_NAMES)
def test_staff_conversation_page_passes_axe(
    name: str, width: str, world: World, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    with_answers_and_summary(world, personas)
    persona, path = staff_pages(world, personas)[name]
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path)
    assert_no_axe_violations(page, f"conversations-{name}-{width}")
    assert_no_horizontal_scroll(page)


def young_pages(world: World) -> dict[str, str]:
    m = world.meeting.pk
    return {
        "my-guides": "/me/guides/",
        "prepare-start": f"/me/guides/{m}/",
        "prepare-text": f"/me/guides/{m}/cards/1/",
        "prepare-scale": f"/me/guides/{m}/cards/2/",
        "prepare-pick": f"/me/guides/{m}/cards/4/",
        "prepare-talk-only": f"/me/guides/{m}/cards/{len(world.meeting.version.cards())}/",
        "prepare-share": f"/me/guides/{m}/share/",
        "my-summary": f"/me/guides/{m}/summary/",
    }


YOUNG_PAGE_NAMES = [
    "my-guides", "prepare-start", "prepare-text", "prepare-scale", "prepare-pick",
    "prepare-talk-only", "prepare-share", "my-summary",
]  # fmt: skip


@pytest.mark.parametrize("name", YOUNG_PAGE_NAMES)
def test_young_person_conversation_page_passes_axe_at_phone_width(
    name: str, world: World, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    with_answers_and_summary(world, personas)
    log_in(phone_page, personas.young)
    visit(phone_page, young_pages(world)[name])
    assert_no_axe_violations(phone_page, f"conversations-{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


def test_prepare_meeting_summary_confirm_end_to_end(
    world: World, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    m, org = world.meeting.pk, personas.own.pk
    # Before: the young person prepares on the phone, one card per page.
    phone = new_page(PHONE)
    log_in(phone, personas.young)
    visit(phone, "/")
    phone.get_by_role("link", name="Förbered dig inför vårt möte").click()
    wait_for_path(phone, f"/me/guides/{m}/")
    phone.get_by_role("link", name="Börja svara").click()
    phone.get_by_label("Vad är bra i ditt liv just nu?").fill("Jag spelar gitarr i ett band.")
    phone.get_by_role("button", name="Spara och gå vidare").click()
    wait_for_path(phone, f"/me/guides/{m}/cards/2/")
    phone.get_by_label("4 – Ganska bra").check()
    phone.get_by_role("button", name="Spara och gå vidare").click()
    wait_for_path(phone, f"/me/guides/{m}/cards/3/")
    phone.get_by_role("textbox").fill("Något jag vill behålla för mig själv")
    phone.get_by_role("button", name="Spara och gå vidare").click()
    wait_for_path(phone, f"/me/guides/{m}/cards/4/")
    phone.get_by_role("button", name="Vill inte svara").click()
    wait_for_path(phone, f"/me/guides/{m}/cards/5/")
    screenshot(phone, "conversations-flow-prepare-phone")
    visit(phone, f"/me/guides/{m}/share/")
    phone.get_by_label("Vad är bra i ditt liv just nu?", exact=False).check()
    phone.get_by_label("Hur är livet för dig just nu?", exact=False).check()
    phone.get_by_label("Ja, ni får använda mina delade svar utan mitt namn.").check()
    phone.get_by_role("button", name="Spara mitt val").click()
    wait_for_path(phone, f"/me/guides/{m}/")
    assert "Klart!" in phone.locator(".messages").inner_text()
    shared = set(
        Answer.objects.filter(meeting=world.meeting, shared=True).values_list("card_key", flat=True)
    )
    assert shared == {"uv-bra-nu", "uv-livet-skala"}

    # During: the worker runs meeting mode on a big screen.
    desk = new_page(DESKTOP)
    log_in(desk, personas.worker)
    visit(desk, f"/org/{org}/guides/meetings/{m}/")
    desk.get_by_role("link", name="Starta mötesläge").click()
    wait_for_path(desk, f"/org/{org}/guides/meetings/{m}/cards/1/")
    assert "Jag spelar gitarr i ett band." in desk.locator(".shared-answer").inner_text()
    desk.get_by_label("Dina anteckningar till kortet").fill(
        "Bandet är viktigt. Spelar på fredagar."
    )
    desk.get_by_role("button", name="Spara och nästa kort").click()
    wait_for_path(desk, f"/org/{org}/guides/meetings/{m}/cards/2/")
    screenshot(desk, "conversations-flow-meeting-mode-desktop")
    assert "4/5" in desk.locator(".shared-answer").inner_text()
    desk.get_by_role("button", name="Spara och nästa kort").click()
    wait_for_path(desk, f"/org/{org}/guides/meetings/{m}/cards/3/")
    assert "behålla för mig själv" not in desk.content()  # not shared

    # After: a summary to the young person.
    visit(desk, f"/org/{org}/guides/meetings/{m}/summary/")
    summary = desk.get_by_label("Sammanfattning till den unga")
    summary.fill("Hej Young! Du berättade att du spelar gitarr i ett band på fredagar.")
    desk.get_by_role("button", name="Skicka sammanfattningen").click()
    wait_for_path(desk, f"/org/{org}/guides/meetings/{m}/")

    # The young person reads it and marks "stämmer inte" with a comment.
    visit(phone, "/")
    phone.get_by_role("link", name="Läs det vi skrev efter vårt samtal").click()
    wait_for_path(phone, f"/me/guides/{m}/summary/")
    assert "gitarr i ett band" in phone.locator(".summary-text").inner_text()
    phone.get_by_label("Det stämmer inte").check()
    phone.get_by_label("Kommentar", exact=False).fill("Vi spelar på torsdagar.")
    phone.get_by_role("button", name="Skicka").click()
    wait_for_path(phone, f"/me/guides/{m}/summary/")
    response = SummaryResponse.objects.get(summary=Summary.objects.get(meeting=world.meeting))
    assert (response.verdict, response.comment) == ("disagree", "Vi spelar på torsdagar.")
    visit(desk, f"/org/{org}/guides/meetings/{m}/")
    assert "Vi spelar på torsdagar." in desk.content()


def test_meeting_mode_works_by_keyboard_alone(
    world: World, personas: Personas, desktop_page: Page, log_in: LogIn
) -> None:
    page = desktop_page
    org, m = personas.own.pk, world.meeting.pk
    log_in(page, personas.worker)
    visit(page, f"/org/{org}/guides/meetings/{m}/cards/1/")

    def tab_to(predicate, limit: int = 40) -> dict:  # type: ignore[no-untyped-def, type-arg]
        for _ in range(limit):
            page.keyboard.press("Tab")
            info = assert_focus_visible(page)
            if predicate(info):
                return info
        raise AssertionError("not reached by Tab")

    tab_to(lambda i: i["id"] == "id_note")
    page.keyboard.type("Skrivet med tangentbordet.")
    tab_to(lambda i: i["tag"] == "button" and i["text"] == "Spara och nästa kort")
    page.keyboard.press("Enter")
    wait_for_path(page, f"/org/{org}/guides/meetings/{m}/cards/2/")
    assert world.meeting.notes.get(card_key="uv-bra-nu").text == "Skrivet med tangentbordet."
    # Back by the "previous card" link, with Enter.
    tab_to(lambda i: i["tag"] == "a" and i["text"] == "Förra kortet")
    page.keyboard.press("Enter")
    wait_for_path(page, f"/org/{org}/guides/meetings/{m}/cards/1/")
    assert page.locator("#id_note").input_value() == "Skrivet med tangentbordet."
    assert focused(page)["tag"] in {"body", "main", "a"}


# --- Card pictures and sections in the editor -----------------------------------------------
def png_bytes(size: tuple[int, int] = (320, 200)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (60, 130, 90)).save(out, format="PNG")
    return out.getvalue()


def with_picture(world: World, personas: Personas) -> Meeting:
    """The first card gets a picture, version 2 is published, a draft is open, and the young
    person has a meeting on version 2."""
    designer = actor_for_user(personas.designer)
    version = world.guide.latest_published()
    assert version is not None
    key = version.cards()[0]["key"]
    services.card_save(
        actor=designer,
        guide=world.guide,
        key=key,
        data=version.card(key),  # type: ignore[arg-type]
        picture=services.PictureInput(
            upload=png_bytes(), alt={"sv": "Två händer som håller en kopp", "en": "Two hands"}
        ),
    )
    services.version_publish(actor=designer, guide=world.guide)
    services.section_add(actor=designer, guide=world.guide, title={"sv": "Extra"})
    return services.meeting_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        guide=world.guide,
        young_person=personas.young,
    )


def picture_pages(world: World, p: Personas, meeting: Meeting) -> dict[str, tuple[str, str]]:
    org, g, m = p.own.pk, world.guide.pk, meeting.pk
    first_key = meeting.version.cards()[0]["key"]
    return {
        "guide-edit-picture": ("designer", f"/org/{org}/guides/{g}/edit/"),
        "card-edit-picture": ("designer", f"/org/{org}/guides/{g}/cards/{first_key}/"),
        "guide-detail-picture": ("worker", f"/org/{org}/guides/{g}/"),
        "section-rename": ("designer", f"/org/{org}/guides/{g}/sections/0/"),
        "section-delete": ("designer", f"/org/{org}/guides/{g}/sections/0/delete/"),
        "meeting-mode-picture": ("worker", f"/org/{org}/guides/meetings/{m}/cards/1/"),
        "summary-form-picture": ("worker", f"/org/{org}/guides/meetings/{m}/summary/"),
    }


PICTURE_PAGE_NAMES = [
    "guide-edit-picture", "card-edit-picture", "guide-detail-picture", "section-rename",
    "section-delete", "meeting-mode-picture", "summary-form-picture",
]  # fmt: skip


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PICTURE_PAGE_NAMES)
def test_editor_and_meeting_pages_with_a_picture_pass_axe(
    name: str, width: str, world: World, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    meeting = with_picture(world, personas)
    persona, path = picture_pages(world, personas, meeting)[name]
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path)
    assert_no_axe_violations(page, f"conversations-{name}-{width}")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"conversations-{name}-{width}")
    for image in page.locator("img.card-thumb, img.card-picture").all():
        assert image.evaluate("i => i.complete && i.naturalWidth > 0"), name


def test_the_young_person_sees_the_picture_on_the_phone_and_the_page_passes_axe(
    world: World, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    meeting = with_picture(world, personas)
    log_in(phone_page, personas.young)
    visit(phone_page, f"/me/guides/{meeting.pk}/cards/1/")
    image = phone_page.get_by_role("img", name="Två händer som håller en kopp")
    assert image.evaluate("i => i.complete && i.naturalWidth === 320")
    box = image.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]
    assert_no_axe_violations(phone_page, "conversations-prepare-picture-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


def test_uploading_a_picture_with_alt_text_in_the_card_editor(
    world: World, personas: Personas, desktop_page: Page, log_in: LogIn, tmp_path: Any
) -> None:
    page = desktop_page
    org, g = personas.own.pk, world.guide.pk
    key = world.guide.latest_published().cards()[0]["key"]  # type: ignore[union-attr]
    log_in(page, personas.designer)
    visit(page, f"/org/{org}/guides/{g}/cards/{key}/")
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_bytes(b"just some text")
    page.get_by_label("Bild (om du vill)").set_input_files(str(not_a_picture))
    page.get_by_role("button", name="Spara kortet").click()
    assert "Filen är inte en bild som vi kan använda" in page.content()
    assert_no_axe_violations(page, "conversations-card-edit-picture-error")
    picture = tmp_path / "cup.png"
    picture.write_bytes(png_bytes())
    page.get_by_label("Bild (om du vill)").set_input_files(str(picture))
    page.get_by_label("Vad bilden visar (svenska)").fill("En kopp te")
    page.get_by_role("button", name="Spara kortet").click()
    wait_for_path(page, f"/org/{org}/guides/{g}/edit/")
    image = page.get_by_role("img", name="En kopp te")
    assert image.evaluate("i => i.complete && i.naturalWidth === 320")


def test_sections_move_by_keyboard_alone_without_javascript(
    world: World, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    version = world.guide.latest_published()
    assert version is not None
    first, second = (s["title"]["sv"] for s in version.sections[:2])
    page = new_page(DESKTOP)
    log_in(page, personas.designer)
    visit(page, f"/org/{personas.own.pk}/guides/{world.guide.pk}/edit/")
    for _ in range(80):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page)
        if info["tag"] == "button" and info["text"] == "Flytta delen nedåt":
            break
    else:
        raise AssertionError("the move button is not reached by Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Delen flyttades." in page.locator(".messages").inner_text()
    draft = world.guide.draft()
    assert draft is not None
    assert [s["title"]["sv"] for s in draft.sections[:2]] == [second, first]
