"""The three ways to erase audit rows unseen, each caught by the keyed, anchored chain.

Each attack is played with raw SQL past the model guard (SQLite) or as a superuser with
triggers off (PostgreSQL). Before the chain had a key and checkpoints, ``verify_audit`` said
OK after each of them.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from medskapa.audit import checkpoints
from medskapa.audit.models import AuditEvent
from medskapa.audit.verify import verify_chain, verify_report
from tests.personas import Personas

from .helpers import log, rechain, tamper


def _history(personas: Personas, rows: int = 5) -> list[AuditEvent]:
    events = [
        log(personas.worker, personas.own.pk, subject=personas.young, purpose="meeting")
        for _ in range(rows)
    ]
    log(personas.outsider_worker, personas.other.pk)
    return events


def _checkpoint() -> str:
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue()


def _verify() -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_a_checkpointed_untouched_log_verifies(personas: Personas) -> None:
    _history(personas)
    assert "2 checkpoints written" in _checkpoint()
    ok, out = _verify()
    assert ok, out
    assert "2 checked against their checkpoint" in out


def test_checkpointing_again_without_new_rows_writes_nothing(personas: Personas) -> None:
    _history(personas)
    _checkpoint()
    assert "OK: 0 checkpoints written" in _checkpoint()
    log(personas.worker, personas.own.pk)
    assert "OK: 1 checkpoints written" in _checkpoint()
    assert verify_report().ok


def test_truncating_the_whole_log_is_detected(personas: Personas) -> None:
    _history(personas)
    _checkpoint()

    tamper("DELETE FROM audit_auditevent", [])

    ok, out = _verify()
    assert not ok
    assert str(personas.own.pk) in out and str(personas.other.pk) in out
    assert "rows removed" in out


def test_removing_the_newest_rows_of_a_chain_is_detected(personas: Personas) -> None:
    events = _history(personas)
    _checkpoint()

    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[-2].id, events[-1].id])

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == events[-1].id
    assert "5 events were checkpointed" in broken.reason and "3 are there now" in broken.reason
    assert verify_chain(personas.other.pk) is None


def test_deleting_a_middle_row_is_detected(personas: Personas) -> None:
    events = _history(personas)

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])

    broken = verify_chain(personas.own.pk)
    assert broken is not None and broken.event_id == events[3].id


def test_deleting_a_middle_row_and_rechaining_without_the_key_is_detected(
    personas: Personas,
) -> None:
    events = _history(personas)

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    rechain(personas.own.pk)

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert broken.event_id == events[0].id  # the first row no longer fits its keyed hash


def test_rechaining_as_unkeyed_rows_after_a_deletion_is_detected_by_the_checkpoint(
    personas: Personas,
) -> None:
    events = _history(personas)
    _checkpoint()

    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    # Claim every row was written before the key existed, and re-chain with plain SHA-256.
    tamper(
        "UPDATE audit_auditevent SET hash_version = 1 WHERE organisation_id = %s",
        [personas.own.pk.hex if _sqlite() else personas.own.pk],
    )
    rechain(personas.own.pk)

    broken = verify_chain(personas.own.pk)
    assert broken is not None
    assert "checkpointed" in broken.reason or "re-chained" in broken.reason


def test_a_forged_checkpoint_is_refused(personas: Personas, checkpoint_dir) -> None:  # type: ignore[no-untyped-def]
    _history(personas)
    _checkpoint()
    [path] = (checkpoint_dir / str(personas.own.pk)).iterdir()
    document = json.loads(path.read_text())
    document["events"] = 2
    path.write_text(json.dumps(document))

    broken = verify_chain(personas.own.pk)
    assert broken is not None and "not signed by our key" in broken.reason


def test_the_newest_checkpoint_is_the_one_compared(personas: Personas) -> None:
    _history(personas)
    _checkpoint()
    newer = log(personas.worker, personas.own.pk)
    _checkpoint()
    found = checkpoints.newest(personas.own.pk)
    assert found is not None and found.head_id == newer.id and found.events == 6


def _sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


@pytest.mark.parametrize("version", ["3"])
def test_rows_of_a_rotated_key_verify_with_the_old_key_kept(
    personas: Personas, settings, version: str
) -> None:  # type: ignore[no-untyped-def]
    log(personas.worker, personas.own.pk)
    old_key = settings.AUDIT_CHAIN_KEY
    settings.AUDIT_CHAIN_KEY = "a-new-key-for-the-next-generation-of-rows"
    settings.AUDIT_CHAIN_KEY_VERSION = int(version)
    settings.AUDIT_CHAIN_OLD_KEYS = [f"2:{old_key}"]
    log(personas.worker, personas.own.pk)
    versions = list(
        AuditEvent.stored.filter(organisation_id=personas.own.pk)
        .order_by("id")
        .values_list("hash_version", flat=True)
    )
    assert versions == [2, 3]
    assert verify_chain(personas.own.pk) is None

    settings.AUDIT_CHAIN_OLD_KEYS = []
    broken = verify_chain(personas.own.pk)
    assert broken is not None and "no key for hash version 2" in broken.reason
