"""Flags by the organisation's rules: alarm answers, low scores, a drop from the usual level."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from medskapa.checkins.models import Flag, FlagRules
from tests.checkins.helpers import answers, submit
from tests.personas import Personas


def _kinds(checkin: object) -> set[tuple[str, str]]:
    return {(f.kind, f.area) for f in Flag.objects.filter(checkin=checkin)}


def test_a_score_of_two_or_less_raises_a_low_flag(personas: Personas) -> None:
    checkin = submit(personas.young, personas.own, answers(school=2, home=3))
    assert _kinds(checkin) == {("low", "school")}


def test_no_flag_when_every_area_is_above_the_threshold(personas: Personas) -> None:
    assert _kinds(submit(personas.young, personas.own, answers())) == set()


def test_a_drop_of_two_steps_from_the_running_median_raises_a_drop_flag(personas: Personas) -> None:
    start = timezone.now() - timedelta(days=30)
    for day, score in enumerate([5, 4, 5]):
        submit(personas.young, personas.own, answers(friends=score), at=start + timedelta(days=day))
    checkin = submit(personas.young, personas.own, answers(friends=3))
    assert _kinds(checkin) == {("drop", "friends")}
    assert Flag.objects.get(checkin=checkin).detail == "5→3"


def test_a_drop_needs_at_least_two_earlier_answers(personas: Personas) -> None:
    submit(personas.young, personas.own, answers(friends=5), at=timezone.now() - timedelta(days=3))
    assert _kinds(submit(personas.young, personas.own, answers(friends=3))) == set()


def test_skipped_answers_do_not_count_towards_the_usual_level(personas: Personas) -> None:
    start = timezone.now() - timedelta(days=30)
    for day, score in enumerate([None, None, 4, 4]):
        submit(personas.young, personas.own, answers(friends=score), at=start + timedelta(days=day))
    assert _kinds(submit(personas.young, personas.own, answers(friends=3))) == set()


def test_an_organisation_can_turn_off_low_and_drop_flags_but_never_alarms(
    personas: Personas,
) -> None:
    FlagRules.objects.create(organisation=personas.own, low_enabled=False, drop_enabled=False)
    data = answers(safety=1)
    data["followups"] = {"safety_hard": ["threatened"]}
    checkin = submit(personas.young, personas.own, data)
    assert _kinds(checkin) == {("alarm", "safety")}


def test_an_organisation_sets_its_own_low_threshold(personas: Personas) -> None:
    FlagRules.objects.create(organisation=personas.own, low_at_most=3, drop_enabled=False)
    assert _kinds(submit(personas.young, personas.own, answers(school=3))) == {("low", "school")}


def test_storing_a_check_in_takes_a_bounded_number_of_queries(
    personas: Personas,
    django_assert_max_num_queries,
    monkeypatch,
    django_capture_on_commit_callbacks,
) -> None:
    """Guards the request's share of the work (the load benchmark's budget), not its time:
    grants, the layer's check and one insert (the current questions come from the shared
    cache, warmed by any earlier read of them); the rest is the processor's."""
    from medskapa.checkins import processing, services

    monkeypatch.setattr(processing, "schedule", lambda organisation_id: None)
    with django_capture_on_commit_callbacks(execute=True):  # the questions' read commits
        services.current_graph_version(personas.own).load()
    with django_assert_max_num_queries(5):
        submit(personas.young, personas.own, answers(school=1))


def test_processing_a_batch_takes_the_same_queries_however_large(
    personas: Personas, django_assert_max_num_queries, monkeypatch
) -> None:
    """Hundreds of check-ins cost one turn of the audit lock, not one each."""
    from medskapa.checkins import processing

    monkeypatch.setattr(processing, "schedule", lambda organisation_id: None)
    start = timezone.now() - timedelta(days=30)
    for day in range(3):
        submit(personas.young, personas.own, answers(), at=start + timedelta(days=day))
    processing.process_submitted(personas.own.pk)
    for day in range(3, 30):
        submit(
            personas.young,
            personas.own,
            answers(school=1 + day % 5),
            at=start + timedelta(days=day),
        )
    # SQLite splits the 216 area scores into two inserts (its limit on query parameters). The
    # audit append reads the people's pseudonyms once per batch (one query, however large).
    with django_assert_max_num_queries(19):
        assert processing.process_submitted(personas.own.pk) == 27
    assert Flag.objects.filter(kind="low", area="school").count() == 10
