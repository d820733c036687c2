"""Encryption at rest for secrets that must be readable again (originals of masked names,
contact phone numbers, guardians' contact data).

Built on ``cryptography``'s Fernet (AES-128-CBC + HMAC-SHA256, a random IV per value) through
``MultiFernet``, so keys can be rotated: ``FIELD_ENCRYPTION_KEYS`` in the environment holds one
or more Fernet keys, comma-separated, **newest first**. New values are encrypted with the first
key; any key in the list decrypts. To rotate: put a new key first, deploy, run
``manage.py rotate_field_keys``, then drop the old key.

Usage in a model::

    from medskapa.web.crypto import EncryptedTextField

    class Contact(models.Model):
        phone = EncryptedTextField(blank=True)

The field reads and writes ``str`` like a ``TextField``; the column holds a Fernet token.
Because every token is different even for equal values, the field cannot be filtered,
ordered, indexed or made unique: look rows up by another column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

__all__ = [
    "EncryptedColumn",
    "EncryptedTextField",
    "InvalidToken",
    "decrypt_str",
    "encrypt_str",
    "encrypted_fields",
    "rotate_field",
]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:  # not 32 url-safe base64-encoded bytes
        raise ImproperlyConfigured(
            "Every FIELD_ENCRYPTION_KEYS entry must be a Fernet key "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
        ) from error


def _current() -> MultiFernet:
    # Keyed by the tuple of keys so override_settings in tests takes effect at once.
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_str(value: str) -> str:
    """Encrypt with the newest key; the token is ASCII, safe in any text column."""
    return _current().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_str(token: str) -> str:
    """Decrypt with whichever configured key made the token.

    Raises ``cryptography.fernet.InvalidToken`` if no configured key fits (a key was dropped
    before ``rotate_field_keys`` ran, or the column was written around the field).
    """
    return _current().decrypt(token.encode("ascii")).decode("utf-8")


class EncryptedTextField(models.TextField):
    """A text column encrypted at rest with the keys in ``FIELD_ENCRYPTION_KEYS``.

    It cannot be filtered, ordered, indexed or made unique: the same text encrypts to a
    different token each time, so only ``isnull`` lookups are allowed and ``db_index``,
    ``unique`` and ``primary_key`` are refused by ``manage.py check``. ``None`` stays NULL;
    every other value, the empty string too, is stored as a token.
    """

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_str(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_str(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None  # Django then reports "Unsupported lookup" instead of a silent miss.
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if getattr(self, "db_index", False) or self.unique or self.primary_key:
            errors.append(
                checks.Error(
                    "EncryptedTextField cannot be indexed, unique or a primary key: "
                    "each value encrypts to a different token.",
                    obj=self,
                    id="medskapa.E101",
                )
            )
        return errors


@dataclass(frozen=True)
class EncryptedColumn:
    model: type[models.Model]
    field: EncryptedTextField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def encrypted_fields(
    models_to_walk: Iterable[type[models.Model]] | None = None,
) -> list[EncryptedColumn]:
    """Every concrete encrypted column of the installed models (proxies and unmanaged skipped)."""
    found = []
    for model in models_to_walk if models_to_walk is not None else apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append(EncryptedColumn(model=model, field=field))
    return found


def _pk_batches(model: type[models.Model], batch_size: int) -> Iterator[Sequence[Any]]:
    """Primary keys in ascending batches, by keyset paging (no OFFSET, no long transaction)."""
    manager = model._base_manager
    last = None
    while True:
        queryset = manager.order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        batch = list(queryset.values_list("pk", flat=True)[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1]


def rotate_field(column: EncryptedColumn, *, batch_size: int = 500) -> int:
    """Re-encrypt one column with the newest key, a batch per transaction; returns rows.

    Reading decrypts with any configured key and writing encrypts with the first one, so the
    rows end up under the newest key. Safe to run again and safe beside live traffic (a row
    written meanwhile is already under the newest key).
    """
    model, name = column.model, column.field.attname
    rotated = 0
    for pks in _pk_batches(model, batch_size):
        with transaction.atomic():
            rows = list(
                model._base_manager.select_for_update()
                .filter(pk__in=pks)
                .exclude(**{f"{name}__isnull": True})
                .only("pk", name)
            )
            model._base_manager.bulk_update(rows, [name])
            rotated += len(rows)
    return rotated
