"""Tell an organisation that someone reported an accessibility problem (no personal data)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AccessibilityReport


def send_accessibility_report(*, report_id: str) -> None:
    report = AccessibilityReport.objects.select_related("organisation").get(pk=report_id)
    organisation = report.organisation
    if organisation is None or not organisation.contact_email:
        return
    with translation.override("sv"):
        subject = _("New report of an accessibility problem")
        body = _(
            "Someone has reported a problem with the accessibility of Medskapa. Read it and "
            "answer under the organisation's accessibility reports: %(path)s"
        ) % {"path": reverse("web:accessibility_reports", args=[organisation.pk])}
    send_mail(subject, body, None, [organisation.contact_email])
