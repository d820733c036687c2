"""How API operations enter the permission layer: the same declarations the web views use.

Every operation function carries ``@require(action)``, which marks it with the same
``medskapa_access`` attribute as ``medskapa.access.views`` (``"requires:<action>"``, or
``"authenticated"`` for operations that only show the caller their own things). A test walks
every operation of the API and fails on any that declares nothing. Authentication itself is
done by the API's auth classes before the operation runs; the operation then fetches objects
with ``object_for`` (404 for anyone outside the rule, refusal audited) and scopes lists with
``medskapa.access.registry.scope``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from medskapa.access.registry import get_rule
from medskapa.access.views import ACCESS_ATTRIBUTE, get_object_for

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)

AUTHENTICATED = "authenticated"


def require(action: str) -> Callable[[F], F]:
    """Declare the permission an operation needs; unknown actions fail at import time."""
    if action != AUTHENTICATED:
        get_rule(action)
    declaration = AUTHENTICATED if action == AUTHENTICATED else f"requires:{action}"

    def mark(func: F) -> F:
        setattr(func, ACCESS_ATTRIBUTE, declaration)
        return func

    return mark


def declaration_of(func: Any) -> str:
    return str(getattr(func, ACCESS_ATTRIBUTE, ""))


def object_for(
    request: HttpRequest, action: str, queryset: QuerySet[M] | type[M], **lookup: Any
) -> M:
    """One object the caller may ``action``, or ``Http404`` (ninja answers 404 in JSON)."""
    return get_object_for(request, action, queryset, **lookup)
