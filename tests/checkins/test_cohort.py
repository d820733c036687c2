"""The check-in measure for project experiments: a mean and a head count, nothing else."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from medskapa.checkins.cohort import cohort_measure
from tests.checkins.helpers import answers, submit
from tests.personas import Personas, make_user


def test_mean_and_people_over_chosen_areas_in_a_unit_and_period(personas: Personas) -> None:
    now = timezone.now()
    other = make_user("another", org=personas.own, role="young_person", unit=personas.unit_a)
    submit(personas.young, personas.own, answers(school=2, friends=4), at=now - timedelta(days=3))
    submit(other, personas.own, answers(school=4, friends=None), at=now - timedelta(days=2))
    submit(personas.young_other, personas.own, answers(school=1), at=now - timedelta(days=2))
    today = timezone.localdate()
    mean, people = cohort_measure(
        personas.own.pk, personas.unit_a.pk, ["school", "friends"], today - timedelta(days=7), today
    )
    assert people == 2  # young_other is in another unit
    assert mean == round((2 + 4 + 4) / 3, 2)


def test_nothing_outside_the_period_or_organisation(personas: Personas) -> None:
    submit(personas.young, personas.own, answers(school=2), at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    assert cohort_measure(personas.own.pk, None, ["school"], today - timedelta(days=7), today) == (
        None,
        0,
    )
    assert cohort_measure(personas.other.pk, personas.unit_a.pk, ["school"], today, today) == (
        None,
        0,
    )
