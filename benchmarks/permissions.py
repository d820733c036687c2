"""Benchmark the permission layer and the audit chain.

Builds an organisation of realistic size (50 units, 500 staff, 5,000 young people on caseloads)
in a throwaway database, then times ``can`` and ``scope`` per role and audit appends.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
tmp = tempfile.mkdtemp(prefix="medskapa-bench-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medskapa.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _reset_postgres() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _report(label: str, samples: list[float]) -> None:
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<52} median {statistics.median(samples):7.3f} ms   p95 {p95:7.3f} ms")


def main() -> None:
    _reset_postgres()
    call_command("migrate", verbosity=0)
    from medskapa.access.actor import actor_for_user
    from medskapa.access.registry import can, scope
    from medskapa.accounts.models import User
    from medskapa.audit.services import Action, record
    from medskapa.organisations.models import Caseload, Membership, Organisation, Unit
    from medskapa.organisations.roles import Role

    org = Organisation.objects.create(name="Benchmark kommun", slug="bench")
    roots = []
    for i in range(10):
        unit = Unit(organisation=org, name=f"Område {i}")
        unit.path = unit.compute_path()
        unit.save()
        roots.append(unit)
    units = list(roots)
    for i in range(40):
        unit = Unit(organisation=org, name=f"Enhet {i}", parent=roots[i % 10])
        unit.path = unit.compute_path()
        unit.save()
        units.append(unit)
    staff = User.objects.bulk_create(
        [User(username=f"staff{i}", email=f"s{i}@bench.example") for i in range(500)]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=org, unit=units[i % 50], role=Role.WORKER)
            for i, u in enumerate(staff)
        ]
    )
    young = User.objects.bulk_create([User(username=f"young{i}") for i in range(5000)])
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=org, unit=units[i % 50], role=Role.YOUNG_PERSON)
            for i, u in enumerate(young)
        ]
    )
    Caseload.objects.bulk_create(
        [
            Caseload(organisation=org, worker=staff[i % 500], young_person=u)
            for i, u in enumerate(young)
        ]
    )
    admin = User.objects.create(username="admin", email="admin@bench.example")
    Membership.objects.create(user=admin, organisation=org, role=Role.ORG_ADMIN)
    manager = User.objects.create(username="manager", email="m@bench.example")
    Membership.objects.create(user=manager, organisation=org, unit=roots[0], role=Role.MANAGER)

    worker_actor = actor_for_user(staff[0])
    worker_actor.has_mfa = True
    admin_actor = actor_for_user(admin)
    manager_actor = actor_for_user(manager)
    print(f"database: {connection.vendor}; 50 units, 500 staff, 5,000 young people")
    _report("actor_for_user (once per request)", _timed(lambda: actor_for_user(staff[0]), 300))
    _report(
        "can(worker, young_person.view, own case)",
        _timed(lambda: can(worker_actor, "young_person.view", young[0]), 500),
    )
    _report(
        "can(worker, young_person.view, not own case)",
        _timed(lambda: can(worker_actor, "young_person.view", young[1]), 500),
    )
    _report(
        "scope(worker, caseload.view) listed",
        _timed(lambda: list(scope(worker_actor, "caseload.view", Caseload.objects.all())), 300),
    )
    _report(
        "scope(manager, membership.view) listed (~50 rows)",
        _timed(
            lambda: list(scope(manager_actor, "membership.view", Membership.objects.all())), 200
        ),
    )
    _report(
        "scope(admin, membership.view) count (500 rows)",
        _timed(
            lambda: scope(admin_actor, "membership.view", Membership.objects.all()).count(), 200
        ),
    )
    n = 2000
    start = time.perf_counter()
    for i in range(n):
        record(
            action=Action.VIEW,
            actor=worker_actor,
            organisation_id=org.pk,
            object_type="accounts.user",
            object_id=str(i),
        )
    elapsed = time.perf_counter() - start
    print(f"{'audit record() appends, one organisation chain':<52} {n / elapsed:7.0f} rows/s")
    from medskapa.audit.verify import verify_all

    start = time.perf_counter()
    breaks = verify_all()
    took = (time.perf_counter() - start) * 1000
    label = f"verify_audit over {n} rows"
    print(f"{label:<52} {took:7.1f} ms ({'ok' if not breaks else 'BROKEN'})")


if __name__ == "__main__":
    main()
