"""Background work for the shell: tasks only load and call a service."""

from __future__ import annotations

from django_tasks import task

from . import notifications


@task()
def notify_accessibility_report(*, report_id: str) -> None:
    notifications.send_accessibility_report(report_id=report_id)


@task()
def send_notification_email(*, notification_id: str) -> None:
    notifications.send_notification_email(notification_id=notification_id)
