"""Feedback pages pass WCAG 2.1 AA (axe-core): the young person's inbox and message at a
phone's width (44 px targets, no sideways scrolling), staff pages at a phone's and a laptop's
width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from medskapa.access.actor import actor_for_user
from medskapa.feedback import services
from medskapa.feedback.models import FeedbackDelivery
from tests.feedback.helpers import campaign, guide, message, register_hooks, respond, share
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    small_touch_targets,
    visit,
)

pytestmark = pytest.mark.browser
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def _world(p: Personas) -> dict[str, str]:
    register_hooks()
    g = guide(p.own)
    share(p.young, p.own, g)
    published = message(p, "conversations.guide", g.pk)
    services.message_publish_request(actor=actor_for_user(p.designer), message=published)
    c = campaign(p)
    respond(c)
    draft = message(
        p, "checkins.campaign", c.pk, title="Mer tid för rast", body="Ni sa – vi gjorde."
    )
    delivery = FeedbackDelivery.objects.get(message=published, recipient=p.young)
    return {
        "own": str(p.own.pk),
        "published": str(published.pk),
        "draft": str(draft.pk),
        "delivery": str(delivery.pk),
        "campaign": str(c.pk),
    }


YOUNG_PAGES = {
    "feedback-inbox": "/me/feedback/",
    "feedback-message": "/me/feedback/{delivery}/",
}
STAFF_PAGES = {
    "feedback-list": "/org/{own}/feedback/",
    "feedback-create": "/org/{own}/feedback/new/",
    "feedback-detail-draft": "/org/{own}/feedback/{draft}/",
    "feedback-detail-published": "/org/{own}/feedback/{published}/",
    "feedback-edit": "/org/{own}/feedback/{draft}/edit/",
    "feedback-coverage": "/org/{own}/feedback/coverage/",
    "feedback-coverage-campaign": (
        "/org/{own}/feedback/coverage/?target=checkins.campaign:{campaign}"
    ),
}


@pytest.mark.parametrize("name", list(YOUNG_PAGES))
def test_young_persons_feedback_page_passes_axe_on_a_phone(
    name: str, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    ids = _world(personas)
    log_in(phone_page, personas.young)
    visit(phone_page, YOUNG_PAGES[name].format(**ids))
    assert_no_axe_violations(phone_page, f"{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


def test_empty_inbox_passes_axe_on_a_phone(
    personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    log_in(phone_page, personas.young_other)
    visit(phone_page, "/me/feedback/")
    assert_no_axe_violations(phone_page, "feedback-inbox-empty-phone")
    assert small_touch_targets(phone_page) == []


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_feedback_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    ids = _world(personas)
    page = new_page(WIDTHS[width])
    log_in(page, personas.designer)
    visit(page, STAFF_PAGES[name].format(**ids))
    assert_no_axe_violations(page, f"{name}-{width}")
