"""Domain apps add start-page panels without the core shell importing them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medskapa.organisations.roles import Role
from medskapa.web import panels
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkin_panel(tmp_path, settings):  # type: ignore[no-untyped-def]
    (tmp_path / "panel.html").write_text("<section><h2>{{ panel.title }}</h2></section>")
    engine = settings.TEMPLATES[0]
    # A new value (not an edit in place), so Django rebuilds its template engines.
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    panel = panels.StartPanel(
        key="test-checkins",
        template="panel.html",
        roles=frozenset({Role.YOUNG_PERSON}),
        context=lambda request: {"title": f"Hur mår du, {request.user}?"},
    )
    panels.register(panel)
    yield panel
    panels._PANELS.pop(panel.key)


def test_a_registered_panel_shows_on_the_start_page_of_its_roles_only(
    personas: Personas, client_for, checkin_panel: panels.StartPanel
) -> None:
    young = client_for(personas.young).get(reverse("web:start")).content.decode()
    assert "Hur mår du, Young?" in young
    staff = client_for(personas.worker).get(reverse("web:start")).content.decode()
    assert "Hur mår du" not in staff
