"""Time-driven work for events: expire guardian approvals, send due reminders and feedback
requests, and delete sign-ups' personal data past the retention period.

django-tasks has no scheduler, so run this from cron or a systemd timer, for example every
15 minutes::

    */15 * * * *  cd /srv/medskapa && .venv/bin/python manage.py run_event_housekeeping

It enqueues one task (``medskapa.events.tasks.run_housekeeping``) on the configured Tasks
backend; with the immediate backend it runs at once. Idempotent: running it twice sends no
reminder twice and deletes nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.events.tasks import run_housekeeping


class Command(BaseCommand):
    help = "Expire guardian approvals, send reminders and feedback requests, apply retention."

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_housekeeping.enqueue()
        if result.is_finished:
            report = result.return_value or {}
            summary = ", ".join(f"{key}={value}" for key, value in report.items())
            self.stdout.write(f"Event housekeeping done: {summary}")
        else:
            self.stdout.write(f"Event housekeeping queued as task {result.id}.")
