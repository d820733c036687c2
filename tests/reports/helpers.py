"""Shared by the reports tests: AreaScore rows written directly (fast, exact control of unit,
age band and time), and the rollups refreshed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from medskapa.accounts.models import User
from medskapa.checkins.models import AreaScore
from medskapa.organisations.models import Organisation, Unit
from medskapa.reports import rollups

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int = 10, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def score(
    org: Organisation,
    person: User | None,
    when: datetime,
    *,
    area: str = "school",
    value: int | None = 3,
    unit: Unit | None = None,
    band: str = "13-15",
) -> AreaScore:
    return AreaScore.objects.create(
        organisation=org,
        young_person=person,
        unit_path=unit.path if unit else "",
        age_band=band,
        area=area,
        score=value,
        submitted_at=when,
    )


def people(n: int, prefix: str = "ung") -> list[User]:
    return [
        User.objects.create(username=f"{prefix}{i}", display_name=f"{prefix}{i}") for i in range(n)
    ]


def refresh(org: Organisation, *, full: bool = False) -> int:
    return rollups.refresh_organisation(org, full=full)
