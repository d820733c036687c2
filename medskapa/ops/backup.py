"""Backups of everything Medskapa keeps: the database and the stored files, in one archive.

One tar file (mode 0600: it holds every young person's answers) with:

- ``manifest.json``: when, by which versions, the migrations applied, and a SHA-256 and size
  for every other member;
- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``, which reads the whole database
  in one snapshot, so rows written meanwhile are either all in or all out) or
  ``database.sqlite3`` (SQLite's online backup API, also one consistent copy);
- ``files/<storage alias>/...``: every configured storage that keeps files in a folder
  (``STORAGES``, less the static files, which a release rebuilds). The files are read after the
  database snapshot, so every file a row of the snapshot names is there unless housekeeping
  deleted it in between. A storage outside the file system (an object store) is listed in the
  manifest as not included: back it up with the store's own versioning.

A restore checks every checksum before it touches anything, then loads into a database that must
be new or empty (PostgreSQL: created if missing) and into storage folders that must be empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


@dataclass(frozen=True)
class RestoreResult:
    database: str
    files: int
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's own variables: the password never appears in a process list."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str], env: dict[str, str]) -> str:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    done = subprocess.run(  # noqa: S603
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _cache_tables() -> list[str]:
    """Database cache tables: their rows are throw-away (``createcachetable`` makes the table
    anew after a restore)."""
    return [
        str(cache["LOCATION"])
        for cache in settings.CACHES.values()
        if str(cache["BACKEND"]).endswith("DatabaseCache")
    ]


def _dump_database(folder: Path) -> tuple[str, dict[str, Any]]:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        target = folder / PG_DUMP
        env = _pg_env(db)
        skip = [f"--exclude-table-data={table}" for table in _cache_tables()]
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={target}", *skip], env)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        tool = _run(["pg_dump", "--version"], env).strip()
        return PG_DUMP, {"vendor": "postgresql", "server_version": server, "dump_tool": tool}
    if connection.vendor == "sqlite":
        target = folder / SQLITE_DUMP
        if connection.in_atomic_block:  # its own write lock would make the copy wait forever
            raise BackupError("Back up SQLite outside a transaction.")
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return SQLITE_DUMP, {"vendor": "sqlite", "server_version": sqlite3.sqlite_version}
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def file_storages() -> tuple[dict[str, Path], dict[str, str]]:
    """Storage aliases kept in folders, and those that are not (with why)."""
    folders: dict[str, Path] = {}
    skipped: dict[str, str] = {}
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue  # built from the code at each release
        storage = storages[alias]
        location = getattr(storage, "location", None)
        if location:
            folders[alias] = Path(location)
        else:
            skipped[alias] = f"{type(storage).__name__} keeps no folder: back it up on its own"
    return folders, skipped


def _walk(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup_create(*, output: Path) -> dict[str, Any]:
    """Write the archive to ``output`` (atomically: a half-written archive never has its
    name) and return its manifest."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    created = datetime.now(tz=UTC)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        folder = Path(work)
        dump_name, database = _dump_database(folder)
        members: dict[str, Path] = {dump_name: folder / dump_name}
        storages_found, skipped = file_storages()
        stored: dict[str, int] = {}
        for alias, location in storages_found.items():
            files = list(_walk(location))
            stored[alias] = len(files)
            for path in files:
                members[f"files/{alias}/{path.relative_to(location).as_posix()}"] = path
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "versions": {
                "python": platform.python_version(),
                "django": django.get_version(),
                **{key: value for key, value in database.items() if key != "vendor"},
            },
            "database": {"vendor": database["vendor"], "member": dump_name},
            "migrations": _applied_migrations(),
            "storages": {"included": stored, "not_included": skipped},
            "members": {
                name: {"sha256": _sha256(path), "bytes": path.stat().st_size}
                for name, path in members.items()
            },
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = folder / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            for name, path in members.items():
                archive.add(path, arcname=name)
        partial.chmod(0o600)
        os.replace(partial, output)
    return manifest


def _unpack(archive: Path, folder: Path) -> dict[str, Any]:
    """Extract and check every member against the manifest; nothing is restored on a
    mismatch."""
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive: {exc}") from exc
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive} has no readable {MANIFEST}.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    present = {
        path.relative_to(folder).as_posix() for path in _walk(folder) if path.name != MANIFEST
    }
    expected = set(manifest["members"])
    if present != expected:
        raise BackupError(
            "The archive does not hold what its manifest lists: "
            f"missing {sorted(expected - present)[:5]}, unlisted {sorted(present - expected)[:5]}."
        )
    for name, entry in manifest["members"].items():
        if _sha256(folder / name) != entry["sha256"]:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return manifest


def _restore_postgresql(dump: Path, db: dict[str, Any]) -> None:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = str(db["NAME"])
    params = {
        key: str(db[setting])
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))
        if db.get(setting)
    }
    if db.get("PASSWORD"):
        params["password"] = str(db["PASSWORD"])
    with psycopg.connect(make_conninfo("", dbname="postgres", **params), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(make_conninfo("", dbname=name, **params)) as target:
        tables = target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        if tables and tables[0]:
            raise BackupError(f"The database {name} is not empty: restore into a new one.")
    _run(
        [
            "pg_restore",
            "--no-password",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={name}",
            str(dump),
        ],
        _pg_env(db),
    )


def _restore_sqlite(dump: Path, db: dict[str, Any]) -> None:
    target = Path(str(db["NAME"]))
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(f"{target} exists: restore into a new database file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dump, target)


def backup_restore(
    *, archive: Path, database: dict[str, Any], storage_folders: dict[str, Path]
) -> RestoreResult:
    """Restore ``archive`` into ``database`` (a Django database settings dict) and the storage
    folders (alias to folder). Everything is checked before anything is written."""
    with tempfile.TemporaryDirectory(prefix="medskapa-restore-") as work:
        folder = Path(work)
        manifest = _unpack(archive, folder)
        vendor = manifest["database"]["vendor"]
        engine = str(database["ENGINE"])
        if vendor not in engine:
            raise BackupError(f"The archive holds a {vendor} database; the target is {engine}.")
        included = manifest["storages"]["included"]
        for alias, count in included.items():
            if not count:
                continue  # the storage was empty: nothing to put back
            if alias not in storage_folders:
                raise BackupError(f"The archive has files of storage {alias!r}; none here.")
            target = storage_folders[alias]
            if target.exists() and any(target.iterdir()):
                raise BackupError(f"The storage folder of {alias!r} is not empty: {target}")
        dump = folder / manifest["database"]["member"]
        if vendor == "postgresql":
            import psycopg

            try:
                _restore_postgresql(dump, database)
            except psycopg.Error as exc:
                raise BackupError(f"PostgreSQL refused: {exc}") from exc
        else:
            _restore_sqlite(dump, database)
        files = 0
        for alias in included:
            source = folder / "files" / alias
            for path in _walk(source):
                destination = storage_folders[alias] / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                files += 1
    return RestoreResult(database=str(database["NAME"]), files=files, manifest=manifest)
