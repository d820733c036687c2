"""The one permission layer: every action is a named rule that yields a query filter.

A rule answers "which objects of this kind may this actor do this to?" as a ``Q``. The same
filter scopes list views (``scope``) and decides single objects (``can``), so a list can never
show what a detail page would refuse. An action without a rule is refused: deny by default.

Core kinds register their rules in ``access.rules``; each domain app registers its own in its
``rules.py`` from ``AppConfig.ready``, and adds its rows to the matrix test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from .actor import Actor

M = TypeVar("M", bound=Model)
QBuilder = Callable[[Actor], Q]


class UnknownAction(LookupError):
    """Raised in development and tests when code asks about an action no rule defines."""


@dataclass(frozen=True)
class Rule:
    action: str
    model: type[Model]
    build: QBuilder
    # Identified personal data: staff need a second factor, and reads are audit-logged.
    identified: bool = False
    description: str = ""
    # For identified rules: the attribute of an object that holds the id of the person it is
    # about ("pk" when the object is the person), or "" when it is about many people and the
    # view discloses each one itself (``access.reads.disclose``).
    subject: str | None = None
    # Objects this rule reaches may belong to another organisation on purpose (a guide published
    # to the shared library); the organisation in the URL is then not compared with theirs.
    crosses_organisations: bool = False


_RULES: dict[str, Rule] = {}


def rule(
    action: str,
    model: type[Model],
    *,
    identified: bool = False,
    subject: str | None = None,
    crosses_organisations: bool = False,
    description: str = "",
) -> Callable[[QBuilder], QBuilder]:
    """Register the rule for ``action``; identified rules say whom their objects are about."""
    if identified and subject is None:
        raise ValueError(f"The identified rule {action!r} must name its subject attribute.")

    def register(build: QBuilder) -> QBuilder:
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = Rule(
            action,
            model,
            build,
            identified,
            description or build.__doc__ or "",
            subject,
            crosses_organisations,
        )
        return build

    return register


def get_rule(action: str) -> Rule:
    try:
        return _RULES[action]
    except KeyError:
        raise UnknownAction(action) from None


def all_rules() -> dict[str, Rule]:
    return dict(_RULES)


# The actions asked about while an API operation or view runs, so a declaration can be
# enforced: an operation declared ``requires:<action>`` that never asked the layer about that
# action fails instead of answering (see ``medskapa.api.access.require``).
_consulted: ContextVar[set[str] | None] = ContextVar("medskapa_consulted", default=None)


@contextmanager
def consultation() -> Iterator[set[str]]:
    """Collect the actions asked about (``can``/``scope``) inside the block."""
    asked: set[str] = set()
    token = _consulted.set(asked)
    try:
        yield asked
    finally:
        _consulted.reset(token)


def _note(action: str) -> None:
    asked = _consulted.get()
    if asked is not None:
        asked.add(action)


def _filter_for(actor: Actor, rule_: Rule) -> Q | None:
    _note(rule_.action)
    if not actor.is_authenticated:
        return None
    if rule_.identified and not actor.may_see_identified_data:
        return None
    return rule_.build(actor)


def scope(actor: Actor, action: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """The objects of ``queryset`` the actor may ``action``; none when no rule allows it."""
    rule_ = get_rule(action)
    if not issubclass(queryset.model, rule_.model):
        raise TypeError(f"{action!r} is about {rule_.model.__name__}, not {queryset.model}.")
    query = _filter_for(actor, rule_)
    if query is None:
        return queryset.none()
    return queryset.filter(query)


def can(actor: Actor, action: str, obj: Model) -> bool:
    rule_ = get_rule(action)
    if not isinstance(obj, rule_.model):
        raise TypeError(f"{action!r} is about {rule_.model.__name__}, not {type(obj).__name__}.")
    query = _filter_for(actor, rule_)
    if query is None:
        return False
    return rule_.model._default_manager.filter(pk=obj.pk).filter(query).exists()


def allowed_actions(actor: Actor, obj: Model, actions: list[str]) -> set[str]:
    """Which of ``actions`` the actor may take on ``obj``; for showing only usable buttons."""
    return {action for action in actions if can(actor, action, obj)}


def describe() -> list[dict[str, Any]]:
    return [
        {
            "action": r.action,
            "model": r.model.__name__,
            "identified": r.identified,
            "description": r.description,
        }
        for r in sorted(_RULES.values(), key=lambda r: r.action)
    ]
