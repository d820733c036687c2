"""The klarspråk pages pass WCAG 2.1 AA at a phone's width in Swedish, and the readability
panel follows the text as it is typed (htmx), and works without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.personas import Personas

from .helpers import DESKTOP, PHONE, LogIn, OpenPage, assert_no_axe_violations, visit

pytestmark = pytest.mark.browser

PAGES = {
    "klarsprak-try": ("worker", "/klarsprak/org/{own}/try/"),
    "klarsprak-terms": ("designer", "/klarsprak/org/{own}/terms/"),
    "klarsprak-term-edit": ("admin", "/klarsprak/org/{own}/terms/edit/?key=erhålla"),
}


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_klarsprak_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    persona, path = PAGES[name]
    page = new_page(PHONE if width == "phone" else DESKTOP)
    log_in(page, getattr(personas, persona))
    visit(page, path.format(own=personas.own.pk))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_no_axe_violations(page, f"{name}-{width}")


def test_typing_updates_the_panel(personas: Personas, phone_page: Page, log_in: LogIn) -> None:
    log_in(phone_page, personas.worker)
    visit(phone_page, f"/klarsprak/org/{personas.own.pk}/try/")
    panel = phone_page.locator(".klarsprak-panel")
    expect(panel).to_contain_text("Skriv din text")
    textarea = phone_page.locator("#id_text")
    # 8 words, 2 sentences, no long words: LIX 4
    textarea.fill("Vi ses på fredag. Ta med en vän.")
    expect(panel.locator(".klarsprak-lix")).to_have_text("LIX 4 – mycket lätt")
    # 6 words, 2 sentences, 4 long: LIX 70
    textarea.fill("Handläggaren skriver utredningen. Beslutet kommer snart.")
    expect(panel.locator(".klarsprak-lix")).to_have_text("LIX 70 – mycket svår")
    textarea.press_sequentially(" Du erhåller svar.", delay=20)
    expect(panel).to_contain_text("erhåller → få")
    assert_no_axe_violations(phone_page, "klarsprak-try-with-panel-phone")


def test_the_panel_works_without_javascript(
    personas: Personas, browser, live_server, log_in: LogIn
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="sv-SE"
    )
    try:
        page = context.new_page()
        log_in(page, personas.worker)
        page.goto(f"/klarsprak/org/{personas.own.pk}/try/")
        page.locator("#id_text").fill("Handläggaren skriver utredningen. Beslutet kommer snart.")
        page.get_by_role("button", name="Granska texten").click()
        expect(page.locator(".klarsprak-lix")).to_have_text("LIX 70 – mycket svår")
        expect(page.locator("#id_text")).to_have_value(
            "Handläggaren skriver utredningen. Beslutet kommer snart."
        )
    finally:
        context.close()
