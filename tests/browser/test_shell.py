"""The page shell in a real browser: the stylesheet and the vendored htmx load under the strict
CSP (nonce scripts only) with nothing blocked, and the skip link is the first Tab stop."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.personas import Personas

from .helpers import assert_focus_visible, focused, visit


def test_stylesheet_and_htmx_load_under_the_csp_without_errors(
    personas: Personas, phone_page: Page
) -> None:
    page = phone_page
    errors: list[str] = []
    statuses: dict[str, int] = {}
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: statuses.update({r.url.rsplit("/", 1)[-1]: r.status}))
    response = visit(page, "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp, csp
    assert statuses.get("medskapa.css") == 200, statuses
    assert statuses.get("htmx-2.0.11.min.js") == 200, statuses
    # The sheet applied (visit checks it) and htmx read its config from the <meta> tag.
    assert page.evaluate("() => htmx.config.allowEval") is False
    header = page.evaluate("() => getComputedStyle(document.querySelector('.site-header')).display")
    assert header == "block"
    assert not [e for e in errors if "favicon" not in e], errors


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    personas: Personas, phone_page: Page
) -> None:
    page = phone_page
    visit(page, "/accounts/login/")
    hidden = page.locator(".skip-link").bounding_box()
    assert hidden is not None and hidden["y"] + hidden["height"] <= 0, "shown before focus"
    page.keyboard.press("Tab")
    info = assert_focus_visible(page)
    assert "skip-link" in info["cls"] and info["top"] >= 0, info
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), (
        f"Tab after the skip link left the content: {focused(page)}"
    )
