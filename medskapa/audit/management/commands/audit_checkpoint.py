"""``manage.py audit_checkpoint``: publish each audit chain's signed head (a timer; cheap)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.audit.checkpoints import write_checkpoints


class Command(BaseCommand):
    help = "Write a signed checkpoint of every audit chain whose head moved since the last one."

    def handle(self, *args: Any, **options: Any) -> None:
        written = write_checkpoints()
        for checkpoint in written:
            self.stdout.write(f"{checkpoint.name}: {checkpoint.events} events")
        self.stdout.write(self.style.SUCCESS(f"OK: {len(written)} checkpoints written"))
