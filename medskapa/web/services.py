"""Writes of the shell's own data: accessibility reports."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation

from .models import AccessibilityReport
from .tasks import notify_accessibility_report


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
