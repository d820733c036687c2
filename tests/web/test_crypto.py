"""Encryption at rest (medskapa.web.crypto): the column holds ciphertext, keys rotate, and the
field refuses what it cannot do (filtering, indexing)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from unittest import mock

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection, models
from django.test.utils import isolate_apps

from medskapa.web.crypto import (
    EncryptedTextField,
    decrypt_str,
    encrypt_str,
    encrypted_fields,
    rotate_field,
)

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def secret_model(transactional_db: None) -> Iterator[type[models.Model]]:
    """A throw-away table with one encrypted column, created and dropped around the test."""
    with isolate_apps("medskapa.web"):

        class Secret(models.Model):
            label = models.CharField(max_length=20)
            value = EncryptedTextField(null=True, blank=True)

            class Meta:
                app_label = "web"
                db_table = "test_crypto_secret"

            def __str__(self) -> str:
                return self.label

        with connection.schema_editor() as editor:
            editor.create_model(Secret)
        try:
            yield Secret
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Secret)


def _raw(pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM test_crypto_secret WHERE id = %s", [pk])
        return cursor.fetchone()[0]  # type: ignore[no-any-return]


def test_the_column_holds_ciphertext_and_the_model_reads_plain_text(
    secret_model: type[models.Model], settings
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    row = secret_model.objects.create(label="a", value="Amir Hassan 20100101-1234")

    raw = _raw(row.pk)
    assert raw is not None
    assert "Amir" not in raw and "1234" not in raw
    assert Fernet(NEW_KEY.encode()).decrypt(raw.encode()).decode() == "Amir Hassan 20100101-1234"
    assert secret_model.objects.get(pk=row.pk).value == "Amir Hassan 20100101-1234"


def test_equal_values_encrypt_to_different_tokens_and_null_stays_null(
    secret_model: type[models.Model], settings
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    a = secret_model.objects.create(label="a", value="Sara")
    b = secret_model.objects.create(label="b", value="Sara")
    empty = secret_model.objects.create(label="c", value=None)

    assert _raw(a.pk) != _raw(b.pk)
    assert _raw(empty.pk) is None
    assert secret_model.objects.get(pk=empty.pk).value is None


def test_rotation_re_encrypts_every_row_with_the_newest_key_in_batches(
    secret_model: type[models.Model], settings
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    rows = [secret_model.objects.create(label=str(i), value=f"namn {i}") for i in range(7)]
    secret_model.objects.create(label="none", value=None)

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    (column,) = encrypted_fields([secret_model])
    assert rotate_field(column, batch_size=3) == 7

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key is gone: everything still reads
    for i, row in enumerate(rows):
        assert Fernet(NEW_KEY.encode()).decrypt(_raw(row.pk).encode()).decode() == f"namn {i}"  # type: ignore[union-attr]
        assert secret_model.objects.get(pk=row.pk).value == f"namn {i}"


def test_a_value_under_a_dropped_key_is_refused_not_returned_as_ciphertext(
    secret_model: type[models.Model], settings
) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    row = secret_model.objects.create(label="a", value="Sara")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(InvalidToken):
        secret_model.objects.get(pk=row.pk)


def test_the_field_cannot_be_filtered(secret_model: type[models.Model]) -> None:
    with pytest.raises(FieldError):
        list(secret_model.objects.filter(value="Sara"))
    with pytest.raises(FieldError):
        list(secret_model.objects.filter(value__icontains="Sara"))
    assert list(secret_model.objects.filter(value__isnull=True)) == []


@isolate_apps("medskapa.web")
def test_an_indexed_or_unique_encrypted_field_fails_the_system_check() -> None:
    class Indexed(models.Model):
        value = EncryptedTextField(db_index=True)

        class Meta:
            app_label = "web"

        def __str__(self) -> str:
            return str(self.pk)

    errors = Indexed._meta.get_field("value").check()
    assert [e.id for e in errors if isinstance(e, checks.Error)] == ["medskapa.E101"]


def test_encrypt_and_decrypt_round_trip_any_unicode(settings) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    text = "Åsa, أمير, Ñ 🙂"
    assert decrypt_str(encrypt_str(text)) == text


def test_production_refuses_to_start_without_field_encryption_keys() -> None:
    import medskapa.settings as settings_module

    env = {
        "MEDSKAPA_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "a.se",
        "AUDIT_CHAIN_KEY": "a" * 40,  # production needs it too; not what this test is about
    }
    with mock.patch.dict(os.environ, env, clear=False):
        os.environ.pop("FIELD_ENCRYPTION_KEYS", None)
        with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
            importlib.reload(settings_module)
        os.environ["FIELD_ENCRYPTION_KEYS"] = "not-a-key"
        with pytest.raises(ImproperlyConfigured, match="Fernet key"):
            importlib.reload(settings_module)
        os.environ["FIELD_ENCRYPTION_KEYS"] = f"{NEW_KEY},{OLD_KEY}"
        reloaded = importlib.reload(settings_module)
        assert reloaded.FIELD_ENCRYPTION_KEYS == [NEW_KEY, OLD_KEY]
    importlib.reload(settings_module)  # back to the test run's own settings module state
