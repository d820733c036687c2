""" "Who has read my data" passes WCAG 2.1 AA (axe-core) at a phone's width in Swedish and
Arabic (right to left), after a real read; the log reviewers' question list too."""

from __future__ import annotations

import pytest

from tests.mydata.helpers import question_about, read_by
from tests.personas import Personas

from .helpers import (
    DESKTOP,
    PHONE,
    LogIn,
    OpenPage,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    visit,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_young_persons_data_pages_pass_axe_on_a_phone(
    language: str, personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    asked = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question_about(asked, personas.young, personas.own)
    open_read = read_by(personas.admin, personas.young, personas.own, "access-log review")
    page = new_page(PHONE, language=language)
    log_in(page, personas.young)
    for name, path in {
        "mydata-reads": "/me/data/",
        "mydata-ask": f"/me/data/reads/{open_read.pk}/ask/",
    }.items():
        visit(page, path)
        assert page.locator("html").get_attribute("lang") == language
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
        assert_no_axe_violations(page, f"{name}-{language}-phone")
        assert_no_horizontal_scroll(page)


def test_the_reviewers_question_list_passes_axe(
    personas: Personas, new_page: OpenPage, log_in: LogIn
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question_about(event, personas.young, personas.own)
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport)
        log_in(page, personas.admin)
        visit(page, f"/audit/{personas.own.pk}/questions/")
        assert_no_axe_violations(page, f"mydata-questions-{label}")
