"""What the browser tests share: open a page and check it is styled, run axe-core, save a
screenshot, read the focus ring, compute a TOTP code."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, Response

from medskapa.accounts.models import User
from tests.personas import TOTP_SECRET

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# new_page(viewport, language=None) -> Page, and log_in(page, user): fixtures in conftest.py.
OpenPage = Callable[..., Page]
LogIn = Callable[[Page, User], None]

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def visit(page: Page, path: str, *, status: int = 200) -> Response:
    """Go to ``path``, check the status (and that no redirect happened), and that the
    stylesheet and htmx both loaded."""
    response = page.goto(path)
    assert response is not None, path
    assert urlsplit(page.url).path == urlsplit(path).path, f"{path}: ended on {page.url}"
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    assert_styled(page)
    return response


def assert_styled(page: Page) -> None:
    """medskapa.css loaded and applies (the skip link is moved out of sight), and htmx ran."""
    styled = page.evaluate(
        """() => {
            const sheet = [...document.styleSheets].find(
                s => (s.href || '').endsWith('/medskapa/medskapa.css'));
            const skip = document.querySelector('.skip-link');
            return Boolean(sheet && sheet.cssRules.length > 10 && skip &&
                           getComputedStyle(skip).position === 'absolute');
        }"""
    )
    assert styled, f"{page.url}: medskapa.css did not load or apply"
    page.wait_for_function("() => typeof window.htmx === 'object'")


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in test-results/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.0/2.1 A and AA.

    axe is evaluated through the DevTools protocol (``page.evaluate``), which the page's CSP
    does not govern; the app's CSP stays exactly as users get it (no ``bypass_csp``).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                          html: n.html.slice(0, 200)})),
            }));
        }""",
        WCAG_21_AA,
    )


def assert_no_axe_violations(page: Page, context: str) -> None:
    """Fail with every WCAG 2.1 AA violation axe finds; always save a screenshot as ``context``."""
    shot = screenshot(page, context)
    violations = axe_violations(page)
    if violations:
        lines = [f"{context} ({page.url}): {len(violations)} axe violation(s); see {shot}"]
        for v in violations:
            lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
            for node in v["nodes"]:
                lines.append(f"    at {node['target']}: {node['html']}")
                lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


def focused(page: Page) -> dict[str, Any]:
    """What has focus, and how its focus ring is drawn."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
                cls: el.className, text: (el.innerText || el.value || '').trim().slice(0, 60),
                outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
                outlineColor: style.outlineColor,
                top: box.top, left: box.left, width: box.width, height: box.height,
            };
        }"""
    )


def assert_focus_visible(page: Page) -> dict[str, Any]:
    """The focused control shows a solid outline at least 2 px wide, inside the viewport."""
    info = focused(page)
    assert info["outlineStyle"] not in ("none", "hidden") and info["outlineWidth"] >= 2, (
        f"no visible focus ring on {info}"
    )
    viewport = page.viewport_size or {"width": 0, "height": 0}
    assert info["width"] > 0 and info["height"] > 0, f"focused element has no size: {info}"
    assert 0 <= info["left"] < viewport["width"], f"focused element off screen: {info}"
    return info


def totp_code(*, margin_seconds: int = 4) -> str:
    """The current two-step code for every staff persona (tests.personas.TOTP_SECRET).

    Codes change every 30 s and the server allows no drift by default, so a code that would
    expire before the form is sent is not used: wait for the next one instead.
    """
    left = 30 - time.time() % 30
    if left < margin_seconds:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def horizontal_overflow(page: Page) -> dict[str, Any] | None:
    """The widest element sticking out to the side, when the page scrolls sideways (WCAG 1.4.10
    Reflow: no scrolling in two directions at 320 CSS px); ``None`` when it fits."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            let worst = null;
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && (!worst || box.right > worst.right)) {
                    worst = {right: Math.round(box.right), width,
                             html: el.outerHTML.slice(0, 160)};
                }
            }
            return worst || {width, scrollWidth: document.documentElement.scrollWidth};
        }"""
    )


def assert_no_horizontal_scroll(page: Page) -> None:
    overflow = horizontal_overflow(page)
    assert overflow is None, f"{page.url} scrolls sideways: {overflow}"


def small_touch_targets(page: Page) -> list[dict[str, Any]]:
    """Controls smaller than 44 x 44 CSS px (the domain's rule; WCAG 2.5.5).

    Links inside a sentence are left out, as WCAG's target-size rules do: they are as tall as
    the text around them.
    """
    return page.evaluate(
        """() => {
            const small = [];
            const controls = document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), select, textarea, summary');
            for (const el of controls) {
                const box = el.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                const parent = el.parentElement;
                const inSentence = el.tagName === 'A' && parent &&
                    parent.textContent.trim().length > el.textContent.trim().length + 3 &&
                    getComputedStyle(el).display === 'inline';
                const checkbox = el.type === 'checkbox' || el.type === 'radio';
                const minimum = checkbox ? 24 : 44;
                if (!inSentence && (box.height < minimum - 0.5 || box.width < minimum - 0.5)) {
                    small.push({tag: el.tagName.toLowerCase(), id: el.id,
                                text: (el.innerText || el.name || '').trim().slice(0, 40),
                                width: Math.round(box.width), height: Math.round(box.height)});
                }
            }
            return small;
        }"""
    )


def wait_for_path(page: Page, path: str) -> None:
    """Wait until the page has arrived at ``path`` (any host, any query string)."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)
