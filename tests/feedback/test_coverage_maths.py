"""Feedback coverage maths on fixed data: share, median days (odd, even, none), waiting list."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from medskapa.feedback.coverage import compute, days_between, median
from medskapa.web.registries.contributions import Contribution

TZ = timezone.get_fixed_timezone(60)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=TZ)


def _c(key: str, days_ago: int, *, counts: bool = True) -> Contribution:
    return Contribution(
        key=key,
        organisation_id=uuid.UUID(int=1),
        created_at=NOW - timedelta(days=days_ago),
        unit_path="a/",
        recipient=None,
        counts=counts,
    )


def test_median_of_an_odd_count_is_the_middle_value() -> None:
    assert median([9.0, 1.0, 4.0]) == 4.0


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values() -> None:
    assert median([10.0, 2.0, 4.0, 7.0]) == 5.5


def test_median_of_nothing_is_none() -> None:
    assert median([]) is None


def test_days_are_whole_calendar_days_and_never_negative() -> None:
    start = datetime(2026, 1, 1, 23, 30, tzinfo=TZ)
    assert days_between(start, datetime(2026, 1, 2, 0, 10, tzinfo=TZ)) == 1
    assert days_between(start, start - timedelta(days=3)) == 0


def test_share_median_and_waiting_on_fixed_data() -> None:
    contributions = [
        _c("a", 200),  # answered after 10 days
        _c("b", 150),  # answered after 30 days
        _c("c", 120),  # waiting 120 days
        _c("d", 91),  # waiting 91 days
        _c("e", 90),  # 90 days: not yet "more than 90"
        _c("f", 5),  # new
    ]
    first = {
        "a": NOW - timedelta(days=190),
        "b": NOW - timedelta(days=120),
    }
    result = compute(contributions, first, NOW)
    assert result.total == 6
    assert result.answered == 2
    assert result.share == 2 / 6
    assert result.percent == 33
    assert result.median_days == 20.0  # (10 + 30) / 2
    assert [c.key for c in result.waiting] == ["c", "d"]


def test_no_feedback_at_all_gives_no_median_and_zero_share() -> None:
    result = compute([_c("a", 100), _c("b", 3)], {}, NOW)
    assert (result.total, result.answered, result.share, result.median_days) == (2, 0, 0.0, None)
    assert [c.key for c in result.waiting] == ["a"]


def test_no_contributions_gives_no_share() -> None:
    result = compute([], {}, NOW)
    assert result.share is None and result.percent is None and result.median_days is None


def test_audience_only_rows_are_not_counted() -> None:
    result = compute([_c("a", 10), _c("p", 200, counts=False)], {"a": NOW}, NOW)
    assert (result.total, result.answered, result.median_days, result.waiting) == (1, 1, 10.0, [])


def test_odd_count_of_answered_contributions_gives_the_middle_delay() -> None:
    contributions = [_c("a", 50), _c("b", 40), _c("c", 30)]
    first = {"a": NOW - timedelta(days=49), "b": NOW - timedelta(days=33), "c": NOW}
    assert compute(contributions, first, NOW).median_days == 7.0  # delays 1, 7, 30
