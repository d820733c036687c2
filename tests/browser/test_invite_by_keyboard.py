"""A young person accepts an invitation by keyboard alone: Tab, typing and Enter, no mouse.

Along the way: the skip link is the first Tab stop and moves focus to the main content, and
every control that takes focus shows a visible focus ring.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medskapa.access.actor import actor_for_user
from medskapa.accounts.models import User
from medskapa.organisations.models import Caseload
from medskapa.organisations.services import young_person_invite_create
from tests.personas import Personas

from .helpers import assert_focus_visible, assert_styled, focused, screenshot, visit, wait_for_path

NEW_PASSWORD = "blå katt hoppar högt"


def skip_to_main(page: Page) -> None:
    """Tab once (from the top of a freshly loaded page) and follow the skip link."""
    page.keyboard.press("Tab")
    first = assert_focus_visible(page)
    assert "skip-link" in first["cls"], f"the first Tab stop is not the skip link: {first}"
    assert first["top"] >= 0, f"the skip link is not shown when it has focus: {first}"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main", "the skip link did not move focus to <main>"


def tab_to(page: Page, element_id: str, *, limit: int = 40) -> None:
    """Press Tab until ``element_id`` has focus; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page)
        if info["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} was not reached in {limit} Tab presses")


def test_young_person_joins_with_a_code_by_keyboard_alone(
    personas: Personas, desktop_page: Page
) -> None:
    page = desktop_page
    issued = young_person_invite_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        unit=personas.unit_a_child,
        display_name="Alva",
    )

    visit(page, "/join/")
    skip_to_main(page)
    tab_to(page, "id_code")
    # Codes are typed as they look on paper: small letters and a space are fine.
    code = issued.secret.lower()
    page.keyboard.type(f"{code[:4]} {code[4:]}")
    screenshot(page, "keyboard-join-code-desktop")
    page.keyboard.press("Enter")

    wait_for_path(page, f"/join/{issued.secret}/")
    assert_styled(page)
    expect(page.locator("h1")).to_contain_text("Alva")
    # The skip link's #main travels with the form's redirect, so focus may already be in main:
    # either way, Tab leads through the page to the username field.
    tab_to(page, "id_username")
    page.keyboard.type("alva.k")
    tab_to(page, "id_password1")
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, "id_password2")
    page.keyboard.type(NEW_PASSWORD)
    screenshot(page, "keyboard-join-account-desktop")
    page.keyboard.press("Enter")

    wait_for_path(page, "/")
    assert_styled(page)
    expect(page.locator("h1")).to_contain_text("Hej Alva")  # the browser asks for Swedish
    screenshot(page, "keyboard-joined-start-desktop")
    user = User.objects.get(username="alva.k")
    assert user.check_password(NEW_PASSWORD)
    assert Caseload.objects.filter(worker=personas.worker, young_person=user).exists()
    # On a fresh load of their start page, the skip link comes first here too.
    visit(page, "/")
    skip_to_main(page)


def test_every_tab_stop_on_the_join_page_shows_a_visible_focus_ring(
    personas: Personas, phone_page: Page
) -> None:
    visit(phone_page, "/join/")
    stops: list[dict[str, Any]] = []
    for _ in range(40):
        phone_page.keyboard.press("Tab")
        info = focused(phone_page)
        if info["tag"] == "body" or (stops and info == stops[0]):
            break  # wrapped around
        assert_focus_visible(phone_page)
        stops.append(info)
    kinds = [(s["tag"], s["id"] or s["text"]) for s in stops]
    assert "skip-link" in stops[0]["cls"], kinds
    assert len(stops) >= 8, kinds  # skip link, header links, language, code, button, footer
    assert ("input", "id_code") in kinds
