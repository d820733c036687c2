"""What a load balancer asks before it sends a host traffic: can this host reach what it needs?

``/healthz`` (in ``medskapa.web``) only says the process answers. ``/readyz`` checks the
database, the cache and the task queue, and reports when a task worker was last seen.

How a worker is seen: a readiness probe queues a tiny ``worker_heartbeat`` task at most every
``HEARTBEAT_EVERY`` seconds (a marker in the shared cache keeps the web hosts from each queueing
one), and whichever worker runs it writes the time into the shared cache. So "seen" means a
worker took a job off this installation's queue and finished it, not merely that a process is
alive. With the immediate backend there is no worker: tasks run in the web process, and the
answer says so.

A missing worker delays the derived work of a check-in but loses nothing (the check-in row is
its own outbox), so by default it is reported, not a reason to take web hosts out of the pool;
``MEDSKAPA_OPS["READY_REQUIRES"]`` lists the checks that make the answer 503.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "medskapa:ops:worker-seen"
HEARTBEAT_QUEUED_KEY = "medskapa:ops:worker-heartbeat-queued"
HEARTBEAT_EVERY = 20
WORKER_SEEN_WITHIN = 60


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = ""


def _run(name: str, probe: Any) -> Check:
    try:
        return probe()
    except Exception as exc:  # any failure is an answer here, never a 500
        # The class only: a driver's message can hold a connection string.
        logger.warning("Readiness check %s failed: %s", name, type(exc).__name__)
        return Check(False, type(exc).__name__)


def _database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True)


def _cache() -> Check:
    cache.get("medskapa:ops:ready-probe")  # a read reaches the server; nothing is written
    return Check(True)


def uses_worker() -> bool:
    return not isinstance(task_backends["default"], ImmediateBackend)


def _queue() -> Check:
    backend = settings.TASKS_BACKEND
    if backend == "rq":
        import django_rq

        django_rq.get_connection("default").ping()
        return Check(True, "rq")
    if backend == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(pk__isnull=True).exists()
        return Check(True, "database")
    return Check(True, "immediate backend: tasks run in the web process, no queue")


def worker_seen() -> None:
    """Called by the heartbeat task on a worker."""
    cache.set(HEARTBEAT_KEY, time.time(), WORKER_SEEN_WITHIN * 10)


def worker_last_seen() -> float | None:
    """Seconds since a worker last ran the heartbeat task, or None if never (or not known)."""
    seen = cache.get(HEARTBEAT_KEY)
    return None if seen is None else max(0.0, time.time() - float(seen))


def _request_heartbeat() -> None:
    from .tasks import worker_heartbeat

    if cache.add(HEARTBEAT_QUEUED_KEY, 1, HEARTBEAT_EVERY):
        try:
            worker_heartbeat.enqueue()
        except Exception:
            cache.delete(HEARTBEAT_QUEUED_KEY)
            raise


def _worker() -> Check:
    if not uses_worker():
        return Check(True, "immediate backend: no worker, tasks run in the web process")
    _request_heartbeat()
    age = worker_last_seen()
    if age is None:
        return Check(False, "no worker seen yet")
    return Check(age <= WORKER_SEEN_WITHIN, f"last seen {age:.0f} s ago")


PROBES = {"database": _database, "cache": _cache, "queue": _queue, "worker": _worker}


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every check's answer, and whether the host is ready (the required checks passed)."""
    results = {name: _run(name, probe) for name, probe in PROBES.items()}
    required = set(settings.MEDSKAPA_OPS["READY_REQUIRES"])
    ready = all(check.ok for name, check in results.items() if name in required)
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {
            name: {"ok": check.ok, "required": name in required, "detail": check.detail}
            for name, check in results.items()
        },
    }
    return ready, body
