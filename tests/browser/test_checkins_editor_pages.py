"""The question editor and instrument pages in the browser: axe (WCAG 2.1 AA) in Swedish at
phone (390 px) and laptop (1280 px) width, also with error messages showing; moving an area
by keyboard alone."""

from __future__ import annotations

import json
import re

import pytest

from medskapa.access.actor import actor_for_user
from medskapa.checkins import instruments, services
from tests.checkins.test_instruments import DEFINITION, loaded
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_focus_visible,
    assert_no_axe_violations,
    visit,
)

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_editor_and_instrument_admin_pages_pass_axe(
    width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    org = personas.own.pk
    version = loaded(personas.admin, personas.own, DEFINITION)
    page = new_page(WIDTHS[width])
    log_in(page, personas.admin)
    for name, path in {
        "editor-overview": f"/org/{org}/checkins/questions/",
        "editor-area": f"/org/{org}/checkins/questions/areas/school/",
        "editor-area-add": f"/org/{org}/checkins/questions/areas/new/",
        "editor-followup": f"/org/{org}/checkins/questions/areas/safety/followup/",
        "editor-area-remove": f"/org/{org}/checkins/questions/areas/home/remove/",
        "editor-own-words": f"/org/{org}/checkins/questions/own-words/",
        "editor-version": f"/org/{org}/checkins/questions/versions/1/",
        "instrument-upload": f"/org/{org}/checkins/instruments/",
        "instrument-detail": f"/org/{org}/checkins/instruments/{version.pk}/",
    }.items():
        visit(page, path)
        assert page.locator("html").get_attribute("lang") == "sv"
        assert_no_axe_violations(page, f"{name}-sv-{width}")

    # With error messages showing.
    visit(page, f"/org/{org}/checkins/questions/areas/school/")
    page.locator("#id_title_sv").fill("")
    page.locator("form.editor-form button[type=submit]").first.click()
    page.wait_for_selector("#error-summary")
    assert_no_axe_violations(page, f"editor-area-error-sv-{width}")

    visit(page, f"/org/{org}/checkins/instruments/")
    page.locator("#id_definition").fill(json.dumps({**DEFINITION, "licence": 5, "typo": 1}))
    page.locator("#id_rights").check()
    page.locator("form.editor-form button[type=submit]").click()
    page.wait_for_selector(".problem-list")
    assert page.locator(".problem-list li").count() >= 2
    assert_no_axe_violations(page, f"instrument-upload-error-sv-{width}")


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_the_young_persons_instrument_pages_pass_axe(
    width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = instruments.assignment_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        young_person=personas.young,
        version=version,
    )
    base = f"/me/checkin/{personas.own.pk}/instruments/{request.pk}/"
    page = new_page(WIDTHS[width])
    log_in(page, personas.young)
    visit(page, base)
    assert_no_axe_violations(page, f"instrument-start-sv-{width}")
    visit(page, f"{base}q/1/")
    assert page.locator("svg.face").count() == 6  # five faces and the dashed "skip" circle
    assert_no_axe_violations(page, f"instrument-item-sv-{width}")
    page.locator("form.step-form button[type=submit]").click()  # nothing chosen: an error
    page.wait_for_selector("#answer-error")
    assert_no_axe_violations(page, f"instrument-item-error-sv-{width}")
    for number in (1, 2, 3):
        visit(page, f"{base}q/{number}/")
        page.locator("label.face-option").nth(2).click()
        page.locator("form.step-form button[type=submit]").click()
        following = f"{base}q/{number + 1}/" if number < 3 else f"{base}send/"
        page.wait_for_url(f"**{following}")
    visit(page, f"{base}send/")
    assert_no_axe_violations(page, f"instrument-review-sv-{width}")


def test_the_instrument_item_page_passes_axe_in_arabic_on_a_phone(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    version = loaded(personas.admin, personas.own, DEFINITION)
    request = instruments.assignment_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        young_person=personas.young,
        version=version,
    )
    page = new_page(PHONE, language="ar")
    log_in(page, personas.young)
    visit(page, f"/me/checkin/{personas.own.pk}/instruments/{request.pk}/q/2/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The definition has no Arabic: the question is in Swedish and marked so.
    assert page.locator("legend .question-text").get_attribute("lang") == "sv"
    assert_no_axe_violations(page, "instrument-item-ar-phone")


def test_an_area_moves_up_by_keyboard_alone(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    page = new_page(DESKTOP)
    log_in(page, personas.admin)
    visit(page, f"/org/{personas.own.pk}/checkins/questions/")
    button = page.get_by_role("button", name=re.compile(r"^(Flytta upp|Move up)\s*:\s*Skola$"))
    button.focus()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith("#area-school"))
    keys = [a.key for a in services.current_graph_version(personas.own).load().areas]
    assert keys[:2] == ["school", "health"]
