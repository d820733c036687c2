"""Gallring for insights: delete sources (with their fragments and masked originals) whose
"keep until" date has passed, and uploaded tables whose column step was abandoned more than a
day ago (they hold unmasked names and personal identity numbers).
Run it daily from cron or a systemd timer::

    0 3 * * *  cd /srv/medskapa && .venv/bin/python manage.py run_insights_housekeeping

It enqueues one task on the configured Tasks backend; with the immediate backend it runs at
once. Idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from medskapa.insights.tasks import delete_expired_sources, delete_stale_uploads


class Command(BaseCommand):
    help = "Delete insight sources past their retention date and abandoned uploads."

    def handle(self, *args: Any, **options: Any) -> None:
        result = delete_expired_sources.enqueue()
        if result.is_finished:
            self.stdout.write(f"Deleted {result.return_value} sources past their retention date.")
        else:
            self.stdout.write("Queued: a worker deletes the expired sources.")
        uploads = delete_stale_uploads.enqueue()
        if uploads.is_finished:
            self.stdout.write(f"Deleted {uploads.return_value} abandoned uploads.")
        else:
            self.stdout.write("Queued: a worker deletes the abandoned uploads.")
