"""Medskapa's own Prometheus metrics, beside django-prometheus's requests, latencies, database
and cache figures.

Gauges are computed when Prometheus scrapes, with a handful of cheap queries (the pending
check-ins sit in a small partial index; theme runs are few), so a request never writes for the
sake of a metric. The two counters (check-ins stored, failed log-ins) count in the process's
memory, or in ``PROMETHEUS_MULTIPROC_DIR`` under gunicorn with several workers, where the
scrape adds up every worker's files.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Model
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from . import health

logger = logging.getLogger(__name__)

CHECKINS_STORED = Counter(
    "medskapa_checkins_stored", "Check-ins stored (new rows, resends not counted)"
)
LOGIN_FAILURES = Counter("medskapa_login_failures", "Failed log-ins with a password")


def _count_checkin(sender: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        CHECKINS_STORED.inc()


def _count_login_failure(**kwargs: Any) -> None:
    LOGIN_FAILURES.inc()


def connect_counters() -> None:
    from django.contrib.auth.signals import user_login_failed

    from medskapa.checkins.models import CheckIn

    post_save.connect(_count_checkin, sender=CheckIn, dispatch_uid="ops-checkins-stored")
    user_login_failed.connect(_count_login_failure, dispatch_uid="ops-login-failures")


def _estimated_rows(model: type[Model]) -> float:
    """PostgreSQL's own estimate (kept by autovacuum): counting millions of rows at every
    scrape is not cheap. Other databases count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        if row is not None and row[0] is not None and row[0] >= 0:
            return float(row[0])
    return float(model._default_manager.count())


def queue_depth() -> float:
    """Tasks waiting for a worker: rows ready to run (database backend) or the rq list."""
    if settings.TASKS_BACKEND == "rq":
        import django_rq

        return float(django_rq.get_queue("default").count)
    if settings.TASKS_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        return float(DBTaskResult.objects.ready().count())
    return 0.0


class ScrapeTimeCollector(Collector):
    """Reads the gauges from the database each time Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        from medskapa.checkins.models import CheckIn
        from medskapa.insights.models import ThemeRun

        pending = CheckIn.objects.filter(processed_at__isnull=True).aggregate(
            count=Count("pk"), oldest=Min("submitted_at")
        )
        yield GaugeMetricFamily(
            "medskapa_checkins_pending",
            "Check-ins stored but not yet processed (processed_at IS NULL)",
            value=pending["count"],
        )
        oldest = pending["oldest"]
        yield GaugeMetricFamily(
            "medskapa_checkins_oldest_pending_age_seconds",
            "Age of the oldest unprocessed check-in (0 when none waits)",
            value=(timezone.now() - oldest).total_seconds() if oldest is not None else 0.0,
        )
        yield GaugeMetricFamily(
            "medskapa_checkins_rows",
            "Check-ins in the database (PostgreSQL: the planner's estimate)",
            value=_estimated_rows(CheckIn),
        )
        runs = GaugeMetricFamily("medskapa_theme_runs", "Theme runs by status", labels=["status"])
        by_status = dict(ThemeRun.objects.order_by().values_list("status").annotate(n=Count("pk")))
        for status in ThemeRun.Status.values:
            runs.add_metric([status], by_status.get(status, 0))
        yield runs
        yield GaugeMetricFamily(
            "medskapa_task_queue_depth",
            "Tasks waiting for a worker",
            value=_or_nan(queue_depth),
        )
        if health.uses_worker():
            age = _or_nan(health.worker_last_seen)
            yield GaugeMetricFamily(
                "medskapa_task_worker_last_seen_seconds",
                "Seconds since a worker last ran the heartbeat task (NaN: not seen)",
                value=float("nan") if age is None else age,
            )


def _or_nan(read: Any) -> Any:
    try:
        return read()
    except Exception as exc:  # a queue that does not answer shows as a gap, not a 500
        logger.warning("A metric could not be read: %s", type(exc).__name__)
        return float("nan")


_scrape_registry = CollectorRegistry(auto_describe=False)
_scrape_registry.register(ScrapeTimeCollector())


def exposition() -> bytes:
    """The text Prometheus reads: this process's (or every gunicorn worker's) metrics, then the
    gauges read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_scrape_registry)


def scrape_allowed(request: HttpRequest) -> bool:
    """A bearer token (``METRICS_TOKEN``) or an address in ``METRICS_ALLOWED_ADDRESSES``."""
    config = settings.MEDSKAPA_OPS
    token = str(config["METRICS_TOKEN"])
    header = request.headers.get("Authorization", "")
    if (
        token
        and header.startswith("Bearer ")
        and hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    ):
        return True
    networks = list(config["METRICS_ALLOWED_ADDRESSES"])
    if networks:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(net, strict=False) for net in networks)
    return False
