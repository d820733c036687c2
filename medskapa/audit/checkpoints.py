"""Anchoring the audit chains: signed chain heads kept where the database role cannot write.

A keyed chain shows a row changed or removed in the middle, but not a chain cut short at the
end, nor one rebuilt from the start by someone holding the key. ``write_checkpoints`` (the
``audit_checkpoint`` timer) stores, per organisation chain, the head row's id and hash, the
number of rows up to it and the time, signed with the chain key, in the ``audit_checkpoints``
storage (an object store with write-once retention in production). ``verify_audit`` then
checks each chain against its newest checkpoint.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction

from . import keys
from .chain import sign, signature_fits
from .models import AuditEvent

STORAGE_ALIAS = "audit_checkpoints"
PLATFORM = "platform"  # the chain of events outside any organisation


def storage() -> Storage:
    return storages[STORAGE_ALIAS]


def chain_name(organisation_id: uuid.UUID | None) -> str:
    return PLATFORM if organisation_id is None else str(organisation_id)


@dataclass(frozen=True)
class Checkpoint:
    organisation_id: uuid.UUID | None
    head_id: int
    head_hash: str
    events: int
    keyed_from: int | None  # the chain's first keyed row: older (version 1) rows end there
    created_at: str
    key_version: int
    signature: str
    name: str = ""

    def payload(self) -> dict[str, Any]:
        return {
            "chain": chain_name(self.organisation_id),
            "head_id": self.head_id,
            "head_hash": self.head_hash,
            "events": self.events,
            "keyed_from": self.keyed_from,
            "created_at": self.created_at,
            "key_version": self.key_version,
        }

    def signature_fits(self) -> bool:
        try:
            key = keys.for_version(self.key_version)
        except keys.UnknownKey:
            return False
        return key is not None and signature_fits(self.payload(), key, self.signature)


class UnreadableCheckpoint(ValueError):
    pass


def _parse(name: str, raw: bytes) -> Checkpoint:
    try:
        data = json.loads(raw)
        chain = data["chain"]
        return Checkpoint(
            organisation_id=None if chain == PLATFORM else uuid.UUID(chain),
            head_id=int(data["head_id"]),
            head_hash=str(data["head_hash"]),
            events=int(data["events"]),
            keyed_from=None if data.get("keyed_from") is None else int(data["keyed_from"]),
            created_at=str(data["created_at"]),
            key_version=int(data["key_version"]),
            signature=str(data["signature"]),
            name=name,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise UnreadableCheckpoint(f"{name}: {error}") from error


def _folders() -> list[str]:
    try:
        folders, _files = storage().listdir("")
    except FileNotFoundError:
        return []
    return sorted(folders)


def newest(organisation_id: uuid.UUID | None) -> Checkpoint | None:
    """The chain's newest checkpoint (names sort by time), or None before the first."""
    folder = chain_name(organisation_id)
    try:
        _dirs, files = storage().listdir(folder)
    except FileNotFoundError:
        return None
    names = sorted(f for f in files if f.endswith(".json"))
    if not names:
        return None
    path = f"{folder}/{names[-1]}"
    with storage().open(path, "rb") as handle:
        return _parse(path, handle.read())


def newest_all() -> dict[uuid.UUID | None, Checkpoint]:
    found: dict[uuid.UUID | None, Checkpoint] = {}
    for folder in _folders():
        try:
            organisation_id = None if folder == PLATFORM else uuid.UUID(folder)
        except ValueError:
            continue  # not a chain's folder
        checkpoint = newest(organisation_id)
        if checkpoint is not None:
            found[organisation_id] = checkpoint
    return found


def _chains() -> list[uuid.UUID | None]:
    return list(AuditEvent.stored.order_by().values_list("organisation_id", flat=True).distinct())


def _head(organisation_id: uuid.UUID | None) -> tuple[int, str, int, int | None] | None:
    """The chain's head id and hash, the rows up to it, and its first keyed row, read under the
    chain's lock so no lower id can still be committed after this (PostgreSQL)."""
    from .services import _lock_chain

    with transaction.atomic():
        _lock_chain(organisation_id)
        chain = AuditEvent.stored.filter(organisation_id=organisation_id)
        head = chain.order_by("-id").values_list("id", "hash").first()
        if head is None:
            return None
        count = chain.filter(id__lte=head[0]).count()
        keyed_from = (
            chain.filter(hash_version__gt=1).order_by("id").values_list("id", flat=True).first()
        )
    return head[0], head[1], count, keyed_from


def write_checkpoints() -> list[Checkpoint]:
    """A checkpoint for every chain whose head moved since its last one (cheap to call often)."""
    written = []
    version, key = keys.current()
    for organisation_id in _chains():
        head = _head(organisation_id)
        if head is None:
            continue
        last = newest(organisation_id)
        if last is not None and last.head_id == head[0] and last.head_hash == head[1]:
            continue
        now = datetime.now(tz=UTC)
        draft = Checkpoint(
            organisation_id=organisation_id,
            head_id=head[0],
            head_hash=head[1],
            events=head[2],
            keyed_from=head[3],
            created_at=now.isoformat(timespec="microseconds"),
            key_version=version,
            signature="",
        )
        document = dict(draft.payload(), signature=sign(draft.payload(), key))
        name = f"{chain_name(organisation_id)}/{now:%Y%m%dT%H%M%S%f}-{head[0]}.json"
        saved = storage().save(name, ContentFile(json.dumps(document, indent=1).encode()))
        written.append(_parse(saved, json.dumps(document).encode()))
    return written
