"""Process check-ins still waiting for their area scores, flags and audit row. Workers do this
within a moment of each check-in; run this from cron or a systemd timer (e.g. every minute)
so that a job lost with a worker delays nothing for long. Running it twice does nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.checkins.processing import process_all


class Command(BaseCommand):
    help = "Process pending check-ins (idempotent; for cron or a systemd timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = process_all()
        self.stdout.write(f"Check-ins processed: {done}")
