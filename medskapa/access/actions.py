"""Writes ask the permission layer too: every public write service declares what it does.

A service that changes data takes the actor and is declared with exactly one of:

- ``@acts("project.manage", on="project")`` — the actor must be allowed ``project.manage`` on
  the object passed as the keyword argument ``project``; the check runs before the service body,
  so a view, an API endpoint or a task that forgets to check cannot skip it. A refusal raises
  ``Denied``, which views and the API answer with an audited 404 (outsiders learn nothing).
- ``@acts_as_system("why")`` — work done on behalf of nobody in particular (a timer, a batch
  processor); the reason is recorded with the declaration and listed by ``write_services()``.
- ``@acts_for_anyone("why")`` — a public write whose guard is something other than a role: a
  one-time code, a signed link, a throttle (an event sign-up, a survey answer).

``write_services()`` lists every declaration, so a test can call each ``acts`` service as every
persona and compare the outcome with the permission matrix (``tests/access/test_writes.py``),
and another test fails on a public function of a ``services`` module that declares nothing.
This is wagtail's "action" idea (check, change and audit in one place) kept as a decorator on
the service functions the project already has.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from .actor import Actor
from .registry import can, get_rule

F = TypeVar("F", bound=Callable[..., Any])

DECLARATION_ATTRIBUTE = "medskapa_write"


class Denied(PermissionDenied):
    """The actor may not do this to this object. Views and the API answer 404 and audit it."""

    def __init__(self, action: str, obj: Model | None = None) -> None:
        super().__init__(action)
        self.action = action
        self.obj = obj


@dataclass(frozen=True)
class WriteService:
    """One declared write service: what it is, and who may call it."""

    name: str
    func: Callable[..., Any]
    kind: str  # "acts" | "system" | "anyone"
    action: str = ""
    on: str = ""
    reason: str = ""


_SERVICES: dict[str, WriteService] = {}


def _register(service: WriteService) -> None:
    _SERVICES[service.name] = service


def _qualified(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def ensure(actor: Actor, action: str, obj: Model) -> None:
    """Raise ``Denied`` unless the actor may ``action`` this object (the layer's own ``can``)."""
    if not can(actor, action, obj):
        raise Denied(action, obj)


def acts(action: str, *, on: str) -> Callable[[F], F]:
    """Declare that a service performs ``action`` on its keyword argument ``on``.

    The wrapped service must take ``actor`` and ``on`` as keyword arguments (services here are
    keyword-only). The check happens before the body runs; unknown actions fail at import.
    """
    rule_ = get_rule(action)

    def decorate(func: F) -> F:
        parameters = inspect.signature(func).parameters
        for needed in ("actor", on):
            if needed not in parameters:
                raise TypeError(f"{_qualified(func)} needs a keyword argument {needed!r}.")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = kwargs.get("actor")
            target = kwargs.get(on)
            if not isinstance(actor, Actor):
                raise TypeError(f"{_qualified(func)} is called with actor=<Actor>.")
            if not isinstance(target, rule_.model):
                raise TypeError(
                    f"{_qualified(func)}: {on}= must be a {rule_.model.__name__}, "
                    f"not {type(target).__name__}."
                )
            ensure(actor, action, target)
            return func(*args, **kwargs)

        declared = WriteService(_qualified(func), wrapper, "acts", action=action, on=on)
        setattr(wrapper, DECLARATION_ATTRIBUTE, declared)
        _register(declared)
        return wrapper  # type: ignore[return-value]

    return decorate


def _declare(kind: str, reason: str) -> Callable[[F], F]:
    if not reason.strip():
        raise ValueError("Say why this write needs no role check.")

    def decorate(func: F) -> F:
        declared = WriteService(_qualified(func), func, kind, reason=reason)
        setattr(func, DECLARATION_ATTRIBUTE, declared)
        _register(declared)
        return func

    return decorate


def acts_as_system(reason: str) -> Callable[[F], F]:
    """Declare a write done for the system (a timer, a batch), with the reason it needs none."""
    return _declare("system", reason)


def acts_for_anyone(reason: str) -> Callable[[F], F]:
    """Declare a public write guarded by a code, link or throttle instead of a role."""
    return _declare("anyone", reason)


def declaration_of(func: Any) -> WriteService | None:
    declared = getattr(func, DECLARATION_ATTRIBUTE, None)
    return declared if isinstance(declared, WriteService) else None


def write_services() -> dict[str, WriteService]:
    """Every declared write service, by qualified name."""
    return dict(_SERVICES)
