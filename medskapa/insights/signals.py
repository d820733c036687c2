"""When a shared contribution is deleted upstream (consent withdrawn), its fragments go too.

The apps that hold shared texts announce the deletion through the core registry
(``medskapa.web.registries.shared_texts.text_withdrawn``); insights listens there and never
imports them.
"""

from __future__ import annotations

from medskapa.web.registries.shared_texts import on_text_withdrawn


def _withdrawn(kind: str, text_id: str) -> None:
    from .services import contribution_withdrawn

    contribution_withdrawn(kind, text_id)


def connect() -> None:
    on_text_withdrawn(_withdrawn)
