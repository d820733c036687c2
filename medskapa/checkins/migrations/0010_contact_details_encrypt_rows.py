"""Encrypt the contact details already stored in plain text (the columns became encrypted
text in 0009). Raw SQL on purpose: the field would try to decrypt the plain values on read.
Values that already decrypt are left alone, so running this twice changes nothing; the
reverse decrypts them again."""

from django.db import migrations

from medskapa.web.crypto import InvalidToken, decrypt_str, encrypt_str

COLUMNS = [
    ("checkins_contactrequest", "reach_at"),
    ("checkins_reminderplan", "email"),
    ("checkins_reminderplan", "phone"),
]


def _is_token(value: str) -> bool:
    try:
        decrypt_str(value)
    except (InvalidToken, ValueError, UnicodeError):
        return False
    return True


def _rewrite(schema_editor, change) -> None:  # type: ignore[no-untyped-def]
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column in COLUMNS:
            cursor.execute(
                f"SELECT id, {quote(column)} FROM {quote(table)} "  # noqa: S608 - fixed names
                f"WHERE {quote(column)} IS NOT NULL"
            )
            for pk, value in cursor.fetchall():
                new = change(value)
                if new is not None and new != value:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
                        [new, pk],
                    )


def encrypt(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rewrite(schema_editor, lambda value: None if _is_token(value) else encrypt_str(value))


def decrypt(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rewrite(schema_editor, lambda value: decrypt_str(value) if _is_token(value) else None)


class Migration(migrations.Migration):
    dependencies = [("checkins", "0009_contact_details_encrypted")]

    operations = [migrations.RunPython(encrypt, decrypt)]
