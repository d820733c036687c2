"""Events pages pass WCAG 2.1 AA (axe-core): the public sign-up and its links and the young
person's own pages at a phone's width, staff pages at a phone's and a laptop's width; and a
young person signs up by keyboard alone."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from medskapa.access.actor import actor_for_user
from medskapa.events import services
from medskapa.events.models import Event, Participation, SignUp, SignUpToken, hash_token, new_token
from tests.events.conftest import create_event, sign_up
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_focus_visible,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
    small_touch_targets,
    visit,
    wait_for_path,
)
from .test_invite_by_keyboard import skip_to_main, tab_to

pytestmark = pytest.mark.browser
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def _token(signup: SignUp, purpose: str) -> str:
    token = new_token()
    SignUpToken.objects.create(signup=signup, purpose=purpose, token_hash=hash_token(token))
    return token


def _world(p: Personas) -> dict[str, str]:
    """An event with a seat taken, a child waiting for a guardian, one who came, and tokens."""
    event = create_event(p, unit=p.unit_a, seats=3)
    services.settings_save(
        actor=actor_for_user(p.admin),
        organisation=p.own,
        guardian_consent_age=13,
        retention_days=30,
        guardian_link_days=7,
        reminder_hours=24,
    )
    came = sign_up(event, user=p.young, needs="Vegetarisk mat").signup
    services.attendance_mark(
        actor=actor_for_user(p.worker), event=event, signup=came, attended=True
    )
    child = sign_up(event, birth_year=event.starts_at.year - 10, guardian_email="g@example.com")
    services.panel_join(
        actor=actor_for_user(p.young),
        organisation=p.own,
        topics=["workshops"],
        frequency="monthly",
        channel="app",
    )
    pending = sign_up(event, confirm=False)
    return {
        "own": str(p.own.pk),
        "event": str(event.pk),
        "slug": event.slug,
        "confirm": pending.confirm_token,
        "cancel": _token(came, SignUpToken.Purpose.CANCEL),
        "guardian": _token(child.signup, SignUpToken.Purpose.GUARDIAN),
        "feedback": _token(came, SignUpToken.Purpose.FEEDBACK),
        "participation": str(Participation.objects.get(user=p.young).pk),
    }


PUBLIC_PAGES = {
    "event-public": "/e/{slug}/",
    "event-confirm": "/e/confirm/{confirm}/",
    "event-cancel": "/e/cancel/{cancel}/",
    "event-guardian": "/e/guardian/{guardian}/",
    "event-feedback": "/e/feedback/{feedback}/",
}
YOUNG_PAGES = {
    "event-history": "/me/events/",
    "event-panel": "/me/panel/{own}/",
    "event-participation-feedback": "/me/events/{participation}/feedback/",
}
STAFF_PAGES: dict[str, tuple[str, str]] = {
    "events-list": ("designer", "/org/{own}/events/"),
    "events-create": ("worker", "/org/{own}/events/new/"),
    "events-detail": ("designer", "/org/{own}/events/{event}/"),
    "events-edit": ("designer", "/org/{own}/events/{event}/edit/"),
    "events-signups": ("worker", "/org/{own}/events/{event}/signups/"),
    "events-recruitment": ("designer", "/org/{own}/panel/"),
    "events-settings": ("admin", "/org/{own}/events/settings/"),
}


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_event_page_passes_axe_on_a_phone(
    name: str, personas: Personas, phone_page: Page
) -> None:
    ids = _world(personas)
    visit(phone_page, PUBLIC_PAGES[name].format(**ids))
    assert_no_axe_violations(phone_page, f"{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


def test_the_invalid_link_page_passes_axe(personas: Personas, phone_page: Page) -> None:
    visit(phone_page, "/e/cancel/not-a-real-token/", status=404)
    assert_no_axe_violations(phone_page, "event-link-invalid-phone")


@pytest.mark.parametrize("name", list(YOUNG_PAGES))
def test_young_persons_event_page_passes_axe_on_a_phone(
    name: str, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    ids = _world(personas)
    log_in(phone_page, personas.young)
    visit(phone_page, YOUNG_PAGES[name].format(**ids))
    assert_no_axe_violations(phone_page, f"{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_event_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    ids = _world(personas)
    persona, path = STAFF_PAGES[name]
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path.format(**ids))
    assert_no_axe_violations(page, f"{name}-{width}")


def test_a_young_person_signs_up_by_keyboard_alone(personas: Personas, phone_page: Page) -> None:
    page = phone_page
    event = create_event(personas, unit=personas.unit_a, seats=5)
    path = f"/e/{event.slug}/"
    visit(page, path)
    screenshot(page, "event-signup-phone")
    skip_to_main(page)
    tab_to(page, "id_name", limit=60)
    page.keyboard.type("Alva")
    tab_to(page, "id_birth_year")
    page.keyboard.type("2009")
    tab_to(page, "id_contact_email")
    page.keyboard.type("alva@example.com")
    tab_to(page, "id_consent_storage")
    page.keyboard.press("Space")
    assert page.locator("#id_consent_storage").is_checked()
    # Tab on to the button and press it (Enter in a text field would send too, but a
    # keyboard user on the last checkbox tabs to the button).
    for _ in range(5):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page)
        if info["tag"] == "button":
            break
    page.keyboard.press("Enter")
    # Post/redirect/get to the receipt: nothing is booked until the link is opened.
    wait_for_path(page, f"{path}signed-up/")
    expect(page.locator("h1")).to_contain_text("Öppna länken")
    expect(page.locator("main")).to_contain_text("Vi har skickat en länk till alva@example.com")
    screenshot(page, "event-awaiting-confirmation-phone")
    assert_no_axe_violations(page, "event-awaiting-confirmation-phone")
    assert Event.objects.get(pk=event.pk).signups.get().status == SignUp.Status.UNCONFIRMED
    link = re.search(r"/e/confirm/[^/\s]+/", mail.outbox[-1].body)
    assert link is not None
    visit(page, link.group(0))
    tab_to(page, "confirm-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Du har en plats")
    screenshot(page, "event-signed-up-phone")
    assert_no_axe_violations(page, "event-signed-up-phone")
    assert SignUp.objects.filter(event=event, name="Alva").count() == 1
    assert Event.objects.get(pk=event.pk).signups.get().status == SignUp.Status.CONFIRMED
