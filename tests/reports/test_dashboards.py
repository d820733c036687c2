"""The well-being dashboard: figures on small fixed data, small groups hidden (also through
the totals), who may see which units, and the page, filters and CSV."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.reports import dashboards
from tests.personas import Personas

from .helpers import at, people, refresh, score

MARCH = date(2026, 3, 1)
AREAS = [("school", "Skola"), ("home", "Hemma")]


@pytest.fixture
def data(personas: Personas) -> Personas:
    """March 2026, school: in unit_a_child five say 3 and five say 5; in unit_a2 three say 1.
    February: the same ten in unit_a_child all say 2."""
    p = personas
    crowd = people(13)
    for i, person in enumerate(crowd[:10]):
        score(p.own, person, at(2026, 3), value=3 if i < 5 else 5, unit=p.unit_a_child)
        score(p.own, person, at(2026, 2), value=2, unit=p.unit_a_child)
    for person in crowd[10:]:
        score(p.own, person, at(2026, 3), value=1, unit=p.unit_a2, band="16-17")
    score(p.other, p.outsider_young, at(2026, 3), value=1, unit=p.unit_b)
    refresh(p.own)
    refresh(p.other)
    return p


def _board(p: Personas, user: object, **filters: object) -> dashboards.Dashboard:
    chosen = {"start": MARCH, "end": MARCH, "area": "school", **filters}
    return dashboards.build(
        actor_for_user(user),
        p.own,
        dashboards.Filters(**chosen),
        AREAS,  # type: ignore[arg-type]
    )


def test_a_designer_sees_the_whole_organisation_with_the_small_group_hidden_twice(
    data: Personas,
) -> None:
    board = _board(data, data.designer)
    school = board.areas[0].line
    # 1: 3 people (hidden), 3: 5, 5: 5 — one more cell is hidden so 3 is not 13 − 5 − 5.
    assert school.total == 13
    assert school.cells == [None, 0, None, 0, 5, 0]
    assert school.summary is None  # a mean would be one more equation


def test_a_unit_manager_sees_only_their_units_and_gets_the_mean_with_its_interval(
    data: Personas,
) -> None:
    board = _board(data, data.manager)
    school = board.areas[0].line
    assert school.cells == [0, 0, 5, 0, 5, 0] and school.total == 10
    assert school.summary is not None and school.summary.mean == pytest.approx(4.0)
    assert school.summary.low < 4.0 < school.summary.high
    by_unit = next(b for b in board.breakdowns if b.key == "unit")
    assert [r.label for r in by_unit.rows] == ["Barn och unga"]


def test_tables_on_one_page_hide_the_same_totals(data: Personas) -> None:
    board = _board(data, data.designer)
    line = board.areas[0].line
    for table in board.breakdowns:
        assert table.totals.cells == line.cells and table.totals.total == line.total
        for row in table.rows:
            if any(c is not None and 0 < c < 5 for c in row.cells):
                pytest.fail(f"a small group is shown in {table.key}: {row}")


def test_months_count_each_person_once_and_show_a_trend_in_words(data: Personas) -> None:
    board = _board(data, data.manager, start=date(2026, 2, 1))
    months = board.areas[0].months
    assert [m.n for m in months] == [10, 10]
    assert months[0].summary is not None and months[0].summary.mean == pytest.approx(2.0)
    assert board.areas[0].trend.direction == "up"
    assert board.areas[0].trend_words == str(dashboards.TREND_WORDS["up"])


def test_an_age_band_filter_narrows_the_figures(data: Personas) -> None:
    board = _board(data, data.designer, age_band="16-17")
    assert board.areas[0].line.total is None  # 3 people: too few to show even the total


def test_a_worker_and_an_org_admin_do_not_see_the_dashboard(
    data: Personas, client_for: object
) -> None:
    url = f"/org/{data.own.pk}/reports/"
    for user in (data.worker, data.admin, data.young, data.outsider_manager):
        assert client_for(user).get(url).status_code == 404  # type: ignore[operator]
    assert AuditEvent.objects.filter(action="denied").exists()


def test_the_dashboard_page_shows_charts_tables_and_filters(
    data: Personas, client_for: object
) -> None:
    client: Client = client_for(data.manager)  # type: ignore[operator]
    response = client.get(
        f"/org/{data.own.pk}/reports/", {"start": "2026-02", "end": "2026-03", "area": "school"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "Barn och unga" in html and "Ungdomsmottagningen" not in html
    assert "<table" in html


def test_bad_filter_input_gives_a_message_not_an_error(data: Personas, client_for: object) -> None:
    client: Client = client_for(data.designer)  # type: ignore[operator]
    for query in ({"start": "2026-13"}, {"start": "x" * 300}, {"unit": "nope"}, {"end": "1999-01"}):
        response = client.get(f"/org/{data.own.pk}/reports/", query)
        assert response.status_code == 200, query
        assert 'role="alert"' in response.content.decode()


def test_a_csv_export_hides_the_same_cells_and_is_audited(
    data: Personas, client_for: object
) -> None:
    client: Client = client_for(data.designer)  # type: ignore[operator]
    response = client.get(
        f"/org/{data.own.pk}/reports/csv/areas/",
        {"start": "2026-03", "end": "2026-03"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    school = next(line for line in text.splitlines() if line.startswith("Skola"))
    hidden = "färre än 5 eller dolt"
    assert school.split(",")[1:7] == [hidden, "0", hidden, "0", "5", "0"]
    assert AuditEvent.objects.filter(action="export", object_type="reports.dashboard").exists()
    assert client.get(f"/org/{data.own.pk}/reports/csv/nope/").status_code == 404


def test_the_api_gives_the_same_suppressed_tables(data: Personas, client_for: object) -> None:
    client: Client = client_for(data.designer)  # type: ignore[operator]
    url = f"/api/v1/reports/{data.own.pk}/wellbeing"
    response = client.get(url, {"start": "2026-03", "end": "2026-03"})
    assert response.status_code == 200
    areas = next(t for t in response.json() if t["key"] == "areas")
    school = next(r for r in areas["rows"] if r[0] == "Skola")
    hidden = school[1]
    assert not hidden.isdigit()
    assert school[1:7] == [hidden, "0", hidden, "0", "5", "0"]
    assert client.get(url, {"start": "nope"}).status_code == 422
    assert client_for(data.worker).get(url).status_code == 404  # type: ignore[operator]
    assert client_for(data.outsider_designer).get(url).status_code == 404  # type: ignore[operator]
