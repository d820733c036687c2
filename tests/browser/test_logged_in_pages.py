"""The start pages and the administration pages pass WCAG 2.1 AA (axe-core) for the people who
use them: young people at a phone's width, staff at a phone's and a laptop's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from medskapa.access.actor import actor_for_user
from medskapa.organisations.roles import Role
from medskapa.organisations.services import staff_invite_create, young_person_invite_create
from tests.personas import Personas

from .helpers import DESKTOP, PHONE, LogIn, OpenPage, assert_no_axe_violations, visit

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

# name -> (persona, path); the path is formatted with the personas' ids.
STAFF_PAGES: dict[str, tuple[str, str]] = {
    "staff-start": ("worker", "/"),
    "staff-account": ("worker", "/account/"),
    "organisation-home": ("admin", "/org/{own}/"),
    "staff-list": ("admin", "/org/{own}/staff/"),
    "staff-invite-form": ("admin", "/org/{own}/staff/invite/"),
    "staff-detail": ("admin", "/org/{own}/staff/{worker}/"),
    "unit-form-new": ("admin", "/org/{own}/units/new/"),
    "unit-form-edit": ("admin", "/org/{own}/units/{unit_a}/"),
    "page-form": ("admin", "/org/{own}/pages/accessibility/"),
    "api-tokens": ("admin", "/org/{own}/api-tokens/"),
    "organisation-settings": ("admin", "/org/{own}/settings/"),
    "accessibility-reports": ("admin", "/org/{own}/accessibility-reports/"),
    "audit-review-form": ("admin", "/audit/{own}/reviews/new/"),
    "audit-review": ("admin", "/audit/{own}/"),
    "caseload": ("worker", "/org/{own}/young-people/"),
    "young-person-invite-form": ("worker", "/org/{own}/young-people/invite/"),
    "young-person-detail": ("worker", "/org/{own}/young-people/{young}/"),
    "two-step-overview": ("worker", "/accounts/2fa/"),
}
YOUNG_PERSON_PAGES: dict[str, str] = {
    "young-person-start": "/",
    "young-person-account": "/account/",
    "change-password": "/accounts/password/change/",
    "logged-in-sessions": "/accounts/sessions/",
}


def ids(personas: Personas) -> dict[str, str]:
    return {
        "own": str(personas.own.pk),
        "worker": str(personas.worker.pk),
        "young": str(personas.young.pk),
        "unit_a": str(personas.unit_a.pk),
    }


def pending_invites(personas: Personas) -> None:
    """One waiting invite of each kind, so the lists show their "withdraw" buttons too."""
    staff_invite_create(
        actor=actor_for_user(personas.admin),
        organisation=personas.own,
        email="new.colleague@egen.example",
        role=Role.WORKER,
        unit=personas.unit_a,
        display_name="Ny Kollega",
    )
    young_person_invite_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        unit=personas.unit_a_child,
        display_name="Alva",
    )


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    persona, path = STAFF_PAGES[name]
    pending_invites(personas)
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path.format(**ids(personas)))
    assert_no_axe_violations(page, f"{name}-{width}")


def consents_in_force(personas: Personas) -> None:
    """The young person has consented, and the guardian for them, so both lists have rows."""
    from medskapa.organisations.models import Consent, Guardianship

    Guardianship.objects.create(
        organisation=personas.own, guardian=personas.guardian, young_person=personas.young
    )
    for given_by in (personas.young, personas.guardian):
        Consent.objects.create(
            organisation=personas.own,
            subject=personas.young,
            given_by=given_by,
            purpose=Consent.Purpose.SHARE_FOR_DEVELOPMENT,
            text_version="1",
        )


@pytest.mark.parametrize("name", ["guardian-start", "guardian-account"])
def test_guardian_page_passes_axe_at_phone_width(
    name: str, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    consents_in_force(personas)
    log_in(phone_page, personas.guardian)
    visit(phone_page, "/" if name == "guardian-start" else "/account/")
    assert_no_axe_violations(phone_page, f"{name}-phone")


@pytest.mark.parametrize("name", list(YOUNG_PERSON_PAGES))
def test_young_person_page_passes_axe_at_phone_width(
    name: str, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    consents_in_force(personas)
    log_in(phone_page, personas.young)
    visit(phone_page, YOUNG_PERSON_PAGES[name])
    assert_no_axe_violations(phone_page, f"{name}-phone")


def test_young_person_start_page_names_them_and_shows_help_numbers(
    personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    log_in(phone_page, personas.young)
    visit(phone_page, "/")
    assert personas.young.display_name in phone_page.locator("h1").inner_text()
    help_links = phone_page.locator("main .help-box a[href^='tel:']")
    assert help_links.count() >= 2
    assert {"tel:112", "tel:116111"} <= {
        help_links.nth(i).get_attribute("href") for i in range(help_links.count())
    }


@pytest.mark.parametrize("width", list(WIDTHS))
def test_invite_done_page_with_code_and_qr_passes_axe(
    width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    page = new_page(WIDTHS[width])
    log_in(page, personas.worker)
    visit(page, f"/org/{personas.own.pk}/young-people/invite/")
    page.locator("#id_unit").select_option(label="– Barn och unga, Öst")
    page.locator("#id_display_name").fill("Alva")
    page.locator("main form button[type=submit]").click()
    page.locator(".code-box").wait_for()
    assert page.locator(".qr svg").count() == 1
    assert page.locator(".qr").get_attribute("role") == "img"
    assert_no_axe_violations(page, f"young-person-invite-done-{width}")
