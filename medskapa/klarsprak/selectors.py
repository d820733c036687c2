"""Reads for klarsprak: the organisation's officialese list, merged with the shipped one."""

from __future__ import annotations

from dataclasses import dataclass

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.engines.plainlanguage import Term, merge_terms, shipped_terms
from medskapa.organisations.models import Organisation

from .models import OfficialeseTerm


@dataclass(frozen=True)
class TermRow:
    key: str
    hard: str
    plain: str
    note: str
    source: str  # "shipped", "changed" (a shipped term the organisation edited) or "own"

    @property
    def forms(self) -> str:
        """The other forms after the headword, for display."""
        return ", ".join(f.strip() for f in self.hard.split("|")[1:])

    @property
    def headword(self) -> str:
        return self.hard.split("|", 1)[0].strip()


def terms_for(organisation: Organisation) -> list[Term]:
    """The list the panel uses for this organisation (the caller has checked access)."""
    rows = list(OfficialeseTerm.objects.filter(organisation=organisation))
    own = [Term(r.hard, r.plain, r.note) for r in rows if not r.removed]
    removed = [r.key for r in rows if r.removed]
    return merge_terms(shipped_terms(), own, removed)


def term_rows(actor: Actor, organisation: Organisation) -> tuple[list[TermRow], list[TermRow]]:
    """(the organisation's list, shipped terms it took off), both sorted by headword."""
    rows = {
        r.key: r
        for r in scope(actor, "officialese_term.manage", OfficialeseTerm.objects.all()).filter(
            organisation=organisation
        )
    }
    shipped = {t.key: t for t in shipped_terms()}
    listed: list[TermRow] = []
    removed: list[TermRow] = []
    for key, term in shipped.items():
        row = rows.get(key)
        if row is None:
            listed.append(TermRow(key, term.hard, term.plain, term.note, "shipped"))
        elif row.removed:
            removed.append(TermRow(key, term.hard, term.plain, term.note, "shipped"))
        else:
            listed.append(TermRow(key, row.hard, row.plain, row.note, "changed"))
    for key, row in rows.items():
        if key not in shipped and not row.removed:
            listed.append(TermRow(key, row.hard, row.plain, row.note, "own"))
    return sorted(listed, key=lambda r: r.key), sorted(removed, key=lambda r: r.key)


def shipped_term(key: str) -> Term | None:
    return next((t for t in shipped_terms() if t.key == key), None)
