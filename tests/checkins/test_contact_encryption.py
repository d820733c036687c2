"""Contact details a young person gives (the phone number to call back, a reminder's e-mail
and mobile number) are encrypted at rest (issue 13, finding 7): the columns hold Fernet
tokens, the pages read the plain text, and rows stored before are encrypted by a migration."""

from __future__ import annotations

import importlib
import uuid
from types import SimpleNamespace

from django.db import connection

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import ContactRequest, ReminderPlan
from medskapa.web.crypto import decrypt_str
from tests.personas import Personas

PHONE = "070-123 45 67"


def _raw(table: str, column: str, pk: object) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",  # noqa: S608
            [pk.hex if connection.vendor == "sqlite" else pk],  # type: ignore[attr-defined]
        )
        return cursor.fetchone()[0]


def _contact(p: Personas) -> ContactRequest:
    return services.contact_request_create(
        actor=actor_for_user(p.young),
        organisation=p.own,
        urgency=ContactRequest.Urgency.SOON,
        channel=ContactRequest.Channel.CALL,
        reach_at=PHONE,
        message="",
        idempotency_key=uuid.uuid4(),
    )


def test_the_phone_number_to_call_back_is_ciphertext_in_its_column(personas: Personas) -> None:
    contact = _contact(personas)
    raw = _raw("checkins_contactrequest", "reach_at", contact.pk)
    assert PHONE not in raw and "070" not in raw
    assert decrypt_str(raw) == PHONE
    assert ContactRequest.objects.get(pk=contact.pk).reach_at == PHONE


def test_a_reminders_email_and_mobile_number_are_ciphertext(personas: Personas) -> None:
    plan = services.reminder_plan_for(personas.young, personas.own)
    services.reminder_plan_update(
        actor=actor_for_user(personas.young),
        plan=plan,
        every_days=7,
        channel="sms",
        email="sara@example.se",
        phone=PHONE,
    )
    for column, value in (("email", "sara@example.se"), ("phone", PHONE)):
        raw = _raw("checkins_reminderplan", column, plan.pk)
        assert value not in raw and decrypt_str(raw) == value
    plan = ReminderPlan.objects.get(pk=plan.pk)
    assert (plan.email, plan.phone) == ("sara@example.se", PHONE)


def test_the_migration_encrypts_rows_stored_in_plain_text_once(personas: Personas) -> None:
    contact = _contact(personas)
    pk = contact.pk.hex if connection.vendor == "sqlite" else contact.pk
    with connection.cursor() as cursor:  # as a row stored before the column was encrypted
        cursor.execute(
            "UPDATE checkins_contactrequest SET reach_at = %s WHERE id = %s", [PHONE, pk]
        )
    migration = importlib.import_module(
        "medskapa.checkins.migrations.0010_contact_details_encrypt_rows"
    )
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.encrypt(None, editor)
    once = _raw("checkins_contactrequest", "reach_at", contact.pk)
    migration.encrypt(None, editor)  # again: nothing changes
    assert _raw("checkins_contactrequest", "reach_at", contact.pk) == once
    assert PHONE not in once and decrypt_str(once) == PHONE
    assert ContactRequest.objects.get(pk=contact.pk).reach_at == PHONE
