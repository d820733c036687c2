"""/metrics: django-prometheus's figures and ours, only for the scraper (a token or an allowed
address), computed at scrape time without writes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.checkins.models import CheckIn
from medskapa.insights.models import ThemeRun
from medskapa.ops.tasks import worker_heartbeat
from tests.checkins.helpers import submit
from tests.personas import Personas

TOKEN = "skrapa-" + "x" * 40


@pytest.fixture
def scraper(settings) -> Client:  # type: ignore[no-untyped-def]
    settings.MEDSKAPA_OPS = {**settings.MEDSKAPA_OPS, "METRICS_TOKEN": TOKEN}
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def _value(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics")


def test_metrics_are_404_without_the_token_or_with_a_wrong_one(
    db: None, client: Client, settings
) -> None:
    assert client.get("/metrics").status_code == 404  # nothing configured: nobody
    settings.MEDSKAPA_OPS = {**settings.MEDSKAPA_OPS, "METRICS_TOKEN": TOKEN}
    assert client.get("/metrics").status_code == 404
    wrong = Client(HTTP_AUTHORIZATION="Bearer " + "y" * 47)
    assert wrong.get("/metrics").status_code == 404


def test_metrics_answer_an_allowed_address_and_no_other(db: None, settings) -> None:
    settings.MEDSKAPA_OPS = {**settings.MEDSKAPA_OPS, "METRICS_ALLOWED_ADDRESSES": ["10.1.0.0/16"]}
    assert Client(REMOTE_ADDR="10.1.4.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.2.4.7").get("/metrics").status_code == 404


def test_metrics_include_requests_database_and_cache_from_django_prometheus(
    personas: Personas, scraper: Client
) -> None:
    Client().get("/healthz")
    text = scraper.get("/metrics").content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert "django_db_execute_total" in text


def test_pending_check_ins_and_the_oldest_ones_age_are_gauged(
    personas: Personas, scraper: Client
) -> None:
    submit(personas.young, personas.own)  # processed at once (immediate backend)
    waiting = submit(personas.young, personas.own)
    CheckIn.objects.filter(pk=waiting.pk).update(
        processed_at=None, submitted_at=timezone.now() - timedelta(minutes=7)
    )
    text = scraper.get("/metrics").content.decode()
    assert _value(text, "medskapa_checkins_pending") == 1
    assert 420 <= _value(text, "medskapa_checkins_oldest_pending_age_seconds") < 480
    assert _value(text, "medskapa_checkins_rows") == 2


def test_no_pending_check_in_means_an_age_of_zero(personas: Personas, scraper: Client) -> None:
    submit(personas.young, personas.own)
    text = scraper.get("/metrics").content.decode()
    assert _value(text, "medskapa_checkins_pending") == 0
    assert _value(text, "medskapa_checkins_oldest_pending_age_seconds") == 0


def test_stored_check_ins_and_failed_log_ins_are_counted(
    personas: Personas, scraper: Client
) -> None:
    before = scraper.get("/metrics").content.decode()
    submit(personas.young, personas.own)
    Client().post(reverse("account_login"), {"login": "young", "password": "fel lösenord"})
    after = scraper.get("/metrics").content.decode()
    for name in ("medskapa_checkins_stored_total", "medskapa_login_failures_total"):
        assert _value(after, name) - _value(before, name) == 1, name


def test_theme_runs_are_gauged_by_status(personas: Personas, scraper: Client) -> None:
    ThemeRun.objects.create(organisation=personas.own, status=ThemeRun.Status.RUNNING)
    ThemeRun.objects.create(organisation=personas.own, status=ThemeRun.Status.FAILED)
    ThemeRun.objects.create(organisation=personas.other, status=ThemeRun.Status.FAILED)
    text = scraper.get("/metrics").content.decode()
    assert 'medskapa_theme_runs{status="failed"} 2.0' in text
    assert 'medskapa_theme_runs{status="running"} 1.0' in text
    assert 'medskapa_theme_runs{status="queued"} 0.0' in text


def test_queue_depth_counts_tasks_waiting_in_the_database_backend(
    db: None, scraper: Client, settings
) -> None:
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    worker_heartbeat.enqueue()
    worker_heartbeat.enqueue()
    text = scraper.get("/metrics").content.decode()
    assert _value(text, "medskapa_task_queue_depth") == 2
    assert "medskapa_task_worker_last_seen_seconds NaN" in text


def test_a_scrape_writes_nothing(personas: Personas, scraper: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert scraper.get("/metrics").status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert writes == []


def test_gunicorn_workers_counters_add_up_in_the_multiprocess_folder(tmp_path: Path) -> None:
    """Two processes count; a third (the scrape) reads the sum from PROMETHEUS_MULTIPROC_DIR."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    bump = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'medskapa.settings');"
        "django.setup(); from medskapa.ops.metrics import LOGIN_FAILURES; LOGIN_FAILURES.inc()"
    )
    read = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'medskapa.settings');"
        "django.setup(); from prometheus_client import CollectorRegistry, generate_latest, "
        "multiprocess; r = CollectorRegistry(); multiprocess.MultiProcessCollector(r);"
        "print(generate_latest(r).decode())"
    )
    for _ in range(2):
        subprocess.run([sys.executable, "-c", bump], env=env, check=True)  # noqa: S603
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", read], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert _value(out, "medskapa_login_failures_total") == 2
