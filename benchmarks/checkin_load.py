"""Load test: young people submitting check-ins to gunicorn on PostgreSQL (issue 3).

Builds a throwaway PostgreSQL database (dropped and created anew), migrates it, adds
organisations with a unit, a case worker and young people who are logged in (database
sessions), then starts gunicorn in the production posture and runs, per gunicorn
configuration:

1. check-ins: many concurrent clients ``POST /api/v1/checkins/<org>/checkins`` for a fixed time,
   each as its own young person, with a fresh idempotency key per check-in; a share of them
   deliberately resends an earlier key (must store nothing new);
2. the same load (same clients, same cookies) against ``GET /healthz``, the trivial view, so the
   check-in figure reads as a ratio of what this stack does at all on this machine.

The server runs as in production: Redis for the cache and the sessions' read path, and the
check-ins' derived work (area scores, flags, notifications, audit rows) on a real task worker
(``--tasks rq``: ``manage.py rqworker``; ``database``: ``manage.py db_worker``; or
``immediate``: in the request), whose CPU is counted beside gunicorn's.

Afterwards it waits until the worker has processed every check-in, reports how long after
sending that took (the delay before a case worker can see a flag), and counts what the
database holds: ``lost`` = check-ins acknowledged to a client but
not stored (must be 0), duplicates stored for one key (must be 0), area scores and audit rows
per check-in, and verifies the audit chains. Exits non-zero if anything was lost or duplicated.

The load generator runs on the same machine as gunicorn and PostgreSQL and takes CPU from
them; the output says how much.

    .venv/bin/python benchmarks/checkin_load.py --seconds 30 --clients 32
    .venv/bin/python benchmarks/checkin_load.py --config 5:1 --config 3:4 --organisations 4
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import cpu  # noqa: E402
from _load.loadgen import Connection, Phase, build_request, percentile, run_load  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/medskapa_load"
AREAS = ["health", "school", "feelings", "home", "friends", "free_time", "safety", "future"]
SCORES = [1, 2, 3, 4, 5, None]
SCORE_WEIGHTS = [4, 8, 25, 38, 20, 5]


def parse_args() -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="measured time per phase")
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument("--young-people", type=int, default=200)
    parser.add_argument("--organisations", type=int, default=1, help="young people spread over")
    parser.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help=">1 uses the gthread worker")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="WORKERS:THREADS",
        help="gunicorn configuration to run; repeat to compare several in one run "
        "(overrides --workers/--threads)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="open loop: send this many requests/s in total on a fixed schedule (latency "
        "counted from the scheduled time); default: closed loop, as fast as answered",
    )
    parser.add_argument("--resend-share", type=float, default=0.05)
    parser.add_argument(
        "--trivial",
        choices=["session", "anonymous"],
        default="session",
        help="/healthz with the young person's session cookie (2 small queries) or without",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, seconds")
    parser.add_argument(
        "--tasks",
        choices=["rq", "database", "immediate"],
        default="rq",
        help="where check-ins are processed: an rq worker (default), a db_worker, or the request",
    )
    parser.add_argument(
        "--simple-worker",
        action="store_true",
        help="rq: a worker that does not fork a process per job (rq.worker.SimpleWorker)",
    )
    parser.add_argument("--skip-trivial", action="store_true")
    args = parser.parse_args()
    configs = args.config or [f"{args.workers}:{args.threads}"]
    args.configs = []
    for text in configs:
        workers, _sep, threads = text.partition(":")
        args.configs.append((int(workers), int(threads or 1)))
    return args


# --- The environment: production posture, the same for this process and gunicorn -----------
ARGS = parse_args()
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
# A Redis database of its own, emptied first.
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
TMP = Path(tempfile.mkdtemp(prefix="medskapa-load-"))
SERVER_ENV = {
    "MEDSKAPA_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "medskapa.settings",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": BENCH_URL,
    "MEDSKAPA_VAR_DIR": str(TMP / "var"),
    "STATIC_ROOT": str(TMP / "static"),
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    "SMS_BACKEND": "medskapa.web.sms.ConsoleSmsBackend",
    "TASKS_BACKEND": ARGS.tasks,
    "REDIS_URL": BENCH_REDIS,
    "LOG_LEVEL": "WARNING",
}
# SECURE_SSL_REDIRECT stays on, as in production: the load generator plays the TLS-ending
# proxy and sends X-Forwarded-Proto: https (settings trust it through SECURE_PROXY_SSL_HEADER),
# with an https Origin and Referer so that the CSRF check runs as it does for a browser.
os.environ.update(SERVER_ENV)

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402


def recreate_database() -> str:
    params = conninfo_to_dict(BENCH_URL)
    name = params.get("dbname")
    if not name or name in {"postgres", "template0", "template1"}:
        sys.exit(f"BENCH_DATABASE_URL must name a throwaway database, not {name!r}")
    with psycopg.connect(make_conninfo(BENCH_URL, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()
    return str(version[0]) if version else "?"


def empty_redis() -> None:
    import redis

    redis.Redis.from_url(BENCH_REDIS).flushdb()


PG_VERSION = recreate_database()
empty_redis()
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


# --- Data ---------------------------------------------------------------------------------
@dataclass
class Person:
    organisation_id: uuid.UUID
    session_key: str
    csrf: str
    stored_keys: list[uuid.UUID] = field(default_factory=list)


def build_data(n_people: int, n_orgs: int) -> list[Person]:
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from medskapa.accounts import sessions
    from medskapa.accounts.models import User
    from medskapa.checkins.services import current_graph_version
    from medskapa.organisations.models import Caseload, Membership, Organisation, Unit
    from medskapa.organisations.roles import Role

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    people: list[Person] = []
    for o in range(n_orgs):
        org = Organisation.objects.create(name=f"Lastkommun {o}", slug=f"load-{o}")
        unit = Unit(organisation=org, name="Ungdomsenheten")
        unit.path = unit.compute_path()
        unit.save()
        current_graph_version(org)
        worker = User.objects.create(username=f"worker{o}", email=f"worker{o}@load.example")
        Membership.objects.create(user=worker, organisation=org, unit=unit, role=Role.WORKER)
        count = n_people // n_orgs + (1 if o < n_people % n_orgs else 0)
        young = User.objects.bulk_create(
            [
                User(username=f"young{o}-{i}", display_name=f"Ung {i}", birth_year=2008 + i % 10)
                for i in range(count)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=org, unit=unit, role=Role.YOUNG_PERSON) for u in young]
        )
        Caseload.objects.bulk_create(
            [Caseload(organisation=org, worker=worker, young_person=u) for u in young]
        )
        for user in young:
            store = SessionStore()
            store[SESSION_KEY] = user._meta.pk.value_to_string(user)  # type: ignore[union-attr]
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            sessions.start(store, is_staff=False)
            store.create()
            csrf = secrets.token_hex(16)  # 32 letters and digits, as Django makes them
            people.append(Person(org.pk, str(store.session_key), csrf))
    random.Random(1).shuffle(people)
    return people


def random_answers(rng: random.Random) -> dict[str, object]:
    scores = rng.choices(SCORES, SCORE_WEIGHTS, k=len(AREAS))
    return {"areas": dict(zip(AREAS, scores, strict=True)), "followups": {}, "texts": {}}


# --- Clients ------------------------------------------------------------------------------
@dataclass
class Ledger:
    """Every key a server answer says is stored (201 now, or 200 already)."""

    stored: set[uuid.UUID] = field(default_factory=set)
    resend_created: int = 0


def headers_for(person: Person, origin: str, *, with_session: bool = True) -> dict[str, str]:
    headers = {
        "X-Forwarded-Proto": "https",
        "User-Agent": "medskapa-checkin-load",
        "Accept": "application/json",
    }
    if with_session:
        headers["Cookie"] = (
            f"{settings.SESSION_COOKIE_NAME}={person.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={person.csrf}"
        )
    return headers


def checkin_steps(people: list[Person], clients: int, host: str, ledger: Ledger, share: float):  # type: ignore[no-untyped-def]
    origin = f"https://{host}"
    steps = []
    for index in range(clients):
        person = people[index % len(people)]
        rng = random.Random(secrets.randbits(64))
        headers = headers_for(person, origin)
        headers.update(
            {
                "Content-Type": "application/json",
                "X-CSRFToken": person.csrf,
                "Origin": origin,
                "Referer": f"{origin}/",
            }
        )
        path = f"/api/v1/checkins/{person.organisation_id}/checkins"

        def make(person: Person = person, rng: random.Random = rng, headers=headers, path=path):  # type: ignore[no-untyped-def]
            async def step(conn: Connection) -> tuple[str, str]:
                resend = bool(person.stored_keys) and rng.random() < share
                key = rng.choice(person.stored_keys) if resend else uuid.uuid4()
                body = json.dumps(
                    {"idempotency_key": str(key), "answers": random_answers(rng), "language": "sv"}
                ).encode()
                response = await conn.request(build_request("POST", host, path, headers, body))
                if response.status == 201:
                    ledger.stored.add(key)
                    if resend:
                        ledger.resend_created += 1
                        return "", "a resent key stored a new check-in"
                    person.stored_keys.append(key)
                    return "new", ""
                if response.status == 200:
                    ledger.stored.add(key)
                    if resend:
                        return "resend", ""
                    # Our fresh key was already stored: a connection retry after the first
                    # attempt was stored but its answer lost. Still one new check-in.
                    person.stored_keys.append(key)
                    return "new (retried)", ""
                return "", f"HTTP {response.status}: {response.body[:200]!r}"

            return step

        steps.append(make())
    return steps


def trivial_steps(people: list[Person], clients: int, host: str, with_session: bool):  # type: ignore[no-untyped-def]
    origin = f"https://{host}"
    steps = []
    for index in range(clients):
        raw = build_request(
            "GET",
            host,
            "/healthz",
            headers_for(people[index % len(people)], origin, with_session=with_session),
        )

        async def step(conn: Connection, raw: bytes = raw) -> tuple[str, str]:
            response = await conn.request(raw)
            if response.status == 200 and response.body == b"ok":
                return "ok", ""
            return "", f"HTTP {response.status}: {response.body[:200]!r}"

        steps.append(step)
    return steps


# --- Server -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(workers: int, threads: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "medskapa.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--threads", str(threads),
        "--timeout", "60",
        "--graceful-timeout", "5",
        "--log-level", "warning",
        "--error-logfile", str(log),
    ]  # fmt: skip
    env = {**os.environ, **SERVER_ENV}
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def start_task_worker(log: Path) -> subprocess.Popen[bytes] | None:
    """The production worker for ``--tasks``; None when the request does the work."""
    manage = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
    if ARGS.tasks == "rq":
        command = [*manage, "rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        if ARGS.simple_worker:
            command[-1:-1] = ["--worker-class", "rq.worker.SimpleWorker"]
    elif ARGS.tasks == "database":
        command = [*manage, "db_worker"]
    else:
        return None
    env = {**os.environ, **SERVER_ENV}
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
        )


def drain(seconds: float = 120) -> tuple[float, int]:
    """Wait until no check-in waits for processing; (seconds waited, still pending)."""
    from medskapa.checkins.models import CheckIn

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pending = CheckIn.objects.filter(processed_at__isnull=True).count()
        if not pending:
            return time.monotonic() - started, 0
        time.sleep(0.2)
    return time.monotonic() - started, CheckIn.objects.filter(processed_at__isnull=True).count()


def processing_delays_ms() -> list[float]:
    """How long after it was stored each check-in was processed (flags visible to workers)."""
    from medskapa.checkins.models import CheckIn

    rows = CheckIn.objects.filter(processed_at__isnull=False).values_list(
        "submitted_at", "processed_at"
    )
    return sorted((done - sent).total_seconds() * 1000 for sent, done in rows)


async def wait_ready(host: str, port: int, seconds: float = 90) -> None:
    raw = build_request("GET", host, "/healthz", {"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        conn = Connection("127.0.0.1", port)
        try:
            response = await conn.request(raw)
            if response.status == 200:
                return
            last = f"HTTP {response.status} {response.body[:200]!r}"
        except OSError as error:
            last = str(error)
        finally:
            conn.close()
        await asyncio.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz: {last}")


def stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


# --- Measuring around a phase --------------------------------------------------------------
def backend_pids(conn: psycopg.Connection) -> list[int]:
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()"
    ).fetchall()
    return [int(r[0]) for r in rows]


class WaitSampler(threading.Thread):
    """What the database's active sessions wait on, ten times a second."""

    def __init__(self, delay: float, seconds: float) -> None:
        super().__init__(daemon=True)
        self.delay, self.seconds = delay, seconds
        self.samples = 0
        self.waits: Counter[str] = Counter()

    def run(self) -> None:
        time.sleep(self.delay)
        end = time.monotonic() + self.seconds
        with psycopg.connect(BENCH_URL, autocommit=True) as conn:
            while time.monotonic() < end:
                rows = conn.execute(
                    "SELECT wait_event_type, wait_event FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND state = 'active'"
                ).fetchall()
                self.samples += 1
                for kind, event in rows:
                    self.waits["running (CPU)" if kind is None else f"{kind}:{event}"] += 1
                time.sleep(0.1)


@dataclass
class Measured:
    phase: Phase
    gunicorn_cpu: float
    postgres_cpu: float
    generator_cpu: float
    worker_cpu: float
    machine_busy: float
    machine_total: float
    wall: float
    waits: WaitSampler | None = None


def measured(
    server: subprocess.Popen[bytes],
    worker: subprocess.Popen[bytes] | None,
    monitor: psycopg.Connection,
    steps: list,  # type: ignore[type-arg]
    *,
    sample: bool,
) -> Measured:
    gunicorn_pids = [server.pid, *cpu.children(server.pid)]
    before_g = cpu.snapshot(gunicorn_pids)
    before_w = cpu.tree_seconds(worker.pid) if worker else 0.0
    before_p = cpu.snapshot(backend_pids(monitor))
    before_me = time.process_time()
    busy0, total0 = cpu.machine()
    wall0 = time.monotonic()
    sampler = WaitSampler(ARGS.warmup, ARGS.seconds) if sample else None
    if sampler:
        sampler.start()
    phase = asyncio.run(
        run_load(
            host="127.0.0.1",
            port=PORT,
            steps=steps,
            warmup=ARGS.warmup,
            seconds=ARGS.seconds,
            rate=ARGS.rate,
            timeout=ARGS.timeout,
        )
    )
    if sampler:
        sampler.join()
    busy1, total1 = cpu.machine()
    wall = time.monotonic() - wall0
    after_me = time.process_time()
    gunicorn_pids = [server.pid, *cpu.children(server.pid)]
    after_g = cpu.snapshot(gunicorn_pids)
    after_w = cpu.tree_seconds(worker.pid) if worker else 0.0
    after_p = cpu.snapshot(backend_pids(monitor))
    # CPU figures cover the whole phase, warm-up included, per second of it.
    return Measured(
        phase,
        cpu.delta(before_g, after_g),
        cpu.delta(before_p, after_p),
        after_me - before_me,
        after_w - before_w,
        busy1 - busy0,
        total1 - total0,
        wall,
        sampler,
    )


# --- Reporting -----------------------------------------------------------------------------
def row(label: str, m: Measured) -> tuple[str, float, float, float, float, int]:
    lat = sorted(m.phase.latencies_ms)
    ok = sum(m.phase.by_outcome.values())
    return (
        label,
        ok / m.phase.seconds,
        percentile(lat, 50),
        percentile(lat, 95),
        percentile(lat, 99),
        m.phase.errors,
    )


def print_phase_table(rows: list[tuple[str, float, float, float, float, int]]) -> None:
    print(f"  {'load':<26}{'ok req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, rps, p50, p95, p99, errors in rows:
        print(f"  {label:<26}{rps:>10.1f}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{errors:>8}")


def print_cpu(label: str, m: Measured) -> None:
    wall = m.wall
    busy = m.machine_busy / wall
    cores = m.machine_total / wall
    ours = (m.gunicorn_cpu + m.postgres_cpu + m.generator_cpu + m.worker_cpu) / wall
    print(
        f"  CPU during {label} (cores busy, of {cores:.1f}): machine {busy:.2f} = gunicorn "
        f"{m.gunicorn_cpu / wall:.2f} + task worker {m.worker_cpu / wall:.2f} + postgres "
        f"backends {m.postgres_cpu / wall:.2f} + load generator {m.generator_cpu / wall:.2f} "
        f"+ everything else {max(0.0, busy - ours):.2f}"
    )


def print_waits(m: Measured) -> None:
    if not m.waits or not m.waits.samples:
        return
    total = sum(m.waits.waits.values())
    print(
        f"  database sessions active on average: {total / m.waits.samples:.1f}; "
        "what they were doing:"
    )
    for name, count in m.waits.waits.most_common(6):
        print(f"    {name:<34} {100 * count / total:5.1f} %")


def machine_description() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}); load average before "
        f"the run {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}"
    )


def verify(ledger: Ledger) -> dict[str, int | str]:
    from medskapa.audit.models import AuditEvent
    from medskapa.audit.verify import verify_all
    from medskapa.checkins.models import AreaScore, CheckIn

    rows = CheckIn.objects.count()
    keys = list(ledger.stored)
    found = 0
    for start in range(0, len(keys), 5000):
        found += CheckIn.objects.filter(idempotency_key__in=keys[start : start + 5000]).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM checkins_checkin "
            "GROUP BY young_person_id, idempotency_key HAVING count(*) > 1) d"
        )
        duplicates = int(cursor.fetchone()[0])  # type: ignore[index]
    audit_creates = AuditEvent.objects.filter(
        object_type="checkins.checkin", action=AuditEvent.Action.CREATE
    ).count()
    breaks = verify_all()
    return {
        "acknowledged": len(keys),
        "rows": rows,
        "lost": len(keys) - found,
        "unacknowledged": rows - found,
        "duplicates": duplicates + ledger.resend_created,
        "area_scores": AreaScore.objects.count(),
        "pending": CheckIn.objects.filter(processed_at__isnull=True).count(),
        "audit_creates": audit_creates,
        "audit_chain": "intact" if not breaks else f"BROKEN ({len(breaks)})",
    }


# --- Main ---------------------------------------------------------------------------------
def main() -> int:
    global PORT
    import gunicorn

    from medskapa.checkins.models import CheckIn

    started = time.monotonic()
    print(f"machine:    {machine_description()}")
    print(
        f"software:   Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, PostgreSQL {PG_VERSION}"
    )
    print(f"database:   {conninfo_to_dict(BENCH_URL).get('dbname')} (dropped and created anew)")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    people = build_data(ARGS.young_people, ARGS.organisations)
    print(
        f"data:       {ARGS.organisations} organisation(s), {ARGS.young_people} young people "
        f"logged in (database sessions), one case worker per organisation "
        f"(set-up {time.monotonic() - started:.0f} s)"
    )
    mode = (
        f"open loop at {ARGS.rate:g} requests/s in total"
        if ARGS.rate
        else "closed loop (each client sends again as soon as answered)"
    )
    print(
        f"load:       {ARGS.clients} clients, {mode}; {ARGS.warmup:g} s warm-up + "
        f"{ARGS.seconds:g} s measured per phase; {ARGS.resend_share:.0%} of check-ins resend an "
        f"earlier key; trivial view: GET /healthz "
        f"({'with the session cookie' if ARGS.trivial == 'session' else 'anonymous'})"
    )
    print(
        "NOTE:       the load generator (one Python process, asyncio) runs on the same cores "
        "as gunicorn and PostgreSQL"
    )
    ledger = Ledger()
    failed = False
    with psycopg.connect(BENCH_URL, autocommit=True) as monitor:
        for workers, threads in ARGS.configs:
            PORT = free_port()
            host = f"127.0.0.1:{PORT}"
            log = TMP / f"gunicorn-{workers}x{threads}.log"
            kind = f"gthread, {threads} threads each" if threads > 1 else "sync"
            print(
                f"\n== gunicorn: {workers} workers ({kind}), bind {host}, production settings "
                f"(DEBUG off, CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']})"
            )
            server = start_gunicorn(workers, threads, PORT, log)
            worker = start_task_worker(TMP / f"worker-{workers}x{threads}.log")
            try:
                asyncio.run(wait_ready(host, PORT))
                steps = checkin_steps(people, ARGS.clients, host, ledger, ARGS.resend_share)
                checkins = measured(server, worker, monitor, steps, sample=True)
                backlog = CheckIn.objects.filter(processed_at__isnull=True).count()
                waited, left = drain()
                trivial = None
                if not ARGS.skip_trivial:
                    steps = trivial_steps(people, ARGS.clients, host, ARGS.trivial == "session")
                    trivial = measured(server, worker, monitor, steps, sample=False)
            finally:
                stop(server)
                if worker is not None:
                    stop(worker)
            rows = [row("POST check-in", checkins)]
            if trivial:
                rows.append(row("GET /healthz (trivial)", trivial))
            print_phase_table(rows)
            outcomes = checkins.phase.by_outcome
            print(
                f"  check-ins in the window: {outcomes.get('new', 0)} new, "
                f"{outcomes.get('new (retried)', 0)} new after a connection retry, "
                f"{outcomes.get('resend', 0)} deliberate resends answered 200; errors during "
                f"warm-up: check-ins {checkins.phase.warmup_errors}"
                + (f", trivial {trivial.phase.warmup_errors}" if trivial else "")
            )
            if trivial and rows[1][1]:
                print(
                    f"  ratio check-in / trivial: throughput {rows[0][1] / rows[1][1]:.2f}, "
                    f"p50 latency {rows[0][2] / rows[1][2]:.1f}x"
                )
            print(
                f"  processing ({ARGS.tasks}): {backlog} check-ins waiting when the load "
                f"stopped, all processed {waited:.1f} s later"
                + (f"; STILL WAITING: {left}" if left else "")
            )
            print_cpu("check-ins", checkins)
            if trivial:
                print_cpu("trivial", trivial)
            print_waits(checkins)
            for m in (checkins, trivial):
                if m and m.phase.error_samples:
                    print("  first errors:", *m.phase.error_samples, sep="\n    ")
            if log.exists() and log.stat().st_size:
                tail = log.read_text(errors="replace").strip().splitlines()[-5:]
                print("  gunicorn log (last lines):", *tail, sep="\n    ")
    delays = processing_delays_ms()
    if delays:
        print(
            f"\n== from stored to processed (flags and notifications visible), all check-ins: "
            f"p50 {percentile(delays, 50):.0f} ms, p95 {percentile(delays, 95):.0f} ms, "
            f"p99 {percentile(delays, 99):.0f} ms, max {delays[-1]:.0f} ms"
        )
    result = verify(ledger)
    print("\n== what the database holds")
    print(
        f"  check-ins acknowledged to clients {result['acknowledged']}, rows in "
        f"checkins_checkin {result['rows']}"
    )
    print(f"  lost (acknowledged but not stored) {result['lost']}   (must be 0)")
    print(f"  duplicates stored for one key      {result['duplicates']}   (must be 0)")
    print(f"  stored without an answer reaching the client (timeouts) {result['unacknowledged']}")
    print(
        f"  area scores {result['area_scores']} (8 per check-in: "
        f"{8 * int(result['rows'])}); audit CREATE rows for check-ins "
        f"{result['audit_creates']}; audit chains {result['audit_chain']}"
    )
    print(f"  check-ins never processed {result['pending']}   (must be 0)")
    incomplete = result["area_scores"] != 8 * int(result["rows"]) or result["audit_creates"] != int(
        result["rows"]
    )
    if incomplete:
        print("  INCOMPLETE: area scores or audit rows do not match the check-ins")
    if (
        result["lost"]
        or result["duplicates"]
        or result["pending"]
        or incomplete
        or result["audit_chain"] != "intact"
    ):
        failed = True
    print(f"\nfinished in {time.monotonic() - started:.0f} s; temporary files in {TMP}")
    return 1 if failed else 0


PORT = 0

if __name__ == "__main__":
    sys.exit(main())
