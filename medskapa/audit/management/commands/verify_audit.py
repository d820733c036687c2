"""``manage.py verify_audit``: recompute every organisation's audit chain.

Exits 0 and prints "OK: N events in M chains" when every row fits; otherwise prints the first
broken row of each broken chain and exits non-zero, so a scheduler or CI can alert on it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from medskapa.audit.verify import verify_report


class Command(BaseCommand):
    help = "Check the hash chain of the audit log and name the first broken row of each chain."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_report()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK: {report.events} events in {report.chains} chains, "
                    f"{report.checkpoints} checked against their checkpoint"
                )
            )
            return
        for broken in report.breaks:
            organisation = broken.organisation_id or "(platform, no organisation)"
            self.stdout.write(
                f"BROKEN: organisation {organisation}, event {broken.event_id}: {broken.reason}"
            )
        raise CommandError(
            f"{len(report.breaks)} of {report.chains} audit chains are broken; "
            "the rows above are the first that do not fit."
        )
