"""Who is behind a pattern, for "ni sa – vi gjorde": registered with the feedback app when it
is installed (insights never needs feedback to run).

A fragment handed over from another app is followed back to that app's own target, which knows
how to reach the person (a shared conversation answer → its author through the pseudonym
table; after-event feedback → the event's public page). A fragment from an interview or a
workshop reaches nobody by itself but still counts as a contribution for feedback coverage.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, time

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import Fragment, Pattern

SHARED_ANSWER = "conversations.sharedanswer"
EVENT_FEEDBACK = "events.eventfeedback"


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _own(fragments: Iterable[Fragment]) -> Iterator[object]:
    from medskapa.web.registries.contributions import Contribution

    for fragment in fragments:
        source = fragment.source
        yield Contribution(
            key=f"insights.fragment:{fragment.pk}",
            organisation_id=fragment.organisation_id,
            created_at=timezone.make_aware(datetime.combine(source.date, time.min)),
            unit_path=source.unit.path if source.unit else "",
            recipient=None,
            label=gettext_noop("Fragment"),
        )


def pattern_contributions(organisation_id: uuid.UUID, target_id: uuid.UUID) -> object:
    from medskapa.web.registries.contributions import Contribution, Found

    pattern = Pattern.objects.filter(organisation_id=organisation_id, pk=target_id).first()
    if pattern is None:
        return Found()
    fragments = list(pattern.fragments.select_related("source__unit"))
    follow: list[tuple[str, uuid.UUID]] = []
    contributions: list[Contribution] = []
    for fragment in fragments:
        target = _as_uuid(fragment.contribution_id) if fragment.contribution_id else None
        if fragment.contribution_kind == SHARED_ANSWER and target:
            follow.append(("conversations.shared_answer", target))
        elif fragment.contribution_kind == EVENT_FEEDBACK and target:
            # The events app resolves its own feedback row (same key, counted once).
            follow.append(("events.feedback", target))
    contributions += list(_own(f for f in fragments if not f.contribution_kind))  # type: ignore[arg-type]
    return Found(contributions=contributions, follow=follow)


def all_fragment_contributions(organisation_id: uuid.UUID) -> Iterator[object]:
    """Fragments said in interviews, workshops and the like (hand-offs are counted by the app
    they came from)."""
    yield from _own(
        Fragment.objects.filter(organisation_id=organisation_id, contribution_kind="")
        .select_related("source__unit")
        .iterator()
    )


def register_feedback_hooks() -> None:
    if not apps.is_installed("medskapa.feedback"):
        return
    from medskapa.web.registries.contributions import register_provider, register_source

    register_provider("insights.pattern", pattern_contributions)  # type: ignore[arg-type]
    register_source("insights", all_fragment_contributions)  # type: ignore[arg-type]
