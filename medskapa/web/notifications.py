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


def send_notification_email(*, notification_id: str) -> None:
    """Tell someone by e-mail that a note waits in Medskapa; only the link, no details."""
    from .models import Notification

    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    address = notification.recipient.email
    if not address:
        return
    with translation.override(notification.recipient.preferred_language or "sv"):
        subject = _("Something in Medskapa needs you")
        body = _(
            "A new notification is waiting for you in Medskapa. Log in to read it: %(url)s\n\n"
            "For safety this e-mail does not say who it is about."
        ) % {"url": _absolute(notification.url)}
    send_mail(subject, body, None, [address])


def _absolute(path: str) -> str:
    from django.conf import settings

    base = getattr(settings, "MEDSKAPA_BASE_URL", "").rstrip("/")
    return f"{base}{path}"
