"""Background work for insights: tasks only load and call a service."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_themes(*, run_id: str, started_by: str = "") -> None:
    """The system runs the engine; ``started_by`` is the designer who asked (audited)."""
    services.theme_run_execute(run_id, started_by=started_by)


@task()
def delete_expired_sources() -> int:
    return services.sources_past_retention_delete()


@task()
def delete_stale_uploads() -> int:
    return services.pending_uploads_delete_stale()
