"""Hashing for the audit chain. Pure functions, so verification and writing agree by design."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64

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


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = {name: _canonical(fields.get(name)) for name in HASHED_FIELDS}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()
