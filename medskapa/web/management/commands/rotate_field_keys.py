"""Re-encrypt every encrypted column with the newest key in ``FIELD_ENCRYPTION_KEYS``.

Key rotation, step by step (docs/deploy.md):

1. Put a new key first in ``FIELD_ENCRYPTION_KEYS`` and keep the old ones after it; deploy.
2. ``python manage.py rotate_field_keys`` (batched; safe beside live traffic; safe to rerun).
3. Drop the old keys from ``FIELD_ENCRYPTION_KEYS``; deploy.

The columns are found by walking the installed models, so a new ``EncryptedTextField``
is rotated without touching this command.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from medskapa.web.crypto import encrypted_fields, rotate_field


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the newest FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows per transaction (default 500)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = max(1, options["batch_size"])
        total = 0
        for column in encrypted_fields():
            rows = rotate_field(column, batch_size=batch_size)
            total += rows
            self.stdout.write(f"{column.label}: {rows} rows re-encrypted")
        self.stdout.write(f"Done: {total} values under the newest key.")
