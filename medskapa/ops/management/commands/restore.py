"""``manage.py restore ARCHIVE``: into the database and storage folders this process is
configured with (``DATABASE_URL``, ``MEDIA_ROOT``, ...), which must be new or empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from medskapa.ops.backup import BackupError, backup_restore, file_storages


class Command(BaseCommand):
    help = "Restore a backup archive into a new database and empty storage folders."
    requires_system_checks: list[str] = []  # the target database may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        folders, _skipped = file_storages()
        try:
            result = backup_restore(
                archive=options["archive"],
                database=connection.settings_dict,
                storage_folders=folders,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        call_command("createcachetable")  # the cache's rows are never backed up
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result.manifest['created_at']} into "
                f"{result.database} and {result.files} files. Run `manage.py verify_audit` next."
            )
        )
