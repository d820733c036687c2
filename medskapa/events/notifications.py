"""Messages about sign-ups and the panel, by e-mail (Django's backends) and SMS (``sms.py``).

Called from tasks only. Links are made absolute with ``MEDSKAPA_BASE_URL`` (the address people
reach the service at), since reminders and promotions are sent with no request at hand.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from medskapa.web.sms import send_sms

from .models import Event, PanelChannel, PanelInvitation, SignUp

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def absolute(path: str) -> str:
    base = str(getattr(settings, "MEDSKAPA_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")
    return f"{base}{path}"


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    return str(formats.date_format(start, "l j F Y, H:i"))


def deliver(*, email: str, phone: str, subject: str, body: str) -> int:
    """Send by e-mail and/or SMS, whichever contacts there are; returns messages sent."""
    sent = 0
    if email:
        sent += send_mail(subject, body, None, [email])
    if phone:
        sent += send_sms(phone, f"{subject}\n{body}")
    return sent


def _signup_text(kind: str, signup: SignUp, url: str) -> tuple[str, str]:
    event = signup.event
    values = {
        "name": signup.name,
        "title": event.title,
        "when": _when(event),
        "place": event.place,
        "url": url,
        "org": event.organisation.name,
    }
    if kind == "confirm_contact":
        return (
            _("Open the link to book your seat: %(title)s") % values,
            _(
                "Hi %(name)s! You signed up for %(title)s, %(when)s. Your seat is booked only "
                "when you open this link and press Confirm: %(url)s The link works for 30 "
                "minutes. Did you not sign up? Then do nothing, and we delete it."
            )
            % values,
        )
    if kind == "confirmed":
        return (
            _("You have a seat: %(title)s") % values,
            _(
                "Hi %(name)s! You have a seat at %(title)s, %(when)s, %(place)s. "
                "Can you not come? Cancel here: %(url)s"
            )
            % values,
        )
    if kind == "promoted":
        return (
            _("A seat is free for you: %(title)s") % values,
            _(
                "Hi %(name)s! A seat became free and it is yours: %(title)s, %(when)s, "
                "%(place)s. Can you not come? Cancel here: %(url)s"
            )
            % values,
        )
    if kind == "waitlisted":
        return (
            _("You are on the waiting list: %(title)s") % values,
            _(
                "Hi %(name)s! All seats at %(title)s are taken, so you are on the waiting "
                "list. We tell you if a seat becomes free. Cancel here: %(url)s"
            )
            % values,
        )
    if kind == "pending_guardian":
        return (
            _("We have asked your guardian: %(title)s") % values,
            _(
                "Hi %(name)s! We keep a seat for you at %(title)s. Your guardian gets a message "
                "and can say yes. Cancel here: %(url)s"
            )
            % values,
        )
    if kind == "guardian_request":
        values["until"] = (
            formats.date_format(timezone.localtime(signup.guardian_expires_at), "j F")
            if signup.guardian_expires_at
            else ""
        )
        return (
            _("%(name)s wants to take part in %(title)s") % values,
            _(
                "Hello! %(name)s has signed up for %(title)s with %(org)s, %(when)s, "
                "%(place)s. A guardian must say yes first. Read more and answer here: "
                "%(url)s (the link works until %(until)s)."
            )
            % values,
        )
    if kind == "guardian_yes":
        return (
            _("Your guardian said yes: %(title)s") % values,
            _(
                "Hi %(name)s! Your guardian said yes, so you have a seat at %(title)s, "
                "%(when)s, %(place)s. Can you not come? Cancel here: %(url)s"
            )
            % values,
        )
    if kind == "guardian_no":
        return (
            _("No seat this time: %(title)s") % values,
            _(
                "Hi %(name)s! Your guardian did not say yes, so you do not have a seat at "
                "%(title)s this time."
            )
            % values,
        )
    if kind == "guardian_expired":
        return (
            _("No seat this time: %(title)s") % values,
            _(
                "Hi %(name)s! We did not get an answer from your guardian in time, so the "
                "seat at %(title)s went to someone else. You are welcome to sign up again."
            )
            % values,
        )
    if kind == "reminder":
        return (
            _("Reminder: %(title)s") % values,
            _(
                "Hi %(name)s! Welcome to %(title)s, %(when)s, %(place)s. "
                "Can you not come? Cancel here, so someone else can have the seat: %(url)s"
            )
            % values,
        )
    if kind == "feedback_request":
        return (
            _("What did you think of %(title)s?") % values,
            _(
                "Hi %(name)s! Thank you for coming to %(title)s. What did you think? "
                "Tell us here, no name needed: %(url)s"
            )
            % values,
        )
    if kind == "event_cancelled":
        return (
            _("Cancelled: %(title)s") % values,
            _("Hi %(name)s! %(title)s on %(when)s is cancelled. We are sorry.") % values,
        )
    raise ValueError(f"Unknown message kind {kind!r}")


def send_signup_message(*, signup_id: str, kind: str, url: str = "") -> int:
    signup = SignUp.objects.select_related("event__organisation").filter(pk=signup_id).first()
    if signup is None:  # deleted in the meantime (cancelled event purged, retention)
        return 0
    # Nothing but the link itself goes to an address nobody has confirmed, and the link only
    # while it is needed (a reminder or a cancellation never reaches a stranger's inbox).
    if (kind == "confirm_contact") != (signup.status == SignUp.Status.UNCONFIRMED):
        return 0
    with translation.override("sv"):
        subject, body = _signup_text(kind, signup, url)
    if kind == "guardian_request":
        return deliver(
            email=signup.guardian_email, phone=signup.guardian_phone, subject=subject, body=body
        )
    return deliver(
        email=signup.contact_email, phone=signup.contact_phone, subject=subject, body=body
    )


def send_panel_invitation(*, invitation_id: str, url: str) -> int:
    invitation = (
        PanelInvitation.objects.select_related("membership", "event", "organisation")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.event is None or not invitation.membership.is_active:
        return 0
    membership = invitation.membership
    with translation.override("sv"):
        values = {"title": invitation.event.title, "org": invitation.organisation.name, "url": url}
        subject = _("You are invited: %(title)s") % values
        body = (
            _(
                "Hi! You are in the panel of %(org)s, so we ask you first: do you want to come to "
                "%(title)s? Read more and sign up here: %(url)s"
            )
            % values
        )
    if membership.channel == PanelChannel.EMAIL:
        return deliver(email=membership.contact, phone="", subject=subject, body=body)
    if membership.channel == PanelChannel.SMS:
        return deliver(email="", phone=membership.contact, subject=subject, body=body)
    return 0  # in the app only: the invitation shows on their own page
