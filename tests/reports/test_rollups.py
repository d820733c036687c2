"""Rollups agree with the raw rows: fixed data, and hypothesis-generated data compared with a
plain GROUP BY over the raw rows (latest answer per person, month and area)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.checkins.models import AreaScore
from medskapa.reports.models import RollupState, ScoreRollup
from tests.personas import Personas

from .helpers import at, people, refresh, score


def _rollup(org: object) -> Counter[tuple[object, ...]]:
    return Counter(
        {
            (r.month, r.unit_path, r.age_band, r.area, r.campaign_id, r.score): r.n
            for r in ScoreRollup.objects.filter(organisation=org)
        }
    )


def _naive(org: object) -> Counter[tuple[object, ...]]:
    """The same figures straight from the raw rows, in Python."""
    latest: dict[tuple[object, ...], AreaScore] = {}
    for row in AreaScore.objects.filter(organisation=org).order_by("submitted_at", "id"):
        local = row.submitted_at.astimezone(at(2026, 1).tzinfo)
        month = local.date().replace(day=1)
        person = row.young_person_id or row.campaign_response_id
        latest[(person, row.area, month)] = row
    counts: Counter[tuple[object, ...]] = Counter()
    for (_person, _area, month), row in latest.items():
        counts[(month, row.unit_path, row.age_band, row.area, None, row.score)] += 1
    return counts


def test_a_person_counts_once_per_month_and_area_with_their_latest_answer(
    personas: Personas,
) -> None:
    p = personas
    score(p.own, p.young, at(2026, 3, 2), value=1, unit=p.unit_a)
    score(p.own, p.young, at(2026, 3, 20), value=4, unit=p.unit_a)
    score(p.own, p.young, at(2026, 4, 2), value=2, unit=p.unit_a)
    refresh(p.own, full=True)
    rows = {(r.month.month, r.score): r.n for r in ScoreRollup.objects.filter(organisation=p.own)}
    assert rows == {(3, 4): 1, (4, 2): 1}


def test_months_follow_swedish_time_not_utc(personas: Personas) -> None:
    # 00:30 on 1 April in Stockholm is still 31 March in UTC.
    score(personas.own, personas.young, at(2026, 4, 1, 0).replace(minute=30))
    refresh(personas.own, full=True)
    assert ScoreRollup.objects.get().month.month == 4


def test_an_incremental_refresh_adds_new_rows_and_a_late_old_row_lands_in_its_month(
    personas: Personas,
) -> None:
    p = personas
    [a, b] = people(2)
    score(p.own, a, at(2026, 1), value=3)
    refresh(p.own)
    assert RollupState.objects.get(organisation=p.own).last_score_id > 0
    score(p.own, b, at(2026, 1), value=5)  # sent late, from a phone that was offline
    refresh(p.own)
    assert _rollup(p.own) == _naive(p.own)
    refresh(p.own)  # running again changes nothing
    assert _rollup(p.own) == _naive(p.own)


def test_the_management_command_refreshes_every_organisation(personas: Personas) -> None:
    score(personas.own, personas.young, at(2026, 2))
    score(personas.other, personas.outsider_young, at(2026, 2))
    call_command("refresh_report_rollups", "--full")
    assert ScoreRollup.objects.filter(organisation=personas.own).count() == 1
    assert ScoreRollup.objects.filter(organisation=personas.other).count() == 1


def test_the_refresh_task_refreshes_one_organisation(personas: Personas) -> None:
    from medskapa.reports.tasks import refresh_rollups

    score(personas.own, personas.young, at(2026, 2))
    refresh_rollups.enqueue(organisation_id=str(personas.own.pk))
    assert ScoreRollup.objects.filter(organisation=personas.own).count() == 1


Answer = tuple[int, int, str, int | None, str, str]
answers = st.lists(
    st.tuples(
        st.integers(0, 5),  # person
        st.integers(0, 70),  # day offset
        st.sampled_from(["school", "home"]),
        st.sampled_from([1, 2, 3, 4, 5, None]),
        st.sampled_from(["unit_a", "unit_a_child", "unit_a2"]),
        st.sampled_from(["8-12", "13-15", ""]),
    ),
    max_size=25,
)


@pytest.mark.django_db
@given(first=answers, later=answers)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_property_rollups_equal_a_group_by_over_the_raw_rows(
    personas: Personas, first: list[Answer], later: list[Answer]
) -> None:
    p = personas
    savepoint = transaction.savepoint()
    try:
        crowd = people(6, prefix=f"h{uuid.uuid4().hex[:8]}")
        start = at(2026, 1, 1, 8)

        def add(batch: list[Answer]) -> None:
            for person, day, area, value, unit, band in batch:
                score(
                    p.own,
                    crowd[person],
                    start + timedelta(days=day, hours=person),
                    area=area,
                    value=value,
                    unit=getattr(p, unit),
                    band=band,
                )

        add(first)
        refresh(p.own)
        add(later)
        refresh(p.own)
        assert _rollup(p.own) == _naive(p.own)
    finally:
        transaction.savepoint_rollback(savepoint)


def test_a_row_committed_late_below_the_mark_is_still_folded_in(personas: Personas) -> None:
    p = personas
    [a, b, c] = people(3)
    score(p.own, a, at(2026, 1), value=3)
    late = score(p.own, b, at(2026, 1), value=4)
    score(p.own, c, at(2026, 1), value=5)
    late_id = late.pk
    late.delete()  # as if its transaction had not committed yet
    refresh(p.own)
    AreaScore.objects.create(
        id=late_id,
        organisation=p.own,
        young_person=b,
        area="school",
        score=4,
        age_band="13-15",
        submitted_at=at(2026, 1),
    )
    refresh(p.own)
    assert _rollup(p.own) == _naive(p.own)


def test_a_refresh_with_nothing_new_rebuilds_nothing(personas: Personas) -> None:
    score(personas.own, personas.young, at(2026, 1))
    assert refresh(personas.own) == 1
    assert refresh(personas.own) == 0
