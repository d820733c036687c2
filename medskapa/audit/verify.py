"""Checking the audit chain: recompute every hash and report the first row that does not fit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from django.forms.models import model_to_dict

from .chain import GENESIS, HASHED_FIELDS, row_hash
from .models import AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    organisation_id: UUID | None
    event_id: int
    reason: str


def _chains() -> Iterator[UUID | None]:
    yield from AuditEvent.objects.order_by().values_list("organisation_id", flat=True).distinct()


def verify_chain(organisation_id: UUID | None) -> ChainBreak | None:
    prev = GENESIS
    rows = AuditEvent.objects.filter(organisation_id=organisation_id).order_by("id")
    for event in rows.iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return ChainBreak(organisation_id, event.id, "the link to the previous row is broken")
        fields = model_to_dict(event, fields=list(HASHED_FIELDS))
        fields["occurred_at"] = event.occurred_at
        if row_hash(prev, fields) != event.hash:
            return ChainBreak(organisation_id, event.id, "the row's content was changed")
        prev = event.hash
    return None


def verify_all() -> list[ChainBreak]:
    return [b for org in _chains() if (b := verify_chain(org)) is not None]
