"""An index the rollup refresh needs on the check-ins' score table: (organisation,
submitted_at), so rebuilding a few months reads only those months. It belongs with the
``AreaScore`` model (checkins); until it moves there it is created here, idempotently."""

from django.db import migrations

INDEX = "reports_areascore_org_time"


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("checkins", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON checkins_areascore (organisation_id, submitted_at)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
