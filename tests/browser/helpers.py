"""What the browser tests share: open a page and check it is styled, run axe-core, save a
screenshot, read the focus ring, compute a TOTP code."""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, Response

from tests.personas import TOTP_SECRET

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The site header's background (--soft in medskapa.css): if it is computed, the sheet applied.
HEADER_BACKGROUND = "rgb(243, 241, 236)"


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
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert background == HEADER_BACKGROUND, f"{page.url}: medskapa.css not applied ({background})"
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


def totp_code() -> str:
    """The current two-step code for every staff persona (tests.personas.TOTP_SECRET)."""
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
