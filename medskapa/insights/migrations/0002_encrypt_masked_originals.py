"""Encrypt the originals of masked spans at rest (issue 13, finding 7).

One migration on purpose (not schema and data apart): the column is widened to text, the
existing plain originals are encrypted in place, and only then does the model read it as
encrypted, all in one transaction on PostgreSQL, so no state is left where the field would
try to decrypt plain text. Reversible: the reverse decrypts.
"""

from django.db import migrations, models

import medskapa.web.crypto

BATCH = 1000


def _rewrite(apps, convert) -> None:  # type: ignore[no-untyped-def]
    # The historical model still has a plain TextField here, so values pass through as stored.
    MaskedSpan = apps.get_model("insights", "MaskedSpan")
    last = 0
    while True:
        rows = list(MaskedSpan.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        for row in rows:
            row.original = convert(row.original)
        MaskedSpan.objects.bulk_update(rows, ["original"])
        last = rows[-1].pk


def encrypt_originals(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _rewrite(apps, medskapa.web.crypto.encrypt_str)


def decrypt_originals(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _rewrite(apps, medskapa.web.crypto.decrypt_str)


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="maskedspan",
            name="original",
            field=models.TextField(),
        ),
        migrations.RunPython(encrypt_originals, decrypt_originals),
        migrations.AlterField(
            model_name="maskedspan",
            name="original",
            field=medskapa.web.crypto.EncryptedTextField(),
        ),
    ]
