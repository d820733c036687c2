"""An alarm never waits for a worker or a timer (issue 13, finding 2): its flag and the case
worker's note are made in the young person's own request; a dead worker's marker expires in
seconds and its task row left RUNNING is recovered by the next submission; the batch derives
the rest later without a second alarm flag or note."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from medskapa.checkins import processing
from medskapa.checkins.models import AreaScore, CheckIn, Flag
from medskapa.checkins.tasks import process_checkins
from medskapa.web.models import Notification
from tests.checkins.helpers import answers, submit
from tests.personas import Personas

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _alarm_answers() -> dict[str, Any]:
    data = answers(safety=1)
    data["followups"] = {"safety_hard": ["hurt"]}
    return data


@pytest.fixture
def database_backend(settings):  # type: ignore[no-untyped-def]
    """The database task backend with no worker running: queued jobs stay queued."""
    settings.TASKS = DATABASE
    return process_checkins.get_backend()


@pytest.fixture
def send(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(*args: Any, **kwargs: Any) -> CheckIn:
        with django_capture_on_commit_callbacks(execute=True):
            return submit(*args, **kwargs)

    return send


def _jobs() -> Any:
    return DBTaskResult.objects.filter(task_path=process_checkins.module_path)


def _alarm_notes(personas: Personas) -> int:
    return Notification.objects.filter(recipient=personas.worker, kind="checkin.alarm").count()


def test_an_alarm_is_flagged_and_the_worker_told_when_the_request_returns_without_a_worker(
    personas: Personas, database_backend, client_for, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.young).post(
            f"/api/v1/checkins/{personas.own.pk}/checkins",
            json.dumps({"idempotency_key": str(uuid.uuid4()), "answers": _alarm_answers()}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    checkin = CheckIn.objects.get(pk=response.json()["id"])
    assert checkin.processed_at is None  # nothing ran the queued job
    assert _jobs().ready().count() == 1
    alarm = Flag.objects.get(checkin=checkin, kind="alarm")
    assert alarm.detail == "safety_hard:hurt"
    assert _alarm_notes(personas) == 1


def test_a_worker_killed_mid_batch_blocks_no_new_job_and_no_alarm(
    personas: Personas, database_backend, send
) -> None:
    """The job's marker is left in the cache and its task row stays RUNNING, as after a kill."""
    with freeze_time(timezone.now()) as clock:
        send(personas.young, personas.own, answers())
        lost = _jobs().get()  # queued with its marker set, then claimed; then killed
        lost.claim("worker-that-dies")
        clock.tick(timedelta(seconds=10))  # the worker is dead; no timer runs
        alarms = [send(personas.young, personas.own, _alarm_answers()) for _ in range(16)]
    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert "WorkerLost" in lost.exception_class_path
    assert _jobs().ready().count() == 1  # a new job, queued by the next send
    for checkin in alarms:
        assert Flag.objects.filter(checkin=checkin, kind="alarm").count() == 1
    assert _alarm_notes(personas) == 16


def test_a_live_job_keeps_its_row_and_the_queue_stays_quiet(
    personas: Personas, database_backend, send
) -> None:
    with freeze_time(timezone.now()) as clock:
        send(personas.young, personas.own, answers())
        running = _jobs().get()
        running.claim("live-worker")
        clock.tick(timedelta(seconds=10))
        processing._heartbeat(personas.own.pk, str(running.pk))  # it is still working
        send(personas.young, personas.own, answers())
    running.refresh_from_db()
    assert running.status == "RUNNING"
    assert _jobs().count() == 1


def test_the_job_marker_expires_within_seconds(personas: Personas, database_backend, send) -> None:
    key = processing._queued_key(personas.own.pk)
    with freeze_time(timezone.now()) as clock:
        send(personas.young, personas.own, answers())
        assert cache.get(key) is not None
        clock.tick(timedelta(seconds=10))
        assert cache.get(key) is None


def test_the_batch_derives_scores_but_no_second_alarm_flag_or_note(
    personas: Personas, database_backend, send
) -> None:
    checkin = send(personas.young, personas.own, _alarm_answers())
    assert Flag.objects.filter(checkin=checkin, kind="alarm").count() == 1  # before any batch
    assert _alarm_notes(personas) == 1
    job = _jobs().ready().get()  # what a worker runs (db_worker closes the test's connection)
    job.claim("worker")
    processing.process_queued(personas.own.pk, task_id=str(job.pk))
    checkin.refresh_from_db()
    assert checkin.processed_at is not None
    assert AreaScore.objects.filter(checkin=checkin).count() == 8
    kinds = sorted(Flag.objects.filter(checkin=checkin).values_list("kind", flat=True))
    assert kinds == ["alarm", "low"]  # the low safety score is the batch's own flag
    assert _alarm_notes(personas) == 1
    assert Notification.objects.filter(recipient=personas.worker).count() == 1


def test_the_timer_recovers_a_lost_job_row(personas: Personas, database_backend, send) -> None:
    with freeze_time(timezone.now()) as clock:
        send(personas.young, personas.own, answers())
        lost = _jobs().get()
        lost.claim("worker-that-dies")
        clock.tick(timedelta(seconds=30))
        call_command("process_checkins", verbosity=0)
    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert not CheckIn.objects.filter(processed_at=None).exists()
