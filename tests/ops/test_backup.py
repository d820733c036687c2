"""manage.py backup and restore on SQLite (every run), and what a restore refuses."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from medskapa.ops.backup import BackupError, backup_create, backup_restore
from tests.checkins.helpers import submit
from tests.personas import Personas

# The copy reads the database through Django's own connection, outside any transaction (as the
# command runs), so these tests commit instead of rolling back.
pytestmark = pytest.mark.django_db(transaction=True)
# The archive holds what the test database is; PostgreSQL's path is the restore drill's
# (tests/ops/test_restore_drill.py), which CI runs as its own step.
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's copy; PostgreSQL: test_restore_drill.py"
)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "media"
    (folder / "logos").mkdir(parents=True)
    (folder / "logos" / "egen.png").write_bytes(b"\x89PNG egen")
    settings.MEDIA_ROOT = str(folder)
    # The audit checkpoints' storage is backed up too: empty and of this test's own here.
    checkpoints = {"location": str(tmp_path / "checkpoints")}
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_checkpoints": {**settings.STORAGES["audit_checkpoints"], "OPTIONS": checkpoints},
    }
    return folder


def _target(tmp_path: Path) -> dict[str, object]:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}


@sqlite_only
def test_a_backup_restores_the_rows_and_the_files_into_a_new_database(
    personas: Personas, media: Path, tmp_path: Path
) -> None:
    checkin = submit(personas.young, personas.own)
    archive = tmp_path / "b.tar"
    call_command("backup", output=archive, stdout=io.StringIO())
    assert archive.stat().st_mode & 0o777 == 0o600

    restored = tmp_path / "restored-media"
    result = backup_restore(
        archive=archive, database=_target(tmp_path), storage_folders={"default": restored}
    )
    assert result.files == 1
    assert (restored / "logos" / "egen.png").read_bytes() == b"\x89PNG egen"
    copy = sqlite3.connect(tmp_path / "restored.sqlite3")
    ids = {row[0] for row in copy.execute("SELECT id FROM checkins_checkin")}
    assert ids == {checkin.pk.hex}
    assert copy.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] > 0
    copy.close()


@sqlite_only
def test_the_manifest_lists_checksums_versions_and_migrations(
    personas: Personas, media: Path, tmp_path: Path
) -> None:
    manifest = backup_create(output=tmp_path / "b.tar")
    with tarfile.open(tmp_path / "b.tar") as tar:
        assert tar.getnames()[0] == "manifest.json"
        stored = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert stored == manifest
    assert set(manifest["members"]) == {"database.sqlite3", "files/default/logos/egen.png"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["members"].values())
    assert manifest["versions"]["django"]
    assert manifest["migrations"]["checkins"].startswith("00")
    assert manifest["storages"]["included"] == {"default": 1, "audit_checkpoints": 0}


def test_a_damaged_archive_is_refused_before_anything_is_written(
    personas: Personas, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar"
    backup_create(output=archive)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith("egen.png"):
                data = b"\x89PNG other"
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="Checksum mismatch"):
        backup_restore(
            archive=damaged,
            database=_target(tmp_path),
            storage_folders={"default": tmp_path / "r"},
        )
    assert not (tmp_path / "restored.sqlite3").exists()
    assert not (tmp_path / "r").exists()


@sqlite_only
def test_a_restore_never_writes_over_a_database_or_files_in_use(
    personas: Personas, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar"
    backup_create(output=archive)
    used = tmp_path / "used.sqlite3"
    used.write_bytes(b"SQLite format 3\x00 in use")
    with pytest.raises(BackupError, match="restore into a new database"):
        backup_restore(
            archive=archive,
            database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(used)},
            storage_folders={"default": tmp_path / "r"},
        )
    assert used.read_bytes() == b"SQLite format 3\x00 in use"
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(
            archive=archive, database=_target(tmp_path), storage_folders={"default": media}
        )
    with pytest.raises(BackupError, match="holds a sqlite database"):
        backup_restore(
            archive=archive,
            database={"ENGINE": "django.db.backends.postgresql", "NAME": "x_restore"},
            storage_folders={"default": tmp_path / "r"},
        )


def test_the_restore_command_reports_a_bad_archive_as_an_error_not_a_crash(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "not-a-backup.tar"
    bad.write_bytes(b"hello")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(bad))


@sqlite_only
@pytest.mark.django_db(transaction=False)
def test_a_backup_inside_a_transaction_is_refused_not_left_waiting(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="outside a transaction"):
        backup_create(output=tmp_path / "b.tar")
    assert connection.in_atomic_block
