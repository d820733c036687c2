"""Projects pages pass WCAG 2.1 AA (axe-core) in Swedish: staff pages at a phone's and a
laptop's width, the young person's and the public pages at a phone's width; and a journey-map
card is moved with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from medskapa.access.actor import actor_for_user
from medskapa.projects import services
from medskapa.projects.models import JourneyCard, Lane
from tests.personas import Personas
from tests.projects.conftest import join, make_decision, make_goal, make_project, make_prototype

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
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


def _world(p: Personas) -> dict[str, str]:
    project = make_project(p, unit=p.unit_a, description="Vi gör första mötet tryggare.")
    goal = make_goal(project)
    for i in range(6):
        services.reaction_save_by_device(
            goal_image=goal,
            choice="agree" if i < 5 else "unsure",
            comment="Ja",
            device_hash=f"d{i}",
        )
    prototype = make_prototype(project, open_for_rating=True, for_young_people="Ett sms.")
    decision = make_decision(project)
    designer = actor_for_user(p.designer)
    services.link_add(
        actor=designer,
        project=project,
        source_type="decision",
        source_id=decision.pk,
        target_kind="projects.goal_image",
        target_id=goal.pk,
    )
    activity = services.activity_start(
        actor=designer, project=project, card="journey_map", title="Första mötet"
    )
    journey = project.journey_maps.get(pk=activity.result_id)
    stage = journey.stages.first()
    assert stage is not None
    services.stage_update(actor=designer, project=project, stage=stage, name=stage.name, feeling=-1)
    card = services.card_add(
        actor=designer,
        project=project,
        journey=journey,
        stage=stage,
        lane="doing",
        text="Läser brevet",
    )
    join(project, p.young)
    services.campaign_set(actor=designer, project=project, open_=True)
    project.refresh_from_db()
    return {
        "own": str(p.own.pk),
        "p": str(project.pk),
        "goal": str(goal.pk),
        "proto": str(prototype.pk),
        "dec": str(decision.pk),
        "map": str(journey.pk),
        "card": str(card.pk),
        "slug": str(project.campaign_slug),
    }


STAFF_PAGES: dict[str, tuple[str, str]] = {
    "projects-list": ("designer", "/org/{own}/projects/"),
    "projects-create": ("manager", "/org/{own}/projects/new/"),
    "projects-detail": ("designer", "/org/{own}/projects/{p}/"),
    "projects-edit": ("designer", "/org/{own}/projects/{p}/edit/"),
    "projects-phases": ("designer", "/org/{own}/projects/{p}/phases/"),
    "projects-library": ("designer", "/org/{own}/projects/{p}/library/"),
    "projects-card": ("designer", "/org/{own}/projects/{p}/library/user_test/"),
    "projects-cocreators": ("worker", "/org/{own}/projects/{p}/cocreators/"),
    "projects-goals": ("designer", "/org/{own}/projects/{p}/goals/"),
    "projects-goal": ("designer", "/org/{own}/projects/{p}/goals/{goal}/"),
    "projects-prototypes": ("designer", "/org/{own}/projects/{p}/prototypes/"),
    "projects-prototype": ("designer", "/org/{own}/projects/{p}/prototypes/{proto}/"),
    "projects-prototype-edit": ("designer", "/org/{own}/projects/{p}/prototypes/{proto}/edit/"),
    "projects-decisions": ("designer", "/org/{own}/projects/{p}/decisions/"),
    "projects-decision": ("designer", "/org/{own}/projects/{p}/decisions/{dec}/"),
    "projects-links": (
        "designer",
        "/org/{own}/projects/{p}/links/decision/{dec}/?show=projects.goal_image",
    ),
    "projects-map": ("designer", "/org/{own}/projects/{p}/maps/{map}/"),
}
YOUNG_PAGES = {
    "projects-mine": "/me/projects/",
    "projects-join": "/me/projects/join/",
    "projects-mine-detail": "/me/projects/{p}/",
    "projects-mine-goal": "/me/projects/{p}/goals/{goal}/",
    "projects-mine-prototype": "/me/projects/{p}/prototypes/{proto}/",
}
PUBLIC_PAGES = {
    "projects-campaign": "/malbild/{slug}/",
    "projects-campaign-goal": "/malbild/{slug}/{goal}/",
}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_project_page_passes_axe(
    name: str, width: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    ids = _world(personas)
    persona, path = STAFF_PAGES[name]
    if persona == "worker":
        services.team_set(
            actor=actor_for_user(personas.designer),
            project=personas.own.projects.get(pk=ids["p"]),
            members=[personas.worker],
        )
    page = new_page(WIDTHS[width])
    log_in(page, getattr(personas, persona))
    visit(page, path.format(**ids))
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_no_axe_violations(page, f"{name}-{width}")


@pytest.mark.parametrize("name", list(YOUNG_PAGES))
def test_young_persons_project_page_passes_axe_on_a_phone(
    name: str, personas: Personas, phone_page: Page, log_in: LogIn
) -> None:
    ids = _world(personas)
    log_in(phone_page, personas.young)
    visit(phone_page, YOUNG_PAGES[name].format(**ids))
    assert_no_axe_violations(phone_page, f"{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_goal_image_page_passes_axe_on_a_phone(
    name: str, personas: Personas, phone_page: Page
) -> None:
    ids = _world(personas)
    visit(phone_page, PUBLIC_PAGES[name].format(**ids))
    assert_no_axe_violations(phone_page, f"{name}-phone")
    assert_no_horizontal_scroll(phone_page)
    assert small_touch_targets(phone_page) == []


def test_a_journey_map_card_is_moved_by_keyboard_alone(
    personas: Personas, desktop_page: Page, log_in: LogIn
) -> None:
    ids = _world(personas)
    page = desktop_page
    log_in(page, personas.designer)
    path = "/org/{own}/projects/{p}/maps/{map}/".format(**ids)
    visit(page, path)
    skip_to_main(page)
    tab_to(page, f"move-right-{ids['card']}", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_path(page, path)
    expect(page.locator(".messages")).to_contain_text("Kortet")
    card = JourneyCard.objects.get(pk=ids["card"])
    assert card.stage.order == 1
    visit(page, path)
    skip_to_main(page)
    tab_to(page, f"move-down-{ids['card']}", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_path(page, path)
    card.refresh_from_db()
    assert card.lane == Lane.THINKING
    screenshot(page, "projects-map-after-keyboard-move")
    assert_no_axe_violations(page, "projects-map-after-move-desktop")
