"""On PostgreSQL, refuse TRUNCATE of the audit tables, which row triggers do not see.

Defence in depth: the real barrier is that the application's role does not own these tables
(``manage.py secure_audit_log``). A superuser may still truncate (test teardown flushes the
database as one); a superuser can switch any trigger off anyway, so the exception costs nothing.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION medskapa_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('is_superuser') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only (TRUNCATE of % refused)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = ("audit_auditevent", "audit_auditreview")

TRIGGER = """
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION medskapa_audit_no_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS medskapa_audit_no_truncate()", params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_pseudonyms")]

    operations = [migrations.RunPython(forwards, backwards)]
