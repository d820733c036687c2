"""Encrypt the guardians' contact details stored before 0002 made the columns encrypted.

The rows are read with plain SQL (the model field would try to decrypt plain text) and written
back through the field, which encrypts them. Backwards, the model reads (decrypts) and plain SQL
writes the clear text back before 0002's reverse turns the columns into plain text again.
"""

from typing import Any

from django.db import migrations

COLUMNS = ("guardian_email", "guardian_phone")


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    from medskapa.web.crypto import InvalidToken, decrypt_str

    SignUp = apps.get_model("events", "SignUp")
    table = SignUp._meta.db_table
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')}, {', '.join(map(quote, COLUMNS))} FROM {quote(table)}"
        )
        rows = cursor.fetchall()
    for pk, *values in rows:
        clear = {}
        for column, value in zip(COLUMNS, values, strict=True):
            if value is None:
                continue
            try:
                decrypt_str(value)
            except (InvalidToken, ValueError, UnicodeError):
                clear[column] = value  # still plain text: encrypt it
        if clear:
            SignUp.objects.filter(pk=pk).update(**clear)


def decrypt_existing(apps: Any, schema_editor: Any) -> None:
    SignUp = apps.get_model("events", "SignUp")
    table = SignUp._meta.db_table
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for pk, *values in SignUp.objects.values_list("pk", *COLUMNS):
            assignments = ", ".join(f"{quote(c)} = %s" for c in COLUMNS)
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE {quote('id')} = %s",
                [
                    *(v or "" for v in values),
                    pk.hex if schema_editor.connection.vendor == "sqlite" else pk,
                ],
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0002_signup_confirmation_and_encrypted_guardian_contact")]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
