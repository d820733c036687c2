"""Background work for reports: tasks only load and call a service."""

from __future__ import annotations

from django_tasks import task

from medskapa.organisations.models import Organisation

from . import rollups


@task()
def refresh_rollups(*, organisation_id: str | None = None, full: bool = False) -> None:
    """Refresh one organisation's rollups (or all); schedule it e.g. every 10 minutes."""
    if organisation_id is None:
        rollups.refresh_all(full=full)
        return
    rollups.refresh_organisation(Organisation.objects.get(pk=organisation_id), full=full)
