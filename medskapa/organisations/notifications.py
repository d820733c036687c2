"""Messages sent to people about their organisation membership."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Invite


def send_staff_invite(*, invite_id: str, url: str) -> None:
    invite = Invite.objects.select_related("organisation", "created_by").get(pk=invite_id)
    if not invite.is_usable:
        return
    with translation.override("sv"):
        context = {"invite": invite, "url": url}
        subject = render_to_string("organisations/email/staff_invite_subject.txt", context).strip()
        body = render_to_string("organisations/email/staff_invite.txt", context)
    send_mail(subject, body, None, [invite.email])
