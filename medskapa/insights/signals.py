"""When a shared contribution is deleted upstream (consent withdrawn), its fragments go too."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete


def _withdrawn(kind: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        from .services import contribution_withdrawn

        contribution_withdrawn(kind, str(instance.pk))

    return handler


_HANDLERS: list[Any] = []


def connect() -> None:
    if apps.is_installed("medskapa.conversations"):
        from medskapa.conversations.models import SharedAnswer

        handler = _withdrawn("conversations.sharedanswer")
        _HANDLERS.append(handler)
        post_delete.connect(handler, sender=SharedAnswer, dispatch_uid="insights_sharedanswer")
    if apps.is_installed("medskapa.events"):
        from medskapa.events.models import EventFeedback

        handler = _withdrawn("events.eventfeedback")
        _HANDLERS.append(handler)
        post_delete.connect(handler, sender=EventFeedback, dispatch_uid="insights_eventfeedback")
