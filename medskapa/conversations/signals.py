"""Withdrawing the consent to share removes what was shared under it; after every migrate
the built-in guides are loaded (so no data migration has to copy their content)."""

from __future__ import annotations

from typing import Any

from medskapa.organisations.models import Consent


def consent_saved(sender: type[Consent], instance: Consent, **kwargs: Any) -> None:
    purpose = Consent.Purpose.SHARE_FOR_DEVELOPMENT
    if instance.withdrawn_at is not None and instance.purpose == purpose:
        from .services import shared_answers_remove

        shared_answers_remove(consent=instance)


def builtin_guides_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .models import Guide, GuideVersion

    tables = connections[using].introspection.table_names()
    if Guide._meta.db_table not in tables or GuideVersion._meta.db_table not in tables:
        return  # migrated only part of the way
    from .services import ensure_builtin_guides

    ensure_builtin_guides()
