"""Background work for events: tasks only load and call a service.

django-tasks has no scheduler: ``manage.py run_event_housekeeping`` (run by cron or a systemd
timer, e.g. every 15 minutes) enqueues ``run_housekeeping``.
"""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from . import notifications


@task()
def send_signup_message(*, signup_id: str, kind: str, url: str = "") -> int:
    return notifications.send_signup_message(signup_id=signup_id, kind=kind, url=url)


@task()
def send_panel_invitation(*, invitation_id: str, url: str) -> int:
    return notifications.send_panel_invitation(invitation_id=invitation_id, url=url)


@task()
def run_housekeeping() -> dict[str, int]:
    from . import services

    return asdict(services.housekeeping())
