"""Send the check-in reminders that are due. Run it from cron or a systemd timer, e.g. every
hour; running it twice sends nothing twice (each plan remembers when it last sent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.checkins.services import reminders_send_due


class Command(BaseCommand):
    help = "Send check-in reminders that are due (idempotent; for cron or a systemd timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send_due()
        self.stdout.write(f"Check-in reminders sent: {sent}")
