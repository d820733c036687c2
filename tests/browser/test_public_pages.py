"""Every page a visitor reaches without logging in passes WCAG 2.1 AA (axe-core) at a phone's
width, in Swedish (the default) and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from medskapa.access.actor import actor_for_user
from medskapa.organisations.services import (
    young_person_invite_create,
    young_person_password_code_create,
)
from tests.personas import Personas

from .helpers import PHONE, OpenPage, assert_no_axe_violations, visit

# name -> (path, expected HTTP status); "{code}" is a fresh young person's invite code.
PUBLIC_PAGES = {
    "landing": ("/", 200),
    "login": ("/accounts/login/", 200),
    "password-reset": ("/accounts/password/reset/", 200),
    "join": ("/join/", 200),
    "join-with-code": ("/join/{code}/", 200),
    "join-new-password": ("/join/{password_code}/", 200),
    "join-with-unknown-code": ("/join/NOSUCHCODE/", 404),
    "accessibility": ("/accessibility/", 200),
    "accessibility-of-organisation": ("/o/egen/accessibility/", 200),
    "privacy": ("/privacy/", 200),
    "not-found": ("/no-such-page/", 404),
}


def invite_code(personas: Personas) -> str:
    issued = young_person_invite_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        unit=personas.unit_a_child,
        display_name="Alva",
    )
    return issued.secret


def public_path(name: str, personas: Personas) -> tuple[str, int]:
    """The page's path with fresh codes filled in, and the status it should answer with."""
    path, status = PUBLIC_PAGES[name]
    if "{code}" in path:
        path = path.format(code=invite_code(personas))
    if "{password_code}" in path:
        issued = young_person_password_code_create(
            actor=actor_for_user(personas.worker),
            organisation=personas.own,
            young_person=personas.young,
        )
        path = path.format(password_code=issued.secret)
    return path, status


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page_passes_axe_at_phone_width(
    name: str, language: str, personas: Personas, new_page: OpenPage
) -> None:
    path, status = public_path(name, personas)
    # Swedish is what a Swedish phone gets by default; English is chosen with the cookie.
    page = new_page(PHONE, language=None if language == "sv" else language)
    visit(page, path, status=status)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page, f"public-{name}-{language}-phone")


def test_axe_helper_fails_and_names_a_known_violation(personas: Personas, phone_page: Page) -> None:
    """The check itself works: an image without a text alternative is reported by id."""
    visit(phone_page, "/")
    phone_page.evaluate(
        "() => document.querySelector('main').append(Object.assign("
        "document.createElement('img'), {src: '/static/medskapa/none.png'}))"
    )
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \[critical\]"):
        assert_no_axe_violations(phone_page, "axe-self-test")
