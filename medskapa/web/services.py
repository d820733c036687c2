"""Writes of the shell's own data: accessibility reports and in-app notifications.

Each declares who may call it (``access.actions``). Notes are put in someone's list by other
services after their own check; the note says only what kind of thing happened, and its link
leads to a page that checks access again.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.utils import timezone

from medskapa.access.actions import acts, acts_as_system, acts_for_anyone
from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation

from .models import AccessibilityReport, Notification
from .tasks import notify_accessibility_report, send_notification_email


@acts_for_anyone("Anyone may say a page is hard to use; the form is throttled per client.")
@transaction.atomic
def accessibility_report_create(
    *, organisation: Organisation | None, page: str, description: str, contact: str
) -> AccessibilityReport:
    report = AccessibilityReport(
        organisation=organisation,
        page=page.strip(),
        description=description.strip(),
        contact=contact.strip(),
    )
    report.full_clean()
    report.save()
    if organisation is not None and organisation.contact_email:
        report_id = str(report.pk)
        transaction.on_commit(lambda: notify_accessibility_report.enqueue(report_id=report_id))
    return report


@acts("accessibility_report.manage", on="report")
@transaction.atomic
def accessibility_report_mark_handled(*, actor: Actor, report: AccessibilityReport) -> None:
    report.handled_at = timezone.now()
    report.save(update_fields=["handled_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=report.organisation_id,
        obj=report,
        detail="handled",
    )


@acts_as_system("Called by a service that has already checked its own actor.")
def notify(
    *,
    recipient_id: UUID,
    organisation_id: UUID | None,
    kind: str,
    text: str,
    url: str,
    email: bool = False,
) -> Notification:
    """Put a note in someone's in-app list (and, if asked, e-mail them that one is waiting).

    ``text`` must not carry personal details: it says what kind of thing happened, and ``url``
    leads to a page that checks access again. The e-mail goes after the transaction commits.
    """
    notification = Notification.objects.create(
        recipient_id=recipient_id, organisation_id=organisation_id, kind=kind, text=text, url=url
    )
    if email:
        notification_id = str(notification.pk)
        transaction.on_commit(
            lambda: send_notification_email.enqueue(notification_id=notification_id)
        )
    return notification


@acts_as_system("Called by a service (a batch of check-ins) that has checked its work.")
def notify_many(notes: list[Notification], *, email: bool = False) -> list[Notification]:
    """Several notes in one insert (a batch of check-ins); the same rules as ``notify``.

    At most one e-mail per recipient, for the first of their notes (put the most urgent
    first): the e-mail only says that something waits, so ten in a minute would say nothing
    more and bury it.
    """
    if not notes:
        return []
    created = Notification.objects.bulk_create(notes)
    if email:
        first: dict[UUID, str] = {}
        for note in created:
            first.setdefault(note.recipient_id, str(note.pk))
        ids = list(first.values())
        transaction.on_commit(lambda: _email_each(ids))
    return created


def _email_each(notification_ids: list[str]) -> None:
    for notification_id in notification_ids:
        send_notification_email.enqueue(notification_id=notification_id)


@acts("notification.view", on="notification")
def notification_mark_read(*, actor: Actor, notification: Notification) -> None:
    """Only the person the note is for marks it read."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
