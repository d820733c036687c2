"""The language switch in the header changes the page's language, and a right-to-left language
turns the whole page around with ``<html dir="rtl">``."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.personas import Personas

from .helpers import PHONE, OpenPage, assert_no_axe_violations, screenshot, visit, wait_for_path


def test_header_form_switches_from_swedish_to_english_and_back(
    personas: Personas, phone_page: Page
) -> None:
    page = phone_page
    visit(page, "/join/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")
    expect(html).to_have_attribute("dir", "ltr")

    page.locator(".language-form button[value=en]").click()
    wait_for_path(page, "/join/")  # the switch keeps you on the page you were on
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".language-form button[value=sv]")).to_have_text("Svenska")
    # Still English on the next page: the choice is remembered.
    visit(page, "/")
    expect(html).to_have_attribute("lang", "en")

    page.locator(".language-form button[value=sv]").click()
    wait_for_path(page, "/")
    expect(html).to_have_attribute("lang", "sv")


def test_switching_language_works_by_keyboard(personas: Personas, phone_page: Page) -> None:
    page = phone_page
    visit(page, "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # "English"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.documentElement.lang === 'en'")


@pytest.fixture
def with_arabic(settings: Settings) -> None:
    """No right-to-left language is offered yet; add one (Django ships Arabic) for the test."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "العربية")]


def test_right_to_left_language_renders_dir_rtl_and_mirrors_the_layout(
    personas: Personas, with_arabic: None, new_page: OpenPage
) -> None:
    page = new_page(PHONE, language="ar")
    visit(page, "/join/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    # Logical CSS properties flip: the brand sits at the right edge, the field's label too.
    width = PHONE["width"]
    brand = page.locator(".brand").bounding_box()
    assert brand is not None and brand["x"] + brand["width"] > width * 0.75, brand
    label = page.locator("label[for=id_code]").bounding_box()
    assert label is not None and label["x"] + label["width"] > width * 0.75, label
    # The skip link appears at the right when it gets focus.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link").bounding_box()
    assert skip is not None and skip["x"] + skip["width"] > width * 0.75, skip
    screenshot(page, "rtl-join-phone")
    assert_no_axe_violations(page, "rtl-join-phone")
