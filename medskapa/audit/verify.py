"""Checking the audit chain: recompute every hash, compare each chain with its newest
checkpoint, and report the first thing that does not fit.

What the keyed chain proves on its own: a row whose content was changed, a row removed from the
middle, a row slipped in without the service, and rows re-chained by someone without the key all
show up at the first row that no longer fits. What the checkpoint adds: a chain cut short at the
end or emptied (fewer rows than were checkpointed, or the checkpointed head gone), and a chain
rebuilt from the start (the head's hash differs from the checkpoint's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.forms.models import model_to_dict

from . import checkpoints, keys
from .chain import GENESIS, HASHED_FIELDS, LEGACY_VERSION, row_hash
from .models import AuditEvent


@dataclass(frozen=True)
class ChainBreak:
    organisation_id: UUID | None
    event_id: int
    reason: str


@dataclass(frozen=True)
class VerifyReport:
    events: int = 0
    chains: int = 0
    checkpoints: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def _chains(also: set[UUID | None] | frozenset[UUID | None] = frozenset()) -> list[UUID | None]:
    ids = set(AuditEvent.stored.order_by().values_list("organisation_id", flat=True).distinct())
    # The platform chain (no organisation: failed log-ins of unknown users, refusals) comes first.
    return sorted(ids | set(also), key=lambda org: (org is not None, str(org)))


def _check_rows(organisation_id: UUID | None) -> tuple[int, ChainBreak | None]:
    prev = GENESIS
    checked = 0
    keyed = False
    rows = AuditEvent.stored.filter(organisation_id=organisation_id).order_by("id")
    for event in rows.iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != prev:
            return checked, ChainBreak(
                organisation_id, event.id, "the link to the previous row is broken"
            )
        if event.hash_version == LEGACY_VERSION and keyed:
            return checked, ChainBreak(
                organisation_id, event.id, "an unkeyed row follows keyed rows (re-chained)"
            )
        keyed = keyed or event.hash_version != LEGACY_VERSION
        try:
            key = keys.for_version(event.hash_version)
        except keys.UnknownKey:
            return checked, ChainBreak(
                organisation_id,
                event.id,
                f"no key for hash version {event.hash_version} (AUDIT_CHAIN_OLD_KEYS)",
            )
        fields = model_to_dict(event, fields=list(HASHED_FIELDS))
        fields["occurred_at"] = event.occurred_at
        if row_hash(prev, fields, key) != event.hash:
            return checked, ChainBreak(organisation_id, event.id, "the row's content was changed")
        prev = event.hash
    return checked, None


def _check_against(checkpoint: checkpoints.Checkpoint) -> ChainBreak | None:
    organisation_id = checkpoint.organisation_id
    head_id = checkpoint.head_id
    if not checkpoint.signature_fits():
        return ChainBreak(
            organisation_id, head_id, f"the checkpoint {checkpoint.name} is not signed by our key"
        )
    chain = AuditEvent.stored.filter(organisation_id=organisation_id)
    present = chain.filter(id__lte=head_id).count()
    if present != checkpoint.events:
        return ChainBreak(
            organisation_id,
            head_id,
            f"{checkpoint.events} events were checkpointed up to this row at "
            f"{checkpoint.created_at}, {present} are there now (rows removed)",
        )
    head = chain.filter(id=head_id).values_list("hash", flat=True).first()
    if head is None:
        return ChainBreak(organisation_id, head_id, "the checkpointed head row is missing")
    if head != checkpoint.head_hash:
        return ChainBreak(
            organisation_id, head_id, "the head row differs from its checkpoint (re-chained)"
        )
    if checkpoint.keyed_from is not None:
        legacy = chain.filter(id__gte=checkpoint.keyed_from, hash_version=LEGACY_VERSION)
        first = legacy.order_by("id").values_list("id", flat=True).first()
        if first is not None:
            return ChainBreak(organisation_id, first, "an unkeyed row where keyed rows began")
    return None


def verify_chain(organisation_id: UUID | None) -> ChainBreak | None:
    broken = _check_rows(organisation_id)[1]
    if broken is not None:
        return broken
    checkpoint = checkpoints.newest(organisation_id)
    return _check_against(checkpoint) if checkpoint is not None else None


def verify_report() -> VerifyReport:
    """Check every chain, and every chain a checkpoint names (an emptied chain has no rows);
    count the rows checked (up to the first break in a broken chain)."""
    anchors = checkpoints.newest_all()
    events = 0
    chains = 0
    breaks: list[ChainBreak] = []
    for organisation_id in _chains(set(anchors)):
        checked, broken = _check_rows(organisation_id)
        if broken is None and organisation_id in anchors:
            broken = _check_against(anchors[organisation_id])
        events += checked
        chains += 1
        if broken is not None:
            breaks.append(broken)
    return VerifyReport(events=events, chains=chains, checkpoints=len(anchors), breaks=breaks)


def verify_all() -> list[ChainBreak]:
    return verify_report().breaks
