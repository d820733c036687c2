"""Check-in pages in the browser: every young person's page passes axe in Swedish, English and
Arabic (right to left) at phone width; staff pages at phone and laptop width; a whole check-in
by keyboard alone; and a whole check-in with JavaScript turned off."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import Campaign, CheckIn, CheckInDraft
from tests.checkins.helpers import answers, submit
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
    visit,
    wait_for_path,
)

LANGUAGES = ["sv", "en", "ar"]


def _history(p: Personas) -> None:
    start = timezone.now() - timedelta(days=60)
    for i, home in enumerate([3, 2, 4, None, 4]):
        data = answers(home=home, school=2 + i % 3)
        data["texts"] = {"feel_good": "Min katt"}
        submit(p.young, p.own, data, at=start + timedelta(days=i * 10))


def _alarm_checkin(p: Personas) -> CheckIn:
    data = answers(safety=1)
    data["followups"] = {"safety_hard": ["hurt"]}
    return submit(p.young, p.own, data)


def _campaign(p: Personas, answers_count: int = 6) -> Campaign:
    now = timezone.now()
    campaign = services.campaign_create(
        actor=actor_for_user(p.designer),
        organisation=p.own,
        unit=p.unit_a,
        title="Klass 7B",
        intro="Hur har ni det?",
        areas=["school", "friends"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
    )
    for i in range(answers_count):
        services.campaign_respond(
            campaign=campaign,
            device_token=f"dev-{i:030d}",
            language="sv",
            answers={"areas": {"school": 3 + i % 2, "friends": 4}},
        )
    return campaign


def young_pages(p: Personas) -> dict[str, str]:
    org = p.own.pk
    _history(p)
    done = _alarm_checkin(p)
    services.share_link_create(
        actor=actor_for_user(p.young), organisation=p.own, shared_with="Kurator"
    )
    services.contact_request_create(
        actor=actor_for_user(p.young),
        organisation=p.own,
        urgency="soon",
        channel="app",
        reach_at="",
        message="",
        idempotency_key=uuid.uuid4(),
    )
    draft = services.draft_for(actor=actor_for_user(p.young), organisation=p.own)
    services.draft_answer(actor=actor_for_user(p.young), draft=draft, step="area:home", raw=1)
    return {
        "checkin-start": f"/me/checkin/{org}/",
        "checkin-area": f"/me/checkin/{org}/q/area:home/",
        "checkin-followup": f"/me/checkin/{org}/q/followup:home_hard/",
        "checkin-own-words": f"/me/checkin/{org}/q/text:feel_good/",
        "checkin-review": f"/me/checkin/{org}/send/",
        "checkin-done-alarm": f"/me/checkin/{org}/done/{done.pk}/",
        "checkin-history": f"/me/checkin/{org}/history/",
        "checkin-talk": f"/me/checkin/{org}/talk/",
        "checkin-reminders": f"/me/checkin/{org}/reminders/",
        "checkin-share": f"/me/checkin/{org}/share/",
        "notifications": "/notifications/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_young_persons_check_in_page_passes_axe(
    language: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    pages = young_pages(personas)
    page = new_page(PHONE, language=language)
    log_in(page, personas.young)
    for name, path in pages.items():
        visit(page, path)
        assert page.locator("html").get_attribute("lang") == language
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
        assert_no_axe_violations(page, f"{name}-{language}-phone")


def test_anonymous_campaign_pages_pass_axe(personas: Personas, new_page: OpenPage) -> None:
    campaign = _campaign(personas)
    for language in LANGUAGES:
        page = new_page(PHONE, language=language)
        visit(page, f"/c/{campaign.slug}/")
        assert_no_axe_violations(page, f"campaign-intro-{language}")
        page.get_by_role(
            "link", name={"sv": "Börja", "en": "Begin", "ar": "ابدأ"}[language]
        ).click()
        assert_no_axe_violations(page, f"campaign-question-{language}")
        page.locator("label.face-option").first.click()
        page.locator("form.step-form button[type=submit]").click()
        page.locator("label.face-option").last.click()
        page.locator("form.step-form button[type=submit]").click()
        for _ in range(2):
            page.locator("form.step-form button[type=submit]").click()
        wait_for_path(page, f"/c/{campaign.slug}/send/")
        assert_no_axe_violations(page, f"campaign-review-{language}")
        page.locator("main form button[type=submit]").click()
        wait_for_path(page, f"/c/{campaign.slug}/thanks/")
        assert page.locator(".code-box").inner_text().strip()
        assert_no_axe_violations(page, f"campaign-thanks-{language}")
    page = new_page(PHONE)
    visit(page, "/c/receipt/")
    assert_no_axe_violations(page, "receipt-form")


STAFF_PAGES = {
    "checkin-caseload": ("worker", "/org/{own}/checkins/"),
    "checkin-person": ("worker", "/org/{own}/checkins/people/{young}/"),
    "checkin-flag-rules": ("admin", "/org/{own}/checkins/rules/"),
    "checkin-campaigns": ("designer", "/org/{own}/checkins/campaigns/"),
    "checkin-campaign": ("designer", "/checkins/campaigns/{campaign}/"),
}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_staff_check_in_pages_pass_axe(
    width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    _history(personas)
    _alarm_checkin(personas)
    campaign = _campaign(personas, answers_count=7)
    ids = {"own": personas.own.pk, "young": personas.young.pk, "campaign": campaign.pk}
    for name, (persona, path) in STAFF_PAGES.items():
        page = new_page(PHONE if width == "phone" else DESKTOP)
        log_in(page, getattr(personas, persona))
        visit(page, path.format(**ids))
        assert_no_axe_violations(page, f"{name}-{width}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_worker_sees_alarms_first_in_words_at_phone_and_desktop_width(
    language: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    """Issue 14, finding 1: the alarm section comes before the routine flags, says what it is
    with a heading and an icon with words (not colour alone), and the person page and the
    caseload pass axe in every language at 390 and 1280 px."""
    _history(personas)  # low answers and drops: routine flags, newer than nothing
    _alarm_checkin(personas)
    own, young = personas.own.pk, personas.young.pk
    for viewport, width in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport, language=language)
        log_in(page, personas.worker)
        visit(page, f"/org/{own}/checkins/people/{young}/")
        alarms = page.locator("#alarms-heading")
        routine = page.locator("#flags-heading")
        assert "⚠" in alarms.inner_text() and len(alarms.inner_text().strip()) > 3
        alarm_box, routine_box = alarms.bounding_box(), routine.bounding_box()
        assert alarm_box and routine_box and alarm_box["y"] < routine_box["y"]
        assert page.locator(".flag-alarm form").count() == 1
        assert_no_axe_violations(page, f"checkin-person-alarms-{language}-{width}")
        if width == "phone":
            assert_no_horizontal_scroll(page)
        screenshot(page, f"checkin-person-alarms-{language}-{width}")
        visit(page, f"/org/{own}/checkins/")
        assert page.locator("tbody tr").first.locator(".tag-alarm").count() == 1
        assert_no_axe_violations(page, f"checkin-caseload-alarms-{language}-{width}")


def test_a_whole_check_in_by_keyboard_alone(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    page = new_page(PHONE)
    log_in(page, personas.young)
    visit(page, f"/me/checkin/{personas.own.pk}/q/area:health/")
    for _ in range(14):
        if "/send/" in page.url:
            break
        kind = page.url.rstrip("/").split("/")[-1].split(":")[0]
        if kind == "area":
            for _tab in range(30):  # Tab to the first face; arrow keys move within the group
                page.keyboard.press("Tab")
                info = assert_focus_visible(page)
                if info["id"].startswith("id_score"):
                    break
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        for _tab in range(30):
            page.keyboard.press("Tab")
            info = assert_focus_visible(page)
            if info["tag"] == "button" and info["text"] == "Nästa":
                break
        before = page.url
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url, before=before: url != before)
    wait_for_path(page, f"/me/checkin/{personas.own.pk}/send/")
    screenshot(page, "checkin-keyboard-review")
    for _tab in range(60):
        page.keyboard.press("Tab")
        info = assert_focus_visible(page)
        if info["tag"] == "button" and info["text"] == "Skicka mina svar":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/done/" in url)
    checkin = CheckIn.objects.get(young_person=personas.young)
    assert all(score is not None for score in checkin.answers["areas"].values())


def test_a_whole_check_in_without_javascript(
    personas: Personas, browser: Browser, live_server: LiveServer, log_in: LogIn
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="sv-SE"
    )
    page = context.new_page()
    log_in(page, personas.young)
    page.goto(f"/me/checkin/{personas.own.pk}/")
    page.get_by_role("link", name="Börja").click()
    screenshot(page, "checkin-no-js-question")
    for _ in range(14):
        if "/send/" in page.url:
            break
        if page.locator("label.face-option").count():
            page.locator("label.face-option").nth(1).click()
        page.locator("form.step-form button[type=submit]").click()
    assert "/send/" in page.url
    page.locator("main form button[type=submit]").last.click()
    assert "/done/" in page.url
    assert CheckIn.objects.filter(young_person=personas.young).count() == 1
    assert not CheckInDraft.objects.filter(young_person=personas.young).exists()
    context.close()


def test_the_question_page_at_phone_width(
    personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    log_in(phone_page, personas.young)
    visit(phone_page, f"/me/checkin/{personas.own.pk}/q/area:home/")
    screenshot(phone_page, "checkin-question-phone")
    boxes = phone_page.locator("label.face-option").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert len(boxes) == 6 and min(boxes) >= 44
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
