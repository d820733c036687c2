"""On PostgreSQL the application's own database role cannot erase or rewrite the audit log.

The suite's database is made by the role under test (a non-superuser with CREATEDB, as in
production); a fixture connects as a superuser (``DBA_DATABASE_URL``) and runs
``secure_audit_log`` on the test database, as an operator does once after ``migrate``. Then,
as the application's role, every way to remove or change rows is refused. ``.ci/run`` runs this
file as such a role; run as a superuser (who bypasses privileges) these tests skip.
"""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from medskapa.audit.models import AuditEvent, AuditPseudonym
from tests.personas import Personas

from .helpers import is_superuser, log

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles and privileges are PostgreSQL's"
)
pytestmark = postgres_only


@pytest.fixture(scope="session")
def secured(django_db_setup, django_db_blocker) -> str:  # type: ignore[no-untyped-def]
    """The test database secured by a superuser connection; returns the app's role."""
    url = os.environ.get("DBA_DATABASE_URL", "")
    # CI sets AUDIT_ROLE_TESTS=required: there a skip would hide that nothing was proved.
    give_up = pytest.fail if os.environ.get("AUDIT_ROLE_TESTS") == "required" else pytest.skip
    with django_db_blocker.unblock():
        if is_superuser():
            give_up("the suite runs as a superuser, whom no privilege restrains")
        if not url:
            give_up("DBA_DATABASE_URL (a superuser connection) is needed to secure the log")
        role = str(connection.settings_dict["USER"])
        for _ in range(2):  # safe to run again
            call_command(
                "secure_audit_log",
                database_url=url,
                dbname=connection.settings_dict["NAME"],
                app_role=role,
                stdout=io.StringIO(),
            )
    return role


@pytest.fixture
def event(secured: str, personas: Personas) -> AuditEvent:
    return log(personas.worker, personas.own.pk, subject=personas.young, purpose="meeting")


def _refused(statement: str, params: list[object] | None = None) -> str:
    with (
        pytest.raises(DatabaseError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)
    return str(raised.value)


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditevent",
        "TRUNCATE audit_auditevent, audit_auditreview CASCADE",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditevent SET purpose = 'coffee'",
        "UPDATE audit_auditpseudonym SET pseudonym = gen_random_uuid()",
        "TRUNCATE audit_auditpseudonym",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "DROP TABLE audit_auditevent CASCADE",
        "DROP FUNCTION medskapa_audit_append_only() CASCADE",
        "CREATE OR REPLACE FUNCTION medskapa_audit_append_only() RETURNS trigger "
        "AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
        "ALTER TABLE audit_auditevent RENAME TO audit_old",
        "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
    ],
)
def test_the_application_role_cannot_erase_or_rewrite_the_log(
    event: AuditEvent, statement: str
) -> None:
    message = _refused(statement)
    assert any(
        reason in message
        for reason in ("permission denied", "must be owner", "cannot be dropped", "append-only")
    ), message
    assert AuditEvent.objects.filter(pk=event.pk, purpose="meeting").exists()
    assert AuditPseudonym.objects.filter(person_id=event.subject_id).exists()


def test_replica_mode_to_skip_the_triggers_is_refused(event: AuditEvent) -> None:
    message = _refused("SET LOCAL session_replication_role = replica; DELETE FROM audit_auditevent")
    assert "permission denied" in message
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_application_role_still_appends_reads_and_forgets(
    event: AuditEvent, personas: Personas
) -> None:
    from medskapa.access.actor import actor_for_user
    from medskapa.audit import services
    from medskapa.audit.verify import verify_report

    log(personas.worker, personas.own.pk, subject=personas.young)
    assert AuditEvent.objects.filter(subject_id=personas.young.pk).count() == 2
    assert services.forget_person(actor=actor_for_user(personas.admin), person_id=personas.young.pk)
    assert verify_report().ok


def test_the_owner_role_cannot_log_in(secured: str, db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, pg_has_role(%s, 'medskapa_audit_owner', 'MEMBER') "
            "FROM pg_roles WHERE rolname = 'medskapa_audit_owner'",
            [secured],
        )
        assert cursor.fetchone() == (False, False)


def test_truncate_by_a_table_owner_who_is_no_superuser_is_refused_by_the_trigger(
    personas: Personas,
) -> None:
    """Defence in depth for a database not yet secured, where the app's role owns the table."""
    if not is_superuser():
        pytest.skip("changing the table's owner for this test needs a superuser")
    log(personas.worker, personas.own.pk)
    statement = (
        "CREATE ROLE medskapa_audit_test_truncater NOLOGIN;"
        "ALTER TABLE audit_auditevent OWNER TO medskapa_audit_test_truncater;"
        "SET LOCAL ROLE medskapa_audit_test_truncater;"
        "TRUNCATE audit_auditevent"
    )
    assert "append-only (TRUNCATE of audit_auditevent refused)" in _refused(statement)
    assert AuditEvent.objects.exists()
