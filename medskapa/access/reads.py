"""Reads of identified data are audited by the layer, once per request, in one batch.

``get_object_for`` discloses the object it fetched through an identified rule on a safe
request (GET/HEAD); a page that lists many people's data (a caseload) calls ``disclose`` for
what it shows. Nothing is written while the view runs: ``AuditReadsMiddleware`` appends the
collected rows after the response is ready, one append (one turn of the chain lock) per
organisation, and only when the page was actually shown (status below 400). A young person
reading their own data is not a disclosure and leaves no row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db.models import Model
from django.http import HttpRequest

from .actor import Actor

_ATTRIBUTE = "_medskapa_disclosed"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def _pending(request: HttpRequest) -> dict[tuple[Any, ...], dict[str, Any]]:
    pending = getattr(request, _ATTRIBUTE, None)
    if pending is None:
        pending = {}
        setattr(request, _ATTRIBUTE, pending)
    return pending


def _url_organisation(request: HttpRequest) -> Any:
    match = getattr(request, "resolver_match", None)
    value = match.kwargs.get("organisation") if match is not None else None
    return value.pk if isinstance(value, Model) else value


def _subject_of(obj: Model, subject: str) -> Any:
    if not subject:
        return None
    return obj.pk if subject == "pk" else getattr(obj, subject, None)


def disclose(
    request: HttpRequest,
    objects: Iterable[Model],
    *,
    actor: Actor,
    subject: str = "pk",
    purpose: str,
    organisation_id: UUID | str | None = None,
) -> None:
    """Note that ``objects`` (identified data about the person in ``subject``) were shown."""
    pending = _pending(request)
    url_organisation = _url_organisation(request)
    for obj in objects:
        person = _subject_of(obj, subject)
        if person is not None and person == actor.user_id:
            continue  # one's own data
        organisation = (
            organisation_id or getattr(obj, "organisation_id", None) or url_organisation or None
        )
        key = (str(organisation), obj._meta.label_lower, str(obj.pk), str(person))
        # A later, more specific purpose (the view's own words) replaces the layer's default.
        pending[key] = {
            "organisation_id": UUID(str(organisation)) if organisation else None,
            "obj": obj,
            "subject_id": person,
            "purpose": purpose,
        }


def flush(request: HttpRequest) -> int:
    """Append what the request disclosed: one batch per organisation. Returns the row count."""
    pending: dict[tuple[Any, ...], dict[str, Any]] = getattr(request, _ATTRIBUTE, None) or {}
    if not pending:
        return 0
    from medskapa.audit.services import Action, append, event_fields

    setattr(request, _ATTRIBUTE, {})
    by_organisation: dict[UUID | None, list[dict[str, Any]]] = {}
    for item in pending.values():
        fields = event_fields(
            action=Action.VIEW,
            request=request,
            organisation_id=item["organisation_id"],
            obj=item["obj"],
            subject_id=item["subject_id"],
            purpose=item["purpose"],
        )
        by_organisation.setdefault(item["organisation_id"], []).append(fields)
    for organisation_id, events in by_organisation.items():
        append(organisation_id, events)
    return len(pending)


def discard(request: HttpRequest) -> None:
    setattr(request, _ATTRIBUTE, {})
