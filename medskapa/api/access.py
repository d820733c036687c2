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

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from medskapa.access.registry import consultation, get_rule
from medskapa.access.views import ACCESS_ATTRIBUTE, get_object_for

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)

AUTHENTICATED = "authenticated"


class UndeclaredAccess(RuntimeError):
    """An operation answered without asking the layer about the action it declares."""


def require(action: str) -> Callable[[F], F]:
    """Declare the permission an operation needs, and enforce that the layer is asked.

    Unknown actions fail at import time. An operation declared ``requires:<action>`` must fetch
    its object with ``object_for`` or scope its list with ``scope`` for that action: if it
    returns without having asked, it raises ``UndeclaredAccess`` instead of answering, so an
    endpoint that forgets its check cannot pass its own tests.
    """
    if action != AUTHENTICATED:
        get_rule(action)
    declaration = AUTHENTICATED if action == AUTHENTICATED else f"requires:{action}"

    def mark(func: F) -> F:
        if action == AUTHENTICATED:
            setattr(func, ACCESS_ATTRIBUTE, declaration)
            return func

        @functools.wraps(func)
        def enforced(*args: Any, **kwargs: Any) -> Any:
            with consultation() as asked:
                result = func(*args, **kwargs)
            if action not in asked:
                raise UndeclaredAccess(
                    f"{func.__module__}.{func.__qualname__} declares {action!r} "
                    "but never asked the permission layer about it."
                )
            return result

        # ninja reads the operation's annotations from the function it is given, resolving
        # string annotations in that function's module: hand it the original's, resolved.
        enforced.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
        setattr(enforced, ACCESS_ATTRIBUTE, declaration)
        return enforced  # type: ignore[return-value]

    return mark


def declaration_of(func: Any) -> str:
    return str(getattr(func, ACCESS_ATTRIBUTE, ""))


def object_for(
    request: HttpRequest, action: str, queryset: QuerySet[M] | type[M], **lookup: Any
) -> M:
    """One object the caller may ``action``, or ``Http404`` (ninja answers 404 in JSON)."""
    return get_object_for(request, action, queryset, **lookup)
