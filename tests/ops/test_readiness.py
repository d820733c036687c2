"""/readyz tells the load balancer whether this host can serve: database, cache, task queue,
and when a task worker last took a job; JSON, 200 or 503, never personal data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from medskapa.ops import health


@pytest.fixture
def database_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_readyz_answers_200_with_every_check_when_all_answer(db: None, client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "cache",
        "queue",
        "worker",
    }
    assert "no worker" in body["checks"]["worker"]["detail"]  # immediate backend says so


def test_readyz_answers_503_when_the_cache_does_not_answer(
    db: None, client: Client, settings
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1; the password must never reach the answer.
            "LOCATION": "redis://:hemligt-losenord@127.0.0.1:1/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert b"hemligt" not in response.content


def test_readyz_answers_503_when_the_database_does_not_answer(
    db: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unreachable:
        def cursor(self) -> None:
            raise OperationalError("connection to server at 10.0.0.5 failed: password x")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "required": True,
        "detail": "OperationalError",
    }
    assert b"10.0.0.5" not in response.content


@pytest.mark.django_db(transaction=True)
def test_a_worker_is_seen_once_it_has_run_the_heartbeat_task(
    client: Client, database_tasks: None
) -> None:
    first = client.get("/readyz").json()["checks"]["worker"]
    assert first == {"ok": False, "required": False, "detail": "no worker seen yet"}
    assert DBTaskResult.objects.filter(task_path__endswith="worker_heartbeat").count() == 1
    client.get("/readyz")  # a probe right after queues no second heartbeat
    assert DBTaskResult.objects.filter(task_path__endswith="worker_heartbeat").count() == 1

    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)

    seen = client.get("/readyz").json()["checks"]["worker"]
    assert seen["ok"] is True
    assert seen["detail"].startswith("last seen")


def test_a_missing_worker_makes_readyz_503_only_where_it_is_required(
    db: None, client: Client, settings, database_tasks: None
) -> None:
    assert client.get("/readyz").status_code == 200  # reported, not required by default
    settings.MEDSKAPA_OPS = {**settings.MEDSKAPA_OPS, "READY_REQUIRES": ["database", "worker"]}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["required"] is True


def test_healthz_stays_a_bare_answer_without_the_database(client: Client) -> None:
    # No ``db`` fixture: a query here would fail the test.
    assert client.get("/healthz").status_code == 200
