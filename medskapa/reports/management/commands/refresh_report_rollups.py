"""Bring the dashboards' rollups up to date (incremental; --full rebuilds everything)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from medskapa.organisations.models import Organisation
from medskapa.reports import rollups


class Command(BaseCommand):
    help = "Refresh the report rollups from the check-in scores (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Rebuild every month.")
        parser.add_argument("--organisation", help="Only this organisation (slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["organisation"]:
            organisation = Organisation.objects.get(slug=options["organisation"])
            months = rollups.refresh_organisation(organisation, full=options["full"])
            done = {organisation.slug: months}
        else:
            done = rollups.refresh_all(full=options["full"])
        for slug, months in done.items():
            self.stdout.write(f"{slug}: {months} months rebuilt")
