"""On PostgreSQL, refuse UPDATE and DELETE of audit rows in the database itself.

TRUNCATE (used only by test teardown and by an operator acting outside the application) does not
fire row triggers. SQLite relies on the model guard alone.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION medskapa_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION medskapa_audit_append_only();
CREATE TRIGGER audit_review_append_only BEFORE UPDATE OR DELETE ON audit_auditreview
    FOR EACH ROW EXECUTE FUNCTION medskapa_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_review_append_only ON audit_auditreview;
DROP FUNCTION IF EXISTS medskapa_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the function body holds a literal '%' (RAISE's placeholder), which the
        # driver would otherwise read as a query parameter.
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
