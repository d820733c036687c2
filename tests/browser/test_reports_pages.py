"""Reports pages in the browser: every page passes axe in Swedish at phone and laptop width;
the dashboard's filters work without JavaScript; the young person's gap form at phone width."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Browser

from medskapa.access.actor import actor_for_user
from medskapa.reports import services
from medskapa.reports.models import Agency, Gap, Report
from tests.personas import Personas
from tests.reports.helpers import people, refresh, score

from .helpers import DESKTOP, PHONE, LogIn, OpenPage, assert_no_axe_violations, visit


def _data(p: Personas) -> tuple[Gap, Report]:
    now = timezone.localtime()
    for i, person in enumerate(people(12)):
        for months_back in range(3):
            when = now - timezone.timedelta(days=31 * months_back)
            score(p.own, person, when, area="school", value=3 + i % 3, unit=p.unit_a_child)
            score(p.own, person, when, area="home", value=1 + i % 5, unit=p.unit_a)
    refresh(p.own)
    services.ensure_defaults(p.own)
    agencies = list(Agency.objects.filter(organisation=p.own)[:2])
    gap = services.gap_report(
        actor=actor_for_user(p.young),
        organisation=p.own,
        agencies=agencies,
        what_happened="Skolan visste inte.",
        consequence="Jag fick vänta.",
        sip="no",
    )
    report = services.report_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        title="Årsrapport",
        unit=None,
        period_start=date(now.year, 1, 1),
        period_end=date(now.year, 12, 1),
    )
    return gap, report


STAFF_PAGES = {
    "reports-dashboard": ("manager", "/org/{own}/reports/"),
    "reports-dashboard-designer": ("designer", "/org/{own}/reports/?area=home&age_band=13-15"),
    "reports-gaps": ("designer", "/org/{own}/reports/gaps/"),
    "reports-gap": ("manager", "/reports/gaps/{gap}/"),
    "reports-gap-new-staff": ("worker", "/org/{own}/reports/gaps/new/"),
    "reports-settings": ("admin", "/org/{own}/reports/settings/"),
    "reports-list": ("designer", "/org/{own}/reports/yearly/"),
    "reports-report": ("designer", "/reports/{report}/"),
    "reports-report-edit": ("designer", "/reports/{report}/edit/"),
    "reports-section": ("designer", "/reports/{report}/texts/{section}/"),
}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_reports_page_passes_axe(
    width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    gap, report = _data(personas)
    first = report.sections.first()
    assert first is not None
    ids = {"own": personas.own.pk, "gap": gap.pk, "report": report.pk, "section": first.pk}
    pages: dict[str, object] = {}
    for name, (persona, path) in STAFF_PAGES.items():
        page = pages.get(persona)
        if page is None:
            page = new_page(PHONE if width == "phone" else DESKTOP, language="sv")
            log_in(page, getattr(personas, persona))
            pages[persona] = page
        visit(page, path.format(**ids))  # type: ignore[arg-type]
        assert page.locator("html").get_attribute("lang") == "sv"  # type: ignore[attr-defined]
        assert_no_axe_violations(page, f"{name}-{width}")  # type: ignore[arg-type]


def test_the_young_persons_gap_form_and_thanks_pass_axe_at_phone_width(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    services.ensure_defaults(personas.own)
    page = new_page(PHONE, language="sv")
    log_in(page, personas.young)
    visit(page, f"/org/{personas.own.pk}/reports/gaps/new/")
    assert_no_axe_violations(page, "reports-gap-new-young")
    page.get_by_label("Skola", exact=True).check()
    page.get_by_label("Vad hände?").fill("Ingen pratade med skolan.")
    page.get_by_label("Vet inte").check()
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_url(f"**/org/{personas.own.pk}/reports/gaps/thanks/")
    assert_no_axe_violations(page, "reports-gap-thanks-young")
    assert Gap.objects.filter(reporter_kind="young_person").count() == 1


def test_the_dashboard_filters_work_without_javascript(
    personas: Personas, browser: Browser, live_server: object, log_in: LogIn
) -> None:
    _data(personas)
    context = browser.new_context(
        java_script_enabled=False,
        viewport=DESKTOP,
        locale="sv-SE",
        base_url=live_server.url,  # type: ignore[attr-defined]
    )
    page = context.new_page()
    try:
        log_in(page, personas.designer)
        page.goto(f"/org/{personas.own.pk}/reports/")
        page.locator("#id_area").select_option("home")
        page.get_by_role("button", name="Visa").click()
        assert "area=home" in page.url
        assert page.locator("svg.report-chart title").count() >= 2
    finally:
        context.close()
