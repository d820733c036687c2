"""The restore drill on PostgreSQL, as an operator would run it: a seeded database is backed up,
restored into a new one, the audit chains verify there, and a demo young person logs in on the
restored copy and sees her check-in history.

It needs two PostgreSQL databases of its own, named by ``OPS_DRILL_SOURCE_URL`` (migrated and
seeded here if needed) and ``OPS_DRILL_TARGET_URL`` (dropped first: its name must end in
``restore``); without them it is skipped. ``.ci/run`` runs it as its own step.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
SOURCE = os.environ.get("OPS_DRILL_SOURCE_URL", "")
TARGET = os.environ.get("OPS_DRILL_TARGET_URL", "")
YOUNG_PERSON, PASSWORD = "elin.sodertalje", "demo-lösenord-2026"  # README's demo log-in

pytestmark = pytest.mark.skipif(
    not (SOURCE.startswith("postgres") and TARGET.startswith("postgres")),
    reason="the restore drill needs OPS_DRILL_SOURCE_URL and OPS_DRILL_TARGET_URL (PostgreSQL)",
)

LOG_IN_AND_READ_HISTORY = f"""
import json
from django.test import Client
from django.test.utils import setup_test_environment
from medskapa.accounts.models import User
from medskapa.organisations.models import Membership

setup_test_environment()
client = Client()
login = client.post("/accounts/login/", {{"login": "{YOUNG_PERSON}", "password": "{PASSWORD}"}})
user = User.objects.get(username="{YOUNG_PERSON}")
organisation = Membership.objects.filter(user=user).values_list("organisation_id", flat=True)[0]
history = client.get(f"/me/checkin/{{organisation}}/history/")
print(json.dumps({{
    "login": login.status_code,
    "logged_in_as": str(client.session.get("_auth_user_id")) == str(user.pk),
    "history": history.status_code,
    "shown": [str(c.pk) for c in history.context["checkins"]],
}}))
"""


def _manage(*args: str, url: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "TASKS_BACKEND": "immediate", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {args[0]}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _database(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def _her_checkins(url: str) -> list[str]:
    with psycopg.connect(url) as db:
        rows = db.execute(
            "SELECT c.id FROM checkins_checkin c JOIN accounts_user u ON u.id = c.young_person_id"
            " WHERE u.username = %s ORDER BY c.submitted_at DESC LIMIT 24",
            [YOUNG_PERSON],
        ).fetchall()
    return [str(row[0]) for row in rows]


def _seeded(url: str) -> bool:
    with _admin(url) as admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_database(url)]
        ).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_database(url))))
            return False
    with psycopg.connect(url) as db:
        if not db.execute("SELECT to_regclass('accounts_user')").fetchone()[0]:  # type: ignore[index]
            return False
        return bool(
            db.execute("SELECT 1 FROM accounts_user WHERE username = %s", [YOUNG_PERSON]).fetchone()
        )


def test_a_seeded_database_restores_verifies_and_lets_a_young_person_see_her_history(
    tmp_path: Path,
) -> None:
    target = _database(TARGET)
    assert target.endswith("restore"), "the drill drops its target: name it ..._restore"
    assert _database(SOURCE) != target
    with _admin(TARGET) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )

    _manage("migrate", "--no-input", "-v0", url=SOURCE)
    if not _seeded(SOURCE):
        _manage("seed_demo", url=SOURCE)
    source_media = tmp_path / "media"
    (source_media / "cards").mkdir(parents=True)
    (source_media / "cards" / "bild.png").write_bytes(b"\x89PNG drill")
    archive = tmp_path / "backup.tar"
    _manage("backup", "--output", str(archive), url=SOURCE, env={"MEDIA_ROOT": str(source_media)})
    assert archive.stat().st_mode & 0o077 == 0  # nobody but the owner reads a backup

    restored_media = tmp_path / "restored-media"
    out = _manage("restore", str(archive), url=TARGET, env={"MEDIA_ROOT": str(restored_media)})
    assert "1 files" in out
    assert (restored_media / "cards" / "bild.png").read_bytes() == b"\x89PNG drill"

    assert _manage("verify_audit", url=TARGET).startswith("OK:")
    expected = _her_checkins(SOURCE)
    assert expected, "the demo young person has check-ins to see"
    seen = json.loads(_manage("shell", "-c", LOG_IN_AND_READ_HISTORY, url=TARGET).splitlines()[-1])
    assert seen == {"login": 302, "logged_in_as": True, "history": 200, "shown": expected}
