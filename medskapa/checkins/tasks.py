"""Background work for check-ins: tasks only load and call a service."""

from __future__ import annotations

from uuid import UUID

from django_tasks import task

from . import processing


@task()
def process_checkins(*, organisation_id: str) -> int:
    return processing.process_queued(UUID(organisation_id))
