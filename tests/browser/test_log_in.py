"""Logging in through the real log-in form: a young person with username and password, staff
with e-mail, password and the two-step code; staff without a second factor are led to set one
up, and those pages pass axe too."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from medskapa.organisations.roles import Role
from tests.personas import PASSWORD, Personas, make_user

from .helpers import assert_no_axe_violations, assert_styled, totp_code, visit, wait_for_path


def fill_log_in_form(page: Page, login: str | None) -> None:
    assert login
    visit(page, "/accounts/login/")
    page.locator("#id_login").fill(login)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_young_person_logs_in_with_username_and_lands_on_their_start_page(
    personas: Personas, phone_page: Page
) -> None:
    fill_log_in_form(phone_page, personas.young.username)
    wait_for_path(phone_page, "/")
    expect(phone_page.locator("h1")).to_contain_text(personas.young.display_name)
    expect(phone_page.locator("main .help-box")).to_be_visible()
    assert_styled(phone_page)


def test_staff_log_in_asks_for_the_two_step_code_then_lands_on_the_start_page(
    personas: Personas, desktop_page: Page
) -> None:
    page = desktop_page
    fill_log_in_form(page, personas.worker.email)
    wait_for_path(page, "/accounts/2fa/authenticate/")
    assert_no_axe_violations(page, "two-step-code-desktop")
    page.locator("#id_code").fill(totp_code())
    page.locator("#id_code").press("Enter")
    wait_for_path(page, "/")
    expect(page.locator("h1")).to_contain_text(personas.worker.display_name)
    # Past the second factor, the worker's pages with personal data open.
    visit(page, f"/org/{personas.own.pk}/young-people/")
    expect(page.locator("main")).to_contain_text(personas.young.display_name)


def test_staff_without_a_second_factor_is_sent_to_set_one_up_and_that_page_passes_axe(
    personas: Personas, phone_page: Page
) -> None:
    newcomer = make_user(
        "newcomer",
        org=personas.own,
        role=Role.WORKER,
        unit=personas.unit_a,
        email="newcomer@egen.example",
        mfa=False,
    )
    fill_log_in_form(phone_page, newcomer.email)
    # Straight from the log-in to setting up the second factor: the password just typed counts
    # as a fresh authentication, so allauth does not ask for it again.
    wait_for_path(phone_page, "/accounts/2fa/totp/activate/")
    expect(phone_page.locator("main img, main svg").first).to_be_visible()
    assert_styled(phone_page)
    assert_no_axe_violations(phone_page, "two-step-activate-phone")
