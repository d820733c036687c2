"""The hash chain: each row is hashed with the one before it, and verify finds any change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from medskapa.audit import keys, services
from medskapa.audit.chain import GENESIS, HASHED_FIELDS, row_hash
from medskapa.audit.models import AuditEvent
from medskapa.audit.verify import verify_all, verify_chain, verify_report
from tests.personas import Personas

from .helpers import Action, log, tamper

FIELDS = {
    "occurred_at": datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    "organisation_id": "3f1c2b7e-0000-4000-8000-000000000001",
    "actor_id": "3f1c2b7e-0000-4000-8000-000000000002",
    "actor_kind": "user",
    "actor_role": "worker",
    "action": "view",
    "object_type": "organisations.caseload",
    "object_id": "1",
    "subject_id": "3f1c2b7e-0000-4000-8000-000000000003",
    "purpose": "meeting",
    "detail": "",
    "request_id": "abc12345",
    "ip": "192.0.2.1",
}


def test_row_hash_is_stable_for_the_same_content() -> None:
    assert row_hash(GENESIS, FIELDS) == row_hash(GENESIS, dict(FIELDS))
    assert len(row_hash(GENESIS, FIELDS)) == 64


@pytest.mark.parametrize("name", HASHED_FIELDS)
def test_row_hash_changes_when_any_hashed_field_changes(name: str) -> None:
    changed = dict(FIELDS, **{name: "something else"})
    assert row_hash(GENESIS, changed) != row_hash(GENESIS, FIELDS)


def test_row_hash_depends_on_the_previous_row() -> None:
    assert row_hash(GENESIS, FIELDS) != row_hash("1" * 64, FIELDS)


def test_each_organisation_has_its_own_chain_starting_at_genesis(personas: Personas) -> None:
    own_first = log(personas.worker, personas.own.pk)
    other_first = log(personas.outsider_worker, personas.other.pk)
    own_second = log(personas.admin, personas.own.pk)
    assert own_first.prev_hash == GENESIS
    assert other_first.prev_hash == GENESIS
    assert own_second.prev_hash == own_first.hash


def test_an_untouched_chain_verifies(personas: Personas) -> None:
    for _ in range(3):
        log(personas.worker, personas.own.pk, subject=personas.young, purpose="meeting")
    log(None, None, action=Action.LOGIN_FAILED)
    assert verify_chain(personas.own.pk) is None
    assert verify_all() == []
    report = verify_report()
    assert report.ok
    assert report.events == AuditEvent.objects.count()


def test_a_row_changed_with_raw_sql_is_detected_and_named(personas: Personas) -> None:
    first = log(personas.worker, personas.own.pk, purpose="meeting")
    middle = log(personas.worker, personas.own.pk, purpose="meeting")
    log(personas.worker, personas.own.pk, purpose="meeting")

    tamper("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["nothing", middle.id])

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == middle.id
    assert broken.organisation_id == personas.own.pk
    assert "changed" in broken.reason
    assert broken.event_id != first.id


def test_a_changed_time_is_detected(personas: Personas) -> None:
    event = log(personas.worker, personas.own.pk)
    tamper(
        "UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s",
        [datetime(2020, 1, 1, tzinfo=UTC), event.id],
    )
    broken = verify_chain(personas.own.pk)
    assert broken is not None and broken.event_id == event.id


def test_a_changed_row_rehashed_without_the_key_is_detected_at_that_row(
    personas: Personas,
) -> None:
    log(personas.worker, personas.own.pk)
    middle = log(personas.worker, personas.own.pk, purpose="meeting")
    log(personas.worker, personas.own.pk)
    stored = AuditEvent.stored.get(pk=middle.pk)
    fields = {name: getattr(stored, name) for name in HASHED_FIELDS} | {"purpose": "forged"}
    forged_hash = row_hash(middle.prev_hash, fields)  # plain SHA-256: no key

    tamper(
        "UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE id = %s",
        ["forged", forged_hash, middle.id],
    )

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == middle.id
    assert "changed" in broken.reason


def test_a_changed_row_rehashed_with_the_key_breaks_the_link_to_the_next_row(
    personas: Personas,
) -> None:
    log(personas.worker, personas.own.pk)
    middle = log(personas.worker, personas.own.pk, purpose="meeting")
    last = log(personas.worker, personas.own.pk)
    stored = AuditEvent.stored.get(pk=middle.pk)
    fields = {name: getattr(stored, name) for name in HASHED_FIELDS} | {"purpose": "forged"}
    forged_hash = row_hash(middle.prev_hash, fields, keys.current()[1])

    tamper(
        "UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE id = %s",
        ["forged", forged_hash, middle.id],
    )

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == last.id
    assert "link" in broken.reason


def test_a_middle_row_deleted_with_raw_sql_is_detected(personas: Personas) -> None:
    log(personas.worker, personas.own.pk)
    middle = log(personas.worker, personas.own.pk)
    after = log(personas.worker, personas.own.pk)

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [middle.id])

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == after.id
    assert "link" in broken.reason


def test_deleting_the_first_row_is_detected_at_the_second(personas: Personas) -> None:
    first = log(personas.worker, personas.own.pk)
    second = log(personas.worker, personas.own.pk)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [first.id])
    broken = verify_chain(personas.own.pk)
    assert broken is not None and broken.event_id == second.id


def test_a_break_in_one_chain_leaves_the_others_verified(personas: Personas) -> None:
    own = log(personas.worker, personas.own.pk)
    log(personas.outsider_worker, personas.other.pk)
    tamper("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["42", own.id])

    breaks = verify_all()
    assert [(b.organisation_id, b.event_id) for b in breaks] == [(personas.own.pk, own.id)]
    assert verify_chain(personas.other.pk) is None


@pytest.mark.parametrize(
    ("remote_addr", "stored"),
    [
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("192.0.2.7", "192.0.2.7"),
        ("not an address", None),
        ("", None),
    ],
)
def test_client_addresses_are_stored_as_hashed_so_the_chain_still_verifies(
    personas: Personas, remote_addr: str, stored: str | None
) -> None:
    event = log(personas.worker, personas.own.pk, remote_addr=remote_addr)
    assert AuditEvent.objects.get(pk=event.pk).ip == stored
    assert verify_chain(personas.own.pk) is None


def test_the_request_id_from_the_middleware_is_recorded(personas: Personas) -> None:
    request = RequestFactory().get("/")
    request.request_id = "req-12345678"  # type: ignore[attr-defined]
    event = services.record(action=Action.VIEW, request=request, organisation_id=personas.own.pk)
    assert AuditEvent.objects.get(pk=event.pk).request_id == "req-12345678"
    assert event.actor_kind == "anonymous"
