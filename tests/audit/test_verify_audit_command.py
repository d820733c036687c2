"""``manage.py verify_audit``: 0 and a summary when the chains fit, non-zero naming the break."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.personas import Personas

from .helpers import log, tamper


def run() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_an_empty_log_verifies(db: None) -> None:
    assert run().strip() == "OK: 0 events in 0 chains, 0 checked against their checkpoint"


def test_untouched_chains_verify_and_are_counted(personas: Personas) -> None:
    log(personas.worker, personas.own.pk)
    log(personas.admin, personas.own.pk)
    log(personas.outsider_worker, personas.other.pk)
    log(None, None)
    assert run().strip() == "OK: 4 events in 3 chains, 0 checked against their checkpoint"


def test_a_broken_chain_exits_non_zero_and_names_the_first_broken_row(
    personas: Personas,
) -> None:
    log(personas.worker, personas.own.pk)
    changed = log(personas.worker, personas.own.pk, purpose="meeting")
    log(personas.worker, personas.own.pk)
    log(personas.outsider_worker, personas.other.pk)
    tamper("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["coffee", changed.id])

    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 audit chains are broken"):
        call_command("verify_audit", stdout=out)

    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert str(personas.own.pk) in lines[0]
    assert f"event {changed.id}" in lines[0]
    assert "content was changed" in lines[0]


def test_the_command_exits_with_status_1_when_broken(personas: Personas) -> None:
    first = log(personas.worker, personas.own.pk)
    log(personas.worker, personas.own.pk)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [first.id])

    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", stdout=io.StringIO())
    assert raised.value.returncode == 1
