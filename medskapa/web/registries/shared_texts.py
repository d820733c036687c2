"""Texts young people shared with consent elsewhere, offered to insights through core.

An app that holds such texts (conversations' shared answers, events' feedback) registers, in
its ``AppConfig.ready``::

    from medskapa.web.registries.shared_texts import TextGroup, register_text_source

    register_text_source("events.eventfeedback", _event_feedback)
    # _event_feedback(organisation_id, taken) -> groups, skipping the ids in taken

A source returns ``TextGroup``s: texts that belong together (one guide and age band, one event),
each row ``(id, pseudonym, text)`` — never a name. Insights turns each group into a source of
fragments, keyed by ``(kind, id)`` so a text is taken once; how a group is titled and which
method it counts as is insights' business (looked up by ``kind``).

When a text is withdrawn upstream (consent withdrawn, the row deleted), the holding app calls
``text_withdrawn(kind, id)``; insights registers a listener with ``on_text_withdrawn`` and
deletes the fragments. Neither side imports the other, so any of them can be left out of
``INSTALLED_APPS``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class TextGroup:
    kind: str  # e.g. "conversations.sharedanswer"; also the fragments' contribution_kind
    subject: str  # what the texts were about (a guide's or an event's title), "" when unknown
    date: date
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (id, pseudonym, text)
    age_band: str = ""  # an insights AgeBand value, "" when unknown
    unit: Any = None  # organisations.Unit or None


TextSource = Callable[[UUID, Collection[str]], Iterable[TextGroup]]
WithdrawalListener = Callable[[str, str], None]

_SOURCES: dict[str, TextSource] = {}
_LISTENERS: list[WithdrawalListener] = []


def register_text_source(kind: str, source: TextSource) -> None:
    _SOURCES[kind] = source


def text_sources() -> dict[str, TextSource]:
    """The registered sources, by kind (a copy), in registration order."""
    return dict(_SOURCES)


def on_text_withdrawn(listener: WithdrawalListener) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def text_withdrawn(kind: str, text_id: str) -> None:
    """Tell every listener that the text ``(kind, text_id)`` is gone upstream."""
    for listener in list(_LISTENERS):
        listener(kind, text_id)
