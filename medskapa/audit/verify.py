"""Checking the audit chain: recompute every hash and report the first row that does not fit.

What the chain proves: a row whose content was changed, a row removed from the middle, and a
row slipped in without the service all show up at the first row that no longer fits. Removing
the newest rows of a chain leaves a shorter chain that still fits; catching that needs the last
hash kept somewhere else (an anchor), which is outside this check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.forms.models import model_to_dict

from .chain import GENESIS, HASHED_FIELDS, row_hash
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
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def _chains() -> list[UUID | None]:
    ids = AuditEvent.objects.order_by().values_list("organisation_id", flat=True).distinct()
    # The platform chain (no organisation: failed log-ins of unknown users, refusals) comes first.
    return sorted(ids, key=lambda org: (org is not None, str(org)))


def _check_chain(organisation_id: UUID | None) -> tuple[int, ChainBreak | None]:
    prev = GENESIS
    checked = 0
    rows = AuditEvent.objects.filter(organisation_id=organisation_id).order_by("id")
    for event in rows.iterator(chunk_size=2000):
        checked += 1
        if event.prev_hash != prev:
            return checked, ChainBreak(
                organisation_id, event.id, "the link to the previous row is broken"
            )
        fields = model_to_dict(event, fields=list(HASHED_FIELDS))
        fields["occurred_at"] = event.occurred_at
        if row_hash(prev, fields) != event.hash:
            return checked, ChainBreak(organisation_id, event.id, "the row's content was changed")
        prev = event.hash
    return checked, None


def verify_chain(organisation_id: UUID | None) -> ChainBreak | None:
    return _check_chain(organisation_id)[1]


def verify_report() -> VerifyReport:
    """Check every chain; count the rows checked (up to the first break in a broken chain)."""
    events = 0
    chains = 0
    breaks: list[ChainBreak] = []
    for organisation_id in _chains():
        checked, broken = _check_chain(organisation_id)
        events += checked
        chains += 1
        if broken is not None:
            breaks.append(broken)
    return VerifyReport(events=events, chains=chains, breaks=breaks)


def verify_all() -> list[ChainBreak]:
    return verify_report().breaks
