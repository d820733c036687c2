"""A check-in is stored first and processed after: area scores, flags, the worker's note and
the audit row are derived in batches, once, whatever fails or runs twice."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.audit.verify import verify_all
from medskapa.checkins import processing, services
from medskapa.checkins.models import AreaScore, CheckIn, CheckInDraft, Flag, FlagRules
from medskapa.checkins.tasks import process_checkins
from medskapa.web.models import Notification
from tests.checkins.helpers import answers, submit
from tests.personas import Personas

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings):  # type: ignore[no-untyped-def]
    """A worker backend that only records what was queued: nothing runs until we say so."""
    settings.TASKS = DUMMY
    backend = process_checkins.get_backend()
    backend.clear()
    return backend


@pytest.fixture
def send(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Submit as a request does: jobs are queued once the check-in has committed."""

    def send(*args: Any, **kwargs: Any) -> CheckIn:
        with django_capture_on_commit_callbacks(execute=True):
            return submit(*args, **kwargs)

    return send


def _creates(checkin: CheckIn) -> int:
    return AuditEvent.objects.filter(
        object_type="checkins.checkin", object_id=str(checkin.pk), action="create"
    ).count()


def test_with_a_worker_backend_the_check_in_is_stored_before_anything_is_derived(
    personas: Personas, queued, send
) -> None:
    checkin = send(personas.young, personas.own, answers(school=1))
    assert CheckIn.objects.filter(pk=checkin.pk, processed_at__isnull=True).exists()
    assert not AreaScore.objects.filter(checkin=checkin).exists()
    assert not Flag.objects.filter(checkin=checkin).exists()
    assert _creates(checkin) == 0
    assert len(queued.results) == 1


def test_the_queued_job_derives_scores_flags_notes_and_the_audit_row(
    personas: Personas, queued, django_capture_on_commit_callbacks
) -> None:
    checkin = submit(personas.young, personas.own, answers(school=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.process_queued(personas.own.pk) == 1
    checkin.refresh_from_db()
    assert checkin.processed_at is not None
    assert AreaScore.objects.filter(checkin=checkin).count() == 8
    assert {(f.kind, f.area) for f in Flag.objects.filter(checkin=checkin)} == {("low", "school")}
    note = Notification.objects.get(recipient=personas.worker)
    assert note.url == reverse("checkins:person", args=[personas.own.pk, personas.young.pk])
    assert _creates(checkin) == 1
    assert verify_all() == []


def test_many_check_ins_queue_one_job_per_organisation(personas: Personas, queued, send) -> None:
    for _ in range(5):
        send(personas.young, personas.own, answers())
    send(personas.outsider_young, personas.other, answers())
    queued_for = [r.kwargs["organisation_id"] for r in queued.results]
    assert sorted(queued_for) == sorted([str(personas.own.pk), str(personas.other.pk)])


def test_a_check_in_stored_after_the_job_ran_queues_a_new_job(
    personas: Personas, queued, send
) -> None:
    send(personas.young, personas.own, answers())
    processing.process_queued(personas.own.pk)
    send(personas.young, personas.own, answers())
    assert len(queued.results) == 2


def test_processing_twice_derives_nothing_twice(personas: Personas, queued) -> None:
    checkin = submit(personas.young, personas.own, answers(school=1))
    processing.process_submitted(personas.own.pk)
    assert processing.process_submitted(personas.own.pk) == 0
    assert AreaScore.objects.filter(checkin=checkin).count() == 8
    assert Flag.objects.filter(checkin=checkin).count() == 1
    assert _creates(checkin) == 1


def test_the_timer_command_processes_what_a_lost_job_left(personas: Personas, queued) -> None:
    mine = submit(personas.young, personas.own, answers())
    theirs = submit(personas.outsider_young, personas.other, answers())
    call_command("process_checkins", verbosity=0)
    assert not CheckIn.objects.filter(pk__in=[mine.pk, theirs.pk], processed_at=None).exists()
    assert verify_all() == []


def test_a_drop_is_found_among_check_ins_processed_in_the_same_batch(
    personas: Personas, queued
) -> None:
    start = timezone.now() - timedelta(days=10)
    for day, score in enumerate([5, 5, 4, 5, 2]):
        last = submit(
            personas.young, personas.own, answers(friends=score), at=start + timedelta(days=day)
        )
    assert processing.process_submitted(personas.own.pk) == 5
    assert ("drop", "friends") in {(f.kind, f.area) for f in Flag.objects.filter(checkin=last)}
    assert Flag.objects.filter(kind="drop").count() == 1


def test_a_batch_chains_its_audit_rows_between_other_writers(personas: Personas, queued) -> None:
    services.flag_rules_for(personas.own)  # an audited write of its own would interleave too
    for _ in range(3):
        submit(personas.young, personas.own, answers())
    processing.process_submitted(personas.own.pk, batch_size=2)
    submit(personas.young, personas.own, answers())
    processing.process_submitted(personas.own.pk)
    assert AuditEvent.objects.filter(object_type="checkins.checkin").count() == 4
    assert verify_all() == []


def test_a_failure_while_processing_never_fails_the_young_persons_send(
    personas: Personas, monkeypatch, client_for
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(processing, "process_submitted", broken)
    key = uuid.uuid4()
    response = client_for(personas.young).post(
        f"/api/v1/checkins/{personas.own.pk}/checkins",
        {"idempotency_key": str(key), "answers": answers(), "language": "sv"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert CheckIn.objects.filter(young_person=personas.young, idempotency_key=key).exists()


def test_an_app_check_in_ends_a_draft_left_before_it_but_not_one_started_after(
    personas: Personas, queued
) -> None:
    draft = services.draft_for(actor=actor_for_user(personas.young), organisation=personas.own)
    submit(personas.young, personas.own, answers())
    processing.process_submitted(personas.own.pk)
    assert not CheckInDraft.objects.filter(pk=draft.pk).exists()
    submit(personas.young, personas.own, answers(), at=timezone.now() - timedelta(minutes=5))
    newer = services.draft_for(actor=actor_for_user(personas.young), organisation=personas.own)
    processing.process_submitted(personas.own.pk)
    assert CheckInDraft.objects.filter(pk=newer.pk).exists()


def test_a_worker_gets_one_email_for_many_flagged_check_ins_in_a_batch(
    personas: Personas, queued, django_capture_on_commit_callbacks, settings
) -> None:
    FlagRules.objects.create(organisation=personas.own, email_workers=True)
    for _ in range(3):
        submit(personas.young, personas.own, answers(home=1))
    submit(personas.young, personas.own, answers(safety=1))
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        processing.process_submitted(personas.own.pk)
    assert Notification.objects.filter(recipient=personas.worker).count() == 4
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas.worker.email]


def test_a_resend_while_the_first_waits_for_processing_stores_nothing_new(
    personas: Personas, queued
) -> None:
    key = uuid.uuid4()
    actor = actor_for_user(personas.young)
    first = services.checkin_submit(
        actor=actor,
        organisation=personas.own,
        answers=answers(),
        idempotency_key=key,
        language="sv",
    )
    again = services.checkin_submit(
        actor=actor,
        organisation=personas.own,
        answers=answers(),
        idempotency_key=key,
        language="sv",
    )
    assert first.created and not again.created
    assert again.checkin.pk == first.checkin.pk
    assert CheckIn.objects.filter(young_person=personas.young).count() == 1


def test_the_job_is_queued_only_once_the_check_in_has_committed(
    personas: Personas, queued, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        submit(personas.young, personas.own, answers())
        assert queued.results == []
    for callback in callbacks:
        callback()
    assert len(queued.results) == 1


def test_a_check_in_that_cannot_be_processed_holds_back_nobody_else(
    personas: Personas, queued, monkeypatch
) -> None:
    poison = submit(personas.young, personas.own, answers(school=1))
    fine = [submit(personas.young_other, personas.own, answers(school=1)) for _ in range(3)]
    real = processing.find_flags

    def find_flags(checkin: CheckIn, *args: Any) -> list[Flag]:
        if checkin.pk == poison.pk:
            raise KeyError("a bug met one check-in")
        return real(checkin, *args)

    monkeypatch.setattr(processing, "find_flags", find_flags)
    assert processing.process_queued(personas.own.pk) == 3  # and the job ends
    assert not CheckIn.objects.filter(pk__in=[c.pk for c in fine], processed_at=None).exists()
    assert CheckIn.objects.filter(pk=poison.pk, processed_at=None).exists()
    assert not AreaScore.objects.filter(checkin=poison).exists()
    monkeypatch.setattr(processing, "find_flags", real)
    assert processing.process_submitted(personas.own.pk) == 1
    assert verify_all() == []


def test_a_check_in_is_stored_when_the_shared_cache_does_not_answer(
    personas: Personas, monkeypatch
) -> None:
    from django.core.cache import caches

    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis went away")

    backend = type(caches["default"])
    monkeypatch.setattr(backend, "get", down)
    monkeypatch.setattr(backend, "set", down)
    checkin = submit(personas.young, personas.own, answers())
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
