"""Dashboard speed on PostgreSQL: every panel's query read from the rollups, p50/p95 over
varied filters, against the same panel computed from the raw rows.

    .venv/bin/python benchmarks/dashboards.py                    # 1,000,000 check-ins
    .venv/bin/python benchmarks/dashboards.py --checkins 200000  # smaller
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/medskapa_dash ...

The database named in BENCH_DATABASE_URL is DROPPED and created anew. Data: one organisation,
50 units (10 areas of 4 units + the 10 area units themselves), 20,000 young people in 5 age
bands, N check-ins spread over 24 months (each young person about N/20,000 times), 8 life
areas each (≈3 % "Vill inte svara") → 8·N ``AreaScore`` rows, plus 20 anonymous surveys of
200 answers. Only ``AreaScore`` rows are generated (in one INSERT … SELECT generate_series):
the dashboards read ``AreaScore`` (through the rollups) and nothing else, so no ``CheckIn``
rows are made (``AreaScore.checkin`` is nullable).

Panels (the four queries ``reports.dashboards.build`` runs) and their naive twin on the raw rows
(the same figures: latest answer per young person, month and area — a window function and a
GROUP BY over ``checkins_areascore``); also "plain GROUP BY" (every answer counted, the cheapest
raw query, which gives different figures). Naive runs are fewer (--naive-runs) because each
reads millions of rows. The figures are checked equal for every naive run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medskapa_dash")
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medskapa.settings")

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402

AREAS = ["health", "school", "feelings", "home", "friends", "free_time", "safety", "future"]
BANDS = ["8-12", "13-15", "16-17", "18-20", "21+"]


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


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkins", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--naive-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)

    pg_version = recreate_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    print(f"PostgreSQL {pg_version}; cores {os.cpu_count()}; load average {os.getloadavg()}")
    print("NOTE: the machine is shared with other engineers; CPU is contended, so every")
    print("figure below is an upper bound of what an idle server would show.\n")
    call_command("migrate", verbosity=0)

    from medskapa.access.actor import Actor, Grant
    from medskapa.accounts.models import User
    from medskapa.checkins.models import Campaign, CampaignResponse
    from medskapa.checkins.services import current_graph_version
    from medskapa.organisations.models import Organisation, Unit
    from medskapa.organisations.roles import Role
    from medskapa.reports import dashboards, rollups

    org = Organisation.objects.create(name="Benchmark kommun", slug="bench")
    roots, units = [], []
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
    elapsed, _ = timed(
        lambda: User.objects.bulk_create(
            [User(username=f"young{i:06d}") for i in range(args.people)], batch_size=5000
        )
    )
    print(f"{args.people} young people: {elapsed / 1000:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_units (idx int, path text)")
        cursor.executemany(
            "INSERT INTO bench_units VALUES (%s, %s)", [(i, u.path) for i, u in enumerate(units)]
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_people AS SELECT (row_number() OVER (ORDER BY username)) - 1"
            " AS idx, id FROM accounts_user WHERE username LIKE 'young%%'"
        )
        cursor.execute("CREATE INDEX ON bench_people (idx)")
        start = time.perf_counter()
        cursor.execute(
            f"""
            INSERT INTO checkins_areascore
              (organisation_id, checkin_id, campaign_response_id, young_person_id, unit_path,
               age_band, area, score, submitted_at)
            SELECT %s, NULL, NULL, p.id, u.path, (ARRAY{BANDS!r})[1 + p.idx %% 5], a.area,
                   CASE WHEN random() < 0.03 THEN NULL ELSE 1 + floor(random() * 5)::int END,
                   now() - interval '730 days' * (1 - c::float8 / %s) - random() * interval '1 day'
            FROM generate_series(0, %s - 1) AS c
            JOIN bench_people p ON p.idx = c %% %s
            JOIN bench_units u ON u.idx = p.idx %% 50
            CROSS JOIN unnest(ARRAY{AREAS!r}) AS a(area)
            """,
            [str(org.pk), args.checkins, args.checkins, args.people],
        )
        rows = cursor.rowcount
        print(
            f"{args.checkins} check-ins → {rows} AreaScore rows:"
            f" {time.perf_counter() - start:.1f} s"
        )
        graph = current_graph_version(org)
        campaigns = []
        for i in range(20):
            campaigns.append(
                Campaign.objects.create(
                    organisation=org,
                    unit=units[i],
                    title=f"Enkät {i}",
                    slug=f"bench{i}",
                    areas=AREAS,
                    languages=["sv"],
                    graph_version=graph,
                    opens_at=timezone.now() - timezone.timedelta(days=30 * (i + 1)),
                    closes_at=timezone.now() - timezone.timedelta(days=30 * i),
                )
            )
        responses = CampaignResponse.objects.bulk_create(
            [
                CampaignResponse(
                    campaign=c,
                    device_hash=f"{c.pk.hex}{j}",
                    receipt_hash=f"r{c.pk.hex}{j}",
                    answers={},
                    submitted_at=c.opens_at + timezone.timedelta(days=1),
                )
                for c in campaigns
                for j in range(200)
            ]
        )
        cursor.execute(
            f"""
            INSERT INTO checkins_areascore
              (organisation_id, campaign_response_id, unit_path, age_band, area, score,
               submitted_at)
            SELECT %s, r.id, u.path, '', a.area, 1 + floor(random() * 5)::int, r.submitted_at
            FROM checkins_campaignresponse r
            JOIN checkins_campaign c ON c.id = r.campaign_id
            JOIN organisations_unit u ON u.id = c.unit_id
            CROSS JOIN unnest(ARRAY{AREAS!r}) AS a(area)
            """,
            [str(org.pk)],
        )
        print(f"{len(responses)} survey answers → {cursor.rowcount} AreaScore rows")
        start = time.perf_counter()
        cursor.execute("ANALYZE")
        print(f"ANALYZE: {time.perf_counter() - start:.1f} s")

    elapsed, months = timed(lambda: rollups.refresh_organisation(org, full=True))
    from medskapa.reports.models import ScoreRollup

    print(
        f"\nrollup refresh, full: {elapsed / 1000:.1f} s →"
        f" {ScoreRollup.objects.count()} rollup rows"
        f" ({months} months)"
    )
    elapsed, months = timed(lambda: rollups.refresh_organisation(org))
    print(f"rollup refresh, incremental with nothing new: {elapsed / 1000:.2f} s ({months} months)")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO checkins_areascore (organisation_id, young_person_id, unit_path, age_band,"
            " area, score, submitted_at) SELECT organisation_id, young_person_id, unit_path,"
            " age_band, area, score, now() FROM checkins_areascore ORDER BY id DESC LIMIT 8000"
        )
    elapsed, months = timed(lambda: rollups.refresh_organisation(org))
    print(f"rollup refresh, incremental after 1,000 new check-ins: {elapsed / 1000:.2f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_scorerollup")

    designer = Actor(grants=(Grant(org.pk, None, Role.DESIGNER),), has_mfa=True, label="designer")
    managers = [
        Actor(grants=(Grant(org.pk, r.path, Role.MANAGER),), has_mfa=True, label="manager")
        for r in roots
    ]
    this_month = timezone.localdate().replace(day=1)

    def random_filters() -> tuple[Actor, dashboards.Filters]:
        months = random.choice([1, 3, 6, 12, 24])
        end = dashboards.add_months(this_month, -random.randint(0, max(0, 24 - months)))
        actor = random.choice([designer, *managers[:3]])
        reach = dashboards.reach(actor, org)
        choices = [u for u in units if reach is None or any(u.path.startswith(p) for p in reach)]
        return actor, dashboards.Filters(
            start=dashboards.add_months(end, -(months - 1)),
            end=end,
            unit=random.choice([None, None, *choices]),
            age_band=random.choice([None, None, *BANDS]),
            area=random.choice(AREAS),
        )

    def panels(actor: Actor, f: dashboards.Filters) -> dict[str, Callable[[], Any]]:
        paths = dashboards.reach(actor, org)
        base = dashboards.base_rows(org, paths, f)
        area_rows = base.filter(area=f.area)
        return {
            "by area × month": lambda: dashboards.grouped(base, "area"),
            "by unit (one area)": lambda: dashboards.grouped(area_rows, "unit_path"),
            "by age band (one area)": lambda: dashboards.grouped(area_rows, "age_band"),
            "surveys in period": lambda: list(
                dashboards.survey_rows(org, paths, f, f.area)
                .values("campaign_id")
                .annotate(total=Sum("n"))
                .order_by()
            ),
        }

    def naive_sql(
        actor: Actor, f: dashboards.Filters, dimension: str, dedupe: bool
    ) -> tuple[str, list[Any]]:
        paths = dashboards.reach(actor, org)
        where = ["s.organisation_id = %s", "s.submitted_at >= %s", "s.submitted_at < %s"]
        zone = timezone.get_current_timezone()
        from datetime import datetime
        from datetime import time as dtime

        params: list[Any] = [
            str(org.pk),
            datetime.combine(f.start, dtime.min, tzinfo=zone),
            datetime.combine(dashboards.add_months(f.end, 1), dtime.min, tzinfo=zone),
        ]
        if dimension == "surveys":
            where.append("s.campaign_response_id IS NOT NULL")
        else:
            where.append("s.campaign_response_id IS NULL")
        if paths is not None:
            where.append("(" + " OR ".join("s.unit_path LIKE %s" for _ in paths) + ")")
            params += [p + "%%" for p in paths]
        if f.unit is not None:
            where.append("s.unit_path LIKE %s")
            params.append(f.unit.path + "%%")
        if f.age_band is not None and dimension != "surveys":
            where.append("s.age_band = %s")
            params.append(f.age_band)
        if dimension != "area":
            where.append("s.area = %s")
            params.append(f.area)
        column = {
            "area": "s.area",
            "unit_path": "s.unit_path",
            "age_band": "s.age_band",
            "surveys": "r.campaign_id",
        }[dimension]
        month = "date_trunc('month', s.submitted_at AT TIME ZONE 'Europe/Stockholm')::date"
        source = (
            "checkins_areascore s LEFT JOIN checkins_campaignresponse r"
            " ON r.id = s.campaign_response_id"
        )
        if not dedupe:
            group = f"{column}, {month}, s.score" if dimension != "surveys" else column
            select = f"{group}, count(*)"
            return (
                f"SELECT {select} FROM {source} WHERE {' AND '.join(where)} GROUP BY {group}",
                params,
            )
        sql = (
            f"SELECT dim, month, score, count(*) FROM (SELECT {column} AS dim, {month} AS month,"
            f" s.score, row_number() OVER (PARTITION BY coalesce(s.young_person_id,"
            f" s.campaign_response_id), s.area, {month} ORDER BY s.submitted_at DESC, s.id DESC)"
            f" AS rn FROM {source} WHERE {' AND '.join(where)}) x WHERE rn = 1"
            " GROUP BY dim, month, score"
        )
        if dimension == "surveys":
            sql = f"SELECT dim, sum(count) FROM ({sql}) y GROUP BY dim"
        return sql, params

    def raw(sql: str, params: list[Any]) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("%%", "%") if "LIKE" not in sql else sql, params)
            return cursor.fetchall()

    # warm up
    for _ in range(3):
        actor, f = random_filters()
        for fn in panels(actor, f).values():
            fn()

    samples: dict[str, list[float]] = {}
    whole: list[float] = []
    area_titles = [(a, a) for a in AREAS]
    for _ in range(args.runs):
        actor, f = random_filters()
        for name, fn in panels(actor, f).items():
            ms, _result = timed(fn)
            samples.setdefault(name, []).append(ms)
        ms, _board = timed(lambda actor=actor, f=f: dashboards.build(actor, org, f, area_titles))
        whole.append(ms)

    naive: dict[str, list[float]] = {}
    plain: dict[str, list[float]] = {}
    dims = {
        "by area × month": "area",
        "by unit (one area)": "unit_path",
        "by age band (one area)": "age_band",
        "surveys in period": "surveys",
    }
    mismatches = 0
    for _ in range(args.naive_runs):
        actor, f = random_filters()
        rolled = panels(actor, f)
        for name, dimension in dims.items():
            sql, params = naive_sql(actor, f, dimension, dedupe=True)
            ms, rows = timed(lambda sql=sql, params=params: raw(sql, params))
            naive.setdefault(name, []).append(ms)
            sql, params = naive_sql(actor, f, dimension, dedupe=False)
            ms, _rows = timed(lambda sql=sql, params=params: raw(sql, params))
            plain.setdefault(name, []).append(ms)
            result = rolled[name]()
            if dimension == "surveys":
                mine = {(str(r["campaign_id"]),): r["total"] for r in result}
                theirs = {(str(r[0]),): r[1] for r in rows}
            else:
                mine = {(str(r[dimension]), r["month"], r["score"]): r["total"] for r in result}
                theirs = {(str(r[0]), r[1], r[2]): r[3] for r in rows}
            if mine != theirs:
                mismatches += 1
                print(f"MISMATCH in {name}: rollup {len(mine)} groups, raw {len(theirs)} groups")

    print(f"\nPanel queries on the rollups, {args.runs} runs with varied filters (ms):")
    print(
        f"{'panel':<26}{'p50':>9}{'p95':>9}   naive p50 (same figures)   ratio   plain GROUP BY p50"
    )
    for name, values in samples.items():
        n50 = statistics.median(naive[name]) if name in naive else float("nan")
        g50 = statistics.median(plain[name]) if name in plain else float("nan")
        print(
            f"{name:<26}{percentile(values, 0.5):9.1f}{percentile(values, 0.95):9.1f}"
            f"   {n50:12.0f} ({len(naive.get(name, []))} runs)   "
            f"{n50 / max(percentile(values, 0.5), 0.001):7.0f}×   {g50:10.0f}"
        )
    print(
        f"{'whole page (4 queries + Python)':<26}{percentile(whole, 0.5):9.1f}"
        f"{percentile(whole, 0.95):9.1f}"
    )
    print(
        "\nrollup figures equal to raw figures: "
        + ("yes" if mismatches == 0 else f"NO ({mismatches})")
    )
    print(f"load average after: {os.getloadavg()}")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
