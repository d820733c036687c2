"""Background work for feedback: tasks only load and call a service."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def publish_message(*, message_id: str) -> int:
    return services.message_publish(message_id=message_id)
