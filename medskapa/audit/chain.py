"""Hashing for the audit chain. Pure functions, so verification and writing agree by design.

Version 1 is plain SHA-256 (rows written before the chain had a key): anyone can recompute it,
so it shows accidental change but not a deliberate re-chaining. Version 2 and later are
HMAC-SHA256 with a key kept outside the database: without the key, rows cannot be re-chained
after one is removed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
LEGACY_VERSION = 1

HASHED_FIELDS = (
    "occurred_at",
    "organisation_id",
    "actor_id",
    "actor_kind",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "purpose",
    "detail",
    "request_id",
    "ip",
)


def _canonical(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return str(value)


def _message(prev_hash: str, fields: dict[str, Any]) -> bytes:
    payload = {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{prev_hash}|{body}".encode()


def row_hash(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    """The row's hash: HMAC-SHA256 with ``key``, or version 1's plain SHA-256 without one."""
    message = _message(prev_hash, fields)
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(payload: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of a JSON-able document (a checkpoint), over its canonical form."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def signature_fits(payload: dict[str, Any], key: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(payload, key), signature)
