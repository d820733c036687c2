"""``manage.py secure_audit_log``: take the audit tables away from the application's role.

Run with a superuser (DBA) connection, after ``migrate`` and again after any migration that
touches the audit app (safe to run again). It makes a NOLOGIN role own the audit tables and
their trigger functions, leaves the application's role only SELECT and INSERT on them (and
DELETE on the pseudonym table: forgetting a person), and adds an event trigger that refuses to
drop them, which the owner of the schema could otherwise do. After it, the web and worker
processes cannot TRUNCATE, DELETE, UPDATE, disable the triggers, or DROP the audit log.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql

OWNER = "medskapa_audit_owner"
# Rows are only ever added; a pseudonym may be forgotten (deleted), never re-pointed.
PRIVILEGES = {"auditpseudonym": ("SELECT", "INSERT", "DELETE")}
DEFAULT_PRIVILEGES = ("SELECT", "INSERT")
FUNCTIONS = ("medskapa_audit_append_only()", "medskapa_audit_no_truncate()")

GUARD = """
CREATE OR REPLACE FUNCTION medskapa_audit_guard_drop() RETURNS event_trigger AS $$
DECLARE
    dropped record;
BEGIN
    IF current_setting('is_superuser') = 'on' OR pg_has_role(current_user, {owner}, 'MEMBER')
    THEN
        RETURN;
    END IF;
    FOR dropped IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
        IF (dropped.object_type IN ('table', 'sequence') AND dropped.object_name LIKE 'audit\\_%')
           OR (dropped.object_type = 'function'
               AND dropped.object_identity LIKE '%medskapa\\_audit\\_%') THEN
            RAISE EXCEPTION 'The audit log cannot be dropped by % (owner: %)',
                current_user, {owner};
        END IF;
    END LOOP;
END;
$$ LANGUAGE plpgsql;
"""


class Command(BaseCommand):
    help = (
        "Make a separate NOLOGIN role own the audit tables and leave the application's role "
        "only SELECT and INSERT on them. Needs a superuser connection (--database-url or "
        "DBA_DATABASE_URL); safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DBA_DATABASE_URL", ""),
            help="A superuser connection to the application's database (env DBA_DATABASE_URL).",
        )
        parser.add_argument(
            "--dbname", default="", help="Connect to this database instead of the URL's."
        )
        parser.add_argument(
            "--app-role",
            default="",
            help="The role the web and worker processes log in as (default: DATABASE_URL's).",
        )
        parser.add_argument("--owner-role", default=OWNER)

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["database_url"]
        if not url:
            raise CommandError("Give a superuser connection: --database-url or DBA_DATABASE_URL.")
        dba = dj_database_url.parse(url)
        if "postgresql" not in dba["ENGINE"]:
            raise CommandError("The audit log is secured on PostgreSQL only.")
        app_role = options["app_role"] or settings.DATABASES["default"].get("USER") or ""
        if not app_role:
            raise CommandError("Name the application's database role: --app-role.")
        owner = options["owner_role"]
        with psycopg.connect(
            dbname=options["dbname"] or dba["NAME"],
            user=dba["USER"] or None,
            password=dba["PASSWORD"] or None,
            host=dba["HOST"] or None,
            port=dba["PORT"] or None,
        ) as conn:
            if conn.execute("SELECT current_setting('is_superuser')").fetchone() != ("on",):
                raise CommandError("--database-url must connect as a superuser.")
            row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
            found = row.fetchone()
            if found is None:
                raise CommandError(f"There is no database role {app_role!r}.")
            if found[0]:
                raise CommandError(
                    f"{app_role!r} is a superuser, which no privilege restrains: run the web "
                    "and worker processes as a role of their own."
                )
            with conn.transaction():
                self._secure(conn, owner, app_role)
        self.stdout.write(
            self.style.SUCCESS(f"OK: the audit tables belong to {owner}; {app_role} may add rows.")
        )

    def _secure(self, conn: psycopg.Connection[Any], owner: str, app_role: str) -> None:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(owner)))
        owner_id, app_id = sql.Identifier(owner), sql.Identifier(app_role)
        for model in apps.get_app_config("audit").get_models():
            table = sql.Identifier(model._meta.db_table)
            conn.execute(sql.SQL("ALTER TABLE {} OWNER TO {}").format(table, owner_id))
            conn.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC, {}").format(table, app_id))
            granted = PRIVILEGES.get(model._meta.model_name or "", DEFAULT_PRIVILEGES)
            conn.execute(
                sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(", ").join(sql.SQL(p) for p in granted), table, app_id
                )
            )
            sequence = conn.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            ).fetchone()
            if sequence and sequence[0]:
                conn.execute(
                    sql.SQL("REVOKE ALL ON SEQUENCE {} FROM PUBLIC, {}").format(
                        sql.SQL(sequence[0]), app_id
                    )
                )
                conn.execute(
                    sql.SQL("GRANT USAGE, SELECT ON SEQUENCE {} TO {}").format(
                        sql.SQL(sequence[0]), app_id
                    )
                )
        for function in FUNCTIONS:
            found = conn.execute("SELECT to_regprocedure(%s)", [function]).fetchone()
            if found and found[0]:
                conn.execute(sql.SQL(f"ALTER FUNCTION {function} OWNER TO {{}}").format(owner_id))
        conn.execute(sql.SQL(GUARD).format(owner=sql.Literal(owner)))
        guarded = conn.execute(
            "SELECT 1 FROM pg_event_trigger WHERE evtname = 'medskapa_audit_guard_drop'"
        ).fetchone()
        if not guarded:
            conn.execute(
                "CREATE EVENT TRIGGER medskapa_audit_guard_drop ON sql_drop "
                "EXECUTE FUNCTION medskapa_audit_guard_drop()"
            )
