"""Feedback coverage: how much of what young people said got an answer, and how fast.

Pure arithmetic on plain values (no database), so the maths is tested on fixed data:

- ``share``: contributions with feedback / all contributions (None when there are none);
- ``median_days``: the median of whole days from a contribution's day to its first feedback's
  day, over the contributions that got feedback (the mean of the two middle values for an even
  count; None when none got feedback);
- ``waiting``: contributions without feedback older than ``WAITING_DAYS`` days, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from medskapa.web.registries.contributions import Contribution

WAITING_DAYS = 90


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def days_between(start: datetime, end: datetime) -> int:
    """Whole calendar days (local time) from ``start`` to ``end``, never negative."""
    first = timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    last = timezone.localtime(end).date() if timezone.is_aware(end) else end.date()
    return max((last - first).days, 0)


@dataclass(frozen=True)
class Coverage:
    total: int
    answered: int
    median_days: float | None
    waiting: list[Contribution] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.answered / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


def compute(
    contributions: Iterable[Contribution],
    first_feedback: Mapping[str, datetime],
    now: datetime,
    *,
    waiting_days: int = WAITING_DAYS,
) -> Coverage:
    """``first_feedback`` maps a contribution key to when it first got feedback."""
    counted = [c for c in contributions if c.counts]
    days: list[float] = []
    waiting: list[Contribution] = []
    for contribution in counted:
        answered_at = first_feedback.get(contribution.key)
        if answered_at is not None:
            days.append(float(days_between(contribution.created_at, answered_at)))
        elif days_between(contribution.created_at, now) > waiting_days:
            waiting.append(contribution)
    waiting.sort(key=lambda c: (c.created_at, c.key))
    return Coverage(
        total=len(counted), answered=len(days), median_days=median(days), waiting=waiting
    )
