"""One theme job end to end through a real RQ worker process against the local Redis.

Nothing is shared in memory: a file SQLite database in a temporary folder (an in-memory test
database cannot be seen by another process), a Redis database of its own (number 9, so other
tests' queues on database 0 are untouched), and four processes: ``migrate``; a shell that
imports fragments and starts a run with ``TASKS_BACKEND=rq`` (the job goes to Redis); the
worker, ``manage.py rqworker --burst --job-class django_tasks_rq.Job default`` (the production
command plus ``--burst``); and a shell that reads the result. Skipped, saying why, when no Redis
answers at 127.0.0.1:6379.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/9"

ENQUEUE = """
import json
from medskapa.insights import services
from medskapa.insights.models import ThemeRun
from medskapa.organisations.models import Organisation
from tests.insights.conftest import make_source, corpus, designer_of
org = Organisation.objects.create(name="RQ", slug="rq-prov")
texts, keys = corpus(60)
make_source(org, "\\n\\n".join(texts))
run = services.theme_run_start(actor=designer_of(org), organisation=org)
run.refresh_from_db()
print(json.dumps({"run": str(run.pk), "status": run.status}))
"""

RESULT = """
import json
from medskapa.insights.models import ThemeRun
run = ThemeRun.objects.get()
print(json.dumps({
    "status": run.status,
    "error": run.error,
    "progress": run.progress,
    "themes": run.themes.filter(is_outliers=False).count(),
    "state": bool(run.state),
}))
"""


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379: the RQ worker test needs one")


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_theme_run_goes_through_a_real_rq_worker_process(tmp_path: Path) -> None:
    _redis_or_skip()
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # database 9 is this test's own
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medskapa.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rq.sqlite3'}",
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }
    try:
        _run(["migrate", "--noinput", "-v", "0"], env)
        queued = json.loads(_run(["shell", "-c", ENQUEUE], env).strip().splitlines()[-1])
        assert queued["status"] == "queued"  # not run in this process
        assert connection.llen("rq:queue:default") == 1
        _run(["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default"], env)
        result = json.loads(_run(["shell", "-c", RESULT], env).strip().splitlines()[-1])
    finally:
        connection.flushdb()
    assert result["status"] == "finished", result["error"]
    assert result["progress"] == 1.0 and result["state"]
    assert result["themes"] >= 3
