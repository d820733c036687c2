"""``manage.py backup``: the database and the stored files in one archive (see ops.backup)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from medskapa.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (one consistent snapshot) and the stored files into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: var/backups/medskapa-<UTC time>.tar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(settings.VAR_DIR) / "backups" / (
            f"medskapa-{datetime.now(tz=UTC):%Y%m%dT%H%M%SZ}.tar"
        )
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(manifest["storages"]["included"].values())
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and {files} files to {output}"
        )
        for alias, why in manifest["storages"]["not_included"].items():
            self.stdout.write(self.style.WARNING(f"Storage {alias!r} not included: {why}"))
