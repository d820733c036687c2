"""At the narrowest phone width WCAG asks for (320 CSS px) nothing scrolls sideways
(WCAG 1.4.10 Reflow), and on every page a young person sees each control is at least
44 x 44 px (the safety rules in docs: big touch targets)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.personas import Personas

from .helpers import LogIn, OpenPage, horizontal_overflow, small_touch_targets, visit
from .test_logged_in_pages import STAFF_PAGES, YOUNG_PERSON_PAGES, ids, pending_invites
from .test_public_pages import PUBLIC_PAGES, public_path

NARROW = {"width": 320, "height": 640}


def test_pages_young_people_see_fit_320px_and_have_44px_touch_targets(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    problems = {}
    visitor = new_page(NARROW)
    for name in PUBLIC_PAGES:
        path, status = public_path(name, personas)
        visit(visitor, path, status=status)
        found = (horizontal_overflow(visitor), small_touch_targets(visitor))
        if any(found):
            problems[name] = found
    young = new_page(NARROW)
    log_in(young, personas.young)
    for name, path in YOUNG_PERSON_PAGES.items():
        visit(young, path)
        found = (horizontal_overflow(young), small_touch_targets(young))
        if any(found):
            problems[name] = found
    assert not problems, problems


def test_staff_pages_fit_320px_without_sideways_scrolling(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    pending_invites(personas)
    pages: dict[str, Page] = {}
    overflowing = {}
    for name, (persona, path) in STAFF_PAGES.items():
        if persona not in pages:
            pages[persona] = new_page(NARROW)
            log_in(pages[persona], getattr(personas, persona))
        page = pages[persona]
        visit(page, path.format(**ids(personas)))
        overflow = horizontal_overflow(page)
        if overflow:
            overflowing[name] = overflow
    assert not overflowing, overflowing
