"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server, with axe-core for WCAG 2.1 AA.

Every test in this folder is marked ``browser`` (so ``-m "not browser"`` leaves them out) and is
skipped with a reason when Chromium is missing, so ``make test`` stays green on a machine
without it; CI installs the ``chromium`` package. Never ``playwright install``: the browser is
the distribution's, not a download.

The live server (pytest-django's, one per xdist worker) serves static files through
``django.contrib.staticfiles``' handler, so medskapa.css and htmx load as in production;
``helpers.visit`` checks that on every page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from medskapa.accounts.models import User
from tests.personas import Personas, build_personas

from .helpers import DESKTOP, PHONE, LogIn, OpenPage

HERE = Path(__file__).resolve().parent
# Debian's package; MEDSKAPA_CHROMIUM points elsewhere (and lets one check the skip path).
CHROMIUM = Path(os.environ.get("MEDSKAPA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m` deselects.
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: install Debian's `chromium` package to run browser tests"
    )
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    # Playwright's sync API keeps an asyncio loop in this thread; Django would otherwise refuse
    # database work from the test code ("You cannot call this from an async context"). Set
    # here, not at import, so a run without browser tests keeps Django's check.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def personas(transactional_db: None, live_server: LiveServer) -> Personas:
    """The fixed personas, committed so that the live server's thread sees them."""
    return build_personas()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[OpenPage]:
    """Open a page in a fresh browser context (own cookies) at ``viewport``.

    The browser asks for Swedish (``Accept-Language: sv-SE``), as a phone in Sweden does;
    ``language="en"`` sets Django's language cookie instead, as the header switcher does.
    Narrow viewports are touch phones.
    """
    contexts: list[BrowserContext] = []

    def open_page(viewport: dict[str, int], *, language: str | None = None) -> Page:
        phone = viewport["width"] < 600
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": viewport["width"], "height": viewport["height"]},
            locale="sv-SE",
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if language:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(new_page: OpenPage) -> Page:
    """A page at a phone's width (390 x 844 CSS px, touch)."""
    return new_page(PHONE)


@pytest.fixture
def desktop_page(new_page: OpenPage) -> Page:
    """A page at a laptop's width (1280 x 900)."""
    return new_page(DESKTOP)


@pytest.fixture
def log_in(live_server: LiveServer) -> LogIn:
    """Give a page's browser context a session for ``user``, without the log-in form.

    ``Client.force_login`` runs Django's ``login()``, so the log-in signal starts the session
    policy exactly as a real log-in does; the browser then carries that session cookie.
    test_log_in.py covers the real form.
    """

    def log_in(page: Page, user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return log_in
