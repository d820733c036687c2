"""Background work for check-ins: tasks only load and call a service."""

from __future__ import annotations

from uuid import UUID

from django_tasks import TaskContext, task

from . import processing


@task(takes_context=True)
def process_checkins(context: TaskContext, *, organisation_id: str) -> int:
    # The task's id names its heartbeat, so a row left RUNNING by a dead worker is found.
    return processing.process_queued(UUID(organisation_id), task_id=str(context.task_result.id))
