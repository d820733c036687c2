"""Background work for operations: tasks only load and call."""

from __future__ import annotations

from django_tasks import task

from . import health


@task()
def worker_heartbeat() -> None:
    health.worker_seen()
