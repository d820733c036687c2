"""Insights pages pass WCAG 2.1 AA (axe-core) in Swedish at a phone's (390 px) and a laptop's
(1280 px) width, and quotes move between themes on the affinity board by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from medskapa.access.actor import actor_for_user
from medskapa.insights import services
from medskapa.insights.models import Fragment, SuggestedTheme, Tag, ThemeRun
from tests.insights.conftest import finished_run, make_source, seed_corpus
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_focus_visible,
    assert_no_axe_violations,
    screenshot,
    visit,
    wait_for_path,
)

pytestmark = pytest.mark.browser
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _world(p: Personas) -> dict[str, str]:
    seed_corpus(p.own, 40, unit=p.unit_a)
    masked = make_source(p.own, "Jag heter Alva och min mamma ringer 070-123 45 67.")
    Tag.objects.create(organisation=p.own, name="Kontakt", description="Med soc", shortcut="k")
    run = finished_run(p.own)
    column = run.themes.filter(is_outliers=False).first()
    assert column is not None
    pattern = services.theme_accept(actor=actor_for_user(p.designer), theme=column)
    running = ThemeRun.objects.create(organisation=p.own, status=ThemeRun.Status.RUNNING)
    return {
        "own": str(p.own.pk),
        "source": str(masked.pk),
        "fragment": str(masked.fragments.get().pk),
        "run": str(run.pk),
        "running": str(running.pk),
        "pattern": str(pattern.pk),
    }


PAGES: dict[str, tuple[str, str]] = {
    "insights-home": ("designer", "/org/{own}/insights/"),
    "insights-import": ("designer", "/org/{own}/insights/sources/new/"),
    "insights-source": ("designer", "/org/{own}/insights/sources/{source}/"),
    "insights-unmask": ("designer", "/org/{own}/insights/fragments/{fragment}/unmask/"),
    "insights-codebook": ("designer", "/org/{own}/insights/codebook/"),
    "insights-board": ("designer", "/org/{own}/insights/runs/{run}/"),
    "insights-board-manager": ("manager", "/org/{own}/insights/runs/{run}/"),
    "insights-run-progress": ("designer", "/org/{own}/insights/runs/{running}/"),
    "insights-pattern": ("designer", "/org/{own}/insights/patterns/{pattern}/"),
    "insights-pattern-manager": ("manager", "/org/{own}/insights/patterns/{pattern}/"),
}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_insights_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    ids = _world(personas)
    persona, path = PAGES[name]
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path.format(**ids))
    assert_no_axe_violations(page, f"{name}-{width}")


def test_the_column_step_and_the_unmasked_text_pass_axe(
    personas: Personas, phone_page: Page, log_in: LogIn, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    ids = _world(personas)
    page = phone_page
    log_in(page, personas.designer)
    visit(page, f"/org/{ids['own']}/insights/sources/new/")
    page.fill("#id_title", "Kampanjsvar")
    table = tmp_path / "svar.csv"
    table.write_text("id;svar\n1;Jag vill kunna sms:a.\n2;Ring Emma.\n", encoding="utf-8")
    page.set_input_files("#id_file", str(table))
    page.get_by_role("button", name="Importera").click()
    wait_for_path(page, f"/org/{ids['own']}/insights/sources/new/columns/")
    assert_no_axe_violations(page, "insights-columns-phone")
    page.select_option("#id_text_column", "1")
    page.get_by_role("button", name="Importera").click()
    expect(page.locator("h1")).to_contain_text("Kampanjsvar")
    expect(page.locator("#main")).to_contain_text("Ring [namn].")
    visit(page, f"/org/{ids['own']}/insights/fragments/{ids['fragment']}/unmask/")
    page.fill("#id_reason", "Kontrollera samtycket")
    page.get_by_role("button", name="Visa originalet").click()
    expect(page.locator("#main")).to_contain_text("Jag heter Alva")
    assert_no_axe_violations(page, "insights-unmasked-phone")


def test_a_quote_moves_to_another_theme_by_keyboard_alone(
    personas: Personas, desktop_page: Page, log_in: LogIn
) -> None:
    ids = _world(personas)
    page = desktop_page
    log_in(page, personas.designer)
    path = f"/org/{ids['own']}/insights/runs/{ids['run']}/"
    visit(page, path)
    run = ThemeRun.objects.get(pk=ids["run"])
    source_column, target = list(run.themes.filter(is_outliers=False))[1:3]
    card = source_column.fragments.first()
    assert card is not None
    select = page.locator(f"#move-{card.pk}")
    select.focus()
    assert_focus_visible(page)
    # Choose the target theme in the menu with the arrow keys, then Tab to "Flytta" and press it.
    options = select.locator("option").all_inner_texts()
    steps = options.index(target.label)
    page.keyboard.press("Home")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    assert select.input_value() == str(target.pk)
    page.keyboard.press("Tab")
    info = assert_focus_visible(page)
    assert info["tag"] == "button" and info["text"] == "Flytta"
    page.keyboard.press("Enter")
    wait_for_path(page, path)
    expect(page.locator(".messages")).to_contain_text("Citatet flyttades")
    screenshot(page, "insights-board-moved-desktop")
    assert target.fragments.filter(pk=card.pk).exists()
    assert not SuggestedTheme.objects.get(pk=source_column.pk).fragments.filter(pk=card.pk).exists()
    # A tag by its keyboard key on the source page.
    fragment = Fragment.objects.get(pk=ids["fragment"])
    visit(page, f"/org/{ids['own']}/insights/sources/{ids['source']}/")
    page.locator(f"#f-{fragment.pk} blockquote").focus()
    page.keyboard.press("k")
    wait_for_path(page, f"/org/{ids['own']}/insights/sources/{ids['source']}/")
    expect(page.locator(f"#f-{fragment.pk} .tag")).to_contain_text("Kontakt")
