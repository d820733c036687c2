"""Gunicorn settings for metrics with several workers.

``gunicorn -c python:medskapa.ops.gunicorn_conf medskapa.wsgi --workers 4``

Each gunicorn worker counts in its own files under ``PROMETHEUS_MULTIPROC_DIR``; when a worker
dies its live gauges must go with it, or the scrape would add up the dead as well.
"""

from __future__ import annotations

from typing import Any


def child_exit(server: Any, worker: Any) -> None:
    import os

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
