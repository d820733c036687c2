"""A young person shares a summary through a link they can stop, and controls reminders."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.checkins import services
from medskapa.checkins.models import ShareLink
from medskapa.web import sms
from medskapa.web.models import Notification
from tests.checkins.helpers import answers, submit
from tests.personas import Personas


def _share(client: Client, org_id: object) -> str:
    page = client.post(
        reverse("checkins:share", args=[org_id]), {"shared_with": "Skolkurator", "days": "7"}
    )
    html = page.content.decode()
    return html.split('id="share-url" type="text" readonly value="')[1].split('"')[0]


def test_a_shared_link_shows_the_summary_and_logs_every_visit(
    personas: Personas, client_for
) -> None:
    submit(personas.young, personas.own, answers(school=2))
    url = _share(client_for(personas.young), personas.own.pk)
    page = Client().get(url)
    assert page.status_code == 200
    assert (
        AuditEvent.objects.filter(
            action="view",
            subject_id=personas.young.pk,
            purpose="summary shared by the young person",
        ).count()
        == 1
    )


def test_a_stopped_link_no_longer_works(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    url = _share(client, personas.own.pk)
    link = ShareLink.objects.get()
    client.post(reverse("checkins:share_revoke", args=[link.pk]))
    assert Client().get(url).status_code == 404


def test_an_expired_link_no_longer_works(personas: Personas, client_for) -> None:
    url = _share(client_for(personas.young), personas.own.pk)
    ShareLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(url).status_code == 404


def test_only_the_young_person_can_stop_their_link(personas: Personas, client_for) -> None:
    _share(client_for(personas.young), personas.own.pk)
    link = ShareLink.objects.get()
    response = client_for(personas.worker).post(reverse("checkins:share_revoke", args=[link.pk]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_reminders_are_sent_when_due_by_the_chosen_channel_and_only_once(
    personas: Personas, settings
) -> None:
    settings.MEDSKAPA_SMS_BACKEND = "medskapa.web.sms.LocmemSmsBackend"
    sms.outbox.clear()
    plan = services.reminder_plan_for(personas.young, personas.own)
    services.reminder_plan_update(
        actor=actor_for_user(personas.young),
        plan=plan,
        every_days=7,
        channel="sms",
        email="",
        phone="0701234567",
    )
    now = timezone.now()
    assert services.reminders_send_due(now) == 1
    assert services.reminders_send_due(now + timedelta(days=1)) == 0
    assert len(sms.outbox) == 1 and sms.outbox[0].to == "0701234567"
    assert services.reminders_send_due(now + timedelta(days=8)) == 1


def test_a_recent_check_in_postpones_the_reminder(personas: Personas) -> None:
    plan = services.reminder_plan_for(personas.young, personas.own)
    services.reminder_plan_update(
        actor=actor_for_user(personas.young),
        plan=plan,
        every_days=7,
        channel="email",
        email="a@b.se",
        phone="",
    )
    submit(personas.young, personas.own)
    assert services.reminders_send_due(timezone.now() + timedelta(days=2)) == 0
    assert services.reminders_send_due(timezone.now() + timedelta(days=8)) == 1
    assert len(mail.outbox) == 1


def test_remind_me_later_and_off_in_one_tap(personas: Personas, client_for) -> None:
    plan = services.reminder_plan_for(personas.young, personas.own)
    services.reminder_plan_update(
        actor=actor_for_user(personas.young),
        plan=plan,
        every_days=7,
        channel="app",
        email="",
        phone="",
    )
    client = client_for(personas.young)
    client.post(reverse("checkins:reminders", args=[personas.own.pk]), {"action": "later"})
    assert services.reminders_send_due(timezone.now()) == 0
    client.post(reverse("checkins:reminders", args=[personas.own.pk]), {"action": "off"})
    plan.refresh_from_db()
    assert plan.every_days == 0
    assert services.reminders_send_due(timezone.now() + timedelta(days=30)) == 0
    assert not Notification.objects.filter(recipient=personas.young).exists()


def test_sms_reminders_without_a_number_get_a_clear_error(personas: Personas, client_for) -> None:
    response = client_for(personas.young).post(
        reverse("checkins:reminders", args=[personas.own.pk]),
        {"action": "save", "every_days": "7", "channel": "sms", "email": "", "phone": ""},
    )
    assert response.status_code == 400
    assert services.reminder_plan_for(personas.young, personas.own).every_days == 0


def test_a_contact_request_is_stored_once_and_the_worker_is_told(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    page = client.get(reverse("checkins:contact", args=[personas.own.pk]))
    key = page.content.decode().split('name="idempotency_key" value="')[1].split('"')[0]
    data = {
        "urgency": "today",
        "channel": "call",
        "reach_at": "070-1",
        "message": "",
        "idempotency_key": key,
    }
    for _ in range(2):
        client.post(reverse("checkins:contact", args=[personas.own.pk]), data)
    assert personas.young.contact_requests.count() == 1
    assert (
        Notification.objects.filter(
            recipient=personas.worker, kind="checkin.contact_request"
        ).count()
        == 1
    )


def test_a_call_me_request_without_a_number_is_refused(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    response = client.post(
        reverse("checkins:contact", args=[personas.own.pk]),
        {
            "urgency": "today",
            "channel": "call",
            "reach_at": "",
            "message": "",
            "idempotency_key": "6f1c2d1e-4c5b-4b8e-9a3f-1d2e3f4a5b6c",
        },
    )
    assert response.status_code == 400
    assert not personas.young.contact_requests.exists()


def test_the_reminder_command_sends_once(personas: Personas) -> None:
    from io import StringIO

    from django.core.management import call_command

    plan = services.reminder_plan_for(personas.young, personas.own)
    services.reminder_plan_update(
        actor=actor_for_user(personas.young),
        plan=plan,
        every_days=7,
        channel="app",
        email="",
        phone="",
    )
    out = StringIO()
    call_command("send_checkin_reminders", stdout=out)
    call_command("send_checkin_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "Check-in reminders sent: 1",
        "Check-in reminders sent: 0",
    ]
    assert (
        Notification.objects.filter(recipient=personas.young, kind="checkin.reminder").count() == 1
    )
