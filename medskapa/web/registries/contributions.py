"""Who said something that a feedback message answers: the contributor registry.

A feedback message is *about* one link target (``(kind, target_id)`` as in
``medskapa.web.links``: a campaign, a pattern, a decision, an event …). Its recipients are not
typed by staff; they are derived here, at the moment of publishing, by walking from the target
to the contributions behind it. Staff never see the result, only how many it reaches.

The hook API (for apps that land later, e.g. ``insights`` and ``projects``)
-------------------------------------------------------------------------
Register, in the app's ``AppConfig.ready`` (guarded by ``apps.is_installed("medskapa.feedback")``
if the app must also run without feedback)::

    from medskapa.web.registries.contributions import (
        Contribution, Found, Recipient, register_provider, register_source,
    )

    def _pattern(organisation_id: UUID, target_id: UUID) -> Found:
        pattern = Pattern.objects.filter(organisation_id=organisation_id, pk=target_id).first()
        if pattern is None:
            return Found()
        return Found(
            contributions=[],                                     # a pattern has no own voice
            follow=[(f.source_kind, f.source_id) for f in pattern.fragments.all()],
        )

    register_provider("insights.pattern", _pattern)

``provider(organisation_id, target_id) -> Found``:

- ``Found.contributions``: ``Contribution(key, organisation_id, created_at, unit_path,
  recipient, label, counts=True)``.

  * ``key``: a stable id, ``"<app>.<model>:<uuid>"``, e.g. ``"checkins.campaign_response:…"``,
    ``"conversations.shared_answer:…"``, ``"projects.reaction:…"``. The same contribution
    reached along two paths has the same key and is counted once.
  * ``created_at``: an aware datetime (a date-only source uses midnight of that day).
  * ``unit_path``: ``Unit.path`` of where it was said ("" when unknown).
  * ``recipient``: ``Recipient.user(user_id)`` for a logged-in young person (e.g. found
    through ``conversations.Pseudonym``), ``Recipient.public(kind, id)`` for an anonymous
    channel (the campaign's receipt page), or ``None`` when nobody can be told.
  * ``label``: what kind of contribution it is, for staff (e.g. "Svar i enkät"); never words
    of the young person, never a name.
  * ``counts``: False for audience-only rows (e.g. event participants: the event feedback rows
    are the contributions; participants are told, but not counted twice in coverage).
  * ``closable_via``: the ``(kind, id)`` whose walk reaches this contribution, so the coverage
    page can offer "Avsluta med motivering" for it (a "we_cannot" message with
    ``contribution_key`` set: only the person behind that one contribution is told).

- ``Found.follow``: further link targets ``(kind, id)`` to walk (a decision's sources →
  patterns → fragments → shared answers …). The walk keeps a set of visited targets, so cycles
  are harmless, and stops after ``MAX_TARGETS`` targets.

A fragment in insights that came from a shared answer should *follow*
``("conversations.shared_answer", answer_id)`` rather than resolve the person itself: the
conversations hook turns it into a recipient through the pseudonym table, and the recipient is
the same whichever path reached it. Kinds with no provider are skipped.

``register_source(name, source)`` with ``source(organisation_id) -> Iterable[Contribution]``
lists *every* contribution an app holds for an organisation; feedback coverage per unit uses
it (filtered by ``unit_path``). ``register_contact(lookup)`` with
``lookup(user_id, organisation_id) -> Contact | None`` says whether a young person has asked to
be told by e-mail or SMS as well (the events panel provides it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

MAX_TARGETS = 10_000


@dataclass(frozen=True)
class Recipient:
    user_id: UUID | None = None
    channel_kind: str = ""
    channel_id: UUID | None = None

    @classmethod
    def user(cls, user_id: UUID) -> Recipient:
        return cls(user_id=user_id)

    @classmethod
    def public(cls, kind: str, target_id: UUID) -> Recipient:
        return cls(channel_kind=kind, channel_id=target_id)

    @property
    def is_public(self) -> bool:
        return self.user_id is None and self.channel_id is not None


@dataclass(frozen=True)
class Contribution:
    key: str
    organisation_id: UUID
    created_at: datetime
    unit_path: str
    recipient: Recipient | None
    label: str = ""
    counts: bool = True
    # The link target a staff member picks to close this one contribution with a reason
    # (e.g. its campaign); None when it cannot be closed on its own.
    closable_via: tuple[str, UUID] | None = None


@dataclass
class Found:
    contributions: list[Contribution] = field(default_factory=list)
    follow: list[tuple[str, UUID]] = field(default_factory=list)


@dataclass(frozen=True)
class Contact:
    channel: str  # "email" | "sms"
    address: str


Provider = Callable[[UUID, UUID], Found]
Source = Callable[[UUID], Iterable[Contribution]]
ContactLookup = Callable[[UUID, UUID], "Contact | None"]

_PROVIDERS: dict[str, Provider] = {}
_SOURCES: dict[str, Source] = {}
_CONTACTS: list[ContactLookup] = []


def register_provider(kind: str, provider: Provider) -> None:
    _PROVIDERS[kind] = provider


def register_source(name: str, source: Source) -> None:
    _SOURCES[name] = source


def register_contact(lookup: ContactLookup) -> None:
    if lookup not in _CONTACTS:
        _CONTACTS.append(lookup)


def provider_kinds() -> list[str]:
    return sorted(_PROVIDERS)


def has_provider(kind: str) -> bool:
    return kind in _PROVIDERS


def walk(organisation_id: UUID, kind: str, target_id: UUID) -> list[Contribution]:
    """Every contribution behind ``(kind, target_id)`` in the organisation, each once.

    Breadth first, with a visited set (cycles end), and never across organisations: a
    contribution of another organisation is dropped even if a provider returned it.
    """
    seen_targets: set[tuple[str, UUID]] = set()
    found: dict[str, Contribution] = {}
    queue: list[tuple[str, UUID]] = [(kind, target_id)]
    while queue and len(seen_targets) < MAX_TARGETS:
        current = queue.pop(0)
        if current in seen_targets:
            continue
        seen_targets.add(current)
        provider = _PROVIDERS.get(current[0])
        if provider is None:
            continue
        result = provider(organisation_id, current[1])
        for contribution in result.contributions:
            if contribution.organisation_id != organisation_id:
                continue
            known = found.get(contribution.key)
            # A counted row wins over an audience-only row with the same key.
            if known is None or (contribution.counts and not known.counts):
                found[contribution.key] = contribution
        queue.extend(t for t in result.follow if t not in seen_targets)
    return sorted(found.values(), key=lambda c: (c.created_at, c.key))


def all_contributions(organisation_id: UUID) -> list[Contribution]:
    """Every contribution the registered sources hold for the organisation, each once."""
    found: dict[str, Contribution] = {}
    for source in _SOURCES.values():
        for contribution in source(organisation_id):
            if contribution.organisation_id == organisation_id and contribution.counts:
                found.setdefault(contribution.key, contribution)
    return sorted(found.values(), key=lambda c: (c.created_at, c.key))


def contact_for(user_id: UUID, organisation_id: UUID) -> Contact | None:
    for lookup in _CONTACTS:
        contact = lookup(user_id, organisation_id)
        if contact is not None and contact.address.strip():
            return contact
    return None
