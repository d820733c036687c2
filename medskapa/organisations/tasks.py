"""Background work for organisations: tasks only load and call a service."""

from __future__ import annotations

from django_tasks import task

from . import notifications


@task()
def send_staff_invite(*, invite_id: str, url: str) -> None:
    notifications.send_staff_invite(invite_id=invite_id, url=url)
