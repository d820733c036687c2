"""The audit chain's keys, from settings (the environment), never from the database."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .chain import LEGACY_VERSION


def current() -> tuple[int, bytes]:
    """The version new rows are written with, and its key."""
    version = int(settings.AUDIT_CHAIN_KEY_VERSION)
    if version <= LEGACY_VERSION:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY_VERSION must be 2 or more (1 is unkeyed).")
    return version, str(settings.AUDIT_CHAIN_KEY).encode()


def known() -> dict[int, bytes]:
    """Every key this installation can verify with, by version (older keys after rotation)."""
    keys: dict[int, bytes] = {}
    for item in settings.AUDIT_CHAIN_OLD_KEYS:
        version, sep, key = item.partition(":")
        if not sep or not version.strip().isdigit() or not key:
            raise ImproperlyConfigured('AUDIT_CHAIN_OLD_KEYS holds "version:key" items.')
        keys[int(version)] = key.encode()
    current_version, current_key = current()
    keys[current_version] = current_key
    return keys


class UnknownKey(LookupError):
    pass


def for_version(version: int) -> bytes | None:
    """The key of a hash version; None for version 1 (plain SHA-256)."""
    if version == LEGACY_VERSION:
        return None
    try:
        return known()[version]
    except KeyError:
        raise UnknownKey(f"no key for audit hash version {version}") from None
