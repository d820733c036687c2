"""How views and endpoints enter the permission layer.

Every view declares its access with exactly one of ``public``, ``authenticated`` or
``requires``; a test walks the URL configuration and fails on any view that declares none.
``requires`` loads the object named in the URL through the rule, so an outsider gets a 404
(never a hint that the object exists) and the refusal is written to the audit log.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from .actions import Denied
from .actor import ANONYMOUS, Actor, actor_for_user
from .reads import SAFE_METHODS, disclose
from .registry import Rule, can, get_rule, scope

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
M = TypeVar("M", bound=Model)

ACCESS_ATTRIBUTE = "medskapa_access"


def actor_of(request: HttpRequest) -> Actor:
    """The actor behind a request, computed once per request."""
    actor = getattr(request, "actor", None)
    if actor is None:
        actor = actor_for_user(getattr(request, "user", None))
        request.actor = actor  # type: ignore[attr-defined]
    return actor


def _mark(view: Any, declaration: str) -> None:
    setattr(view, ACCESS_ATTRIBUTE, declaration)


def public(view: ViewFunc) -> ViewFunc:
    """Open to anyone, logged in or not (log-in, invites, public notices)."""
    _mark(view, "public")
    return view


def authenticated(view: ViewFunc) -> ViewFunc:
    """Any logged-in user; the view itself only shows the user's own things."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not actor_of(request).is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    _mark(wrapper, "authenticated")
    return wrapper  # type: ignore[return-value]


def _refuse(request: HttpRequest, action: str, model: type[Model], object_id: Any) -> None:
    """Audit a refusal where reviewers will look, sampled so that probes cannot flood a log:
    in the named organisation's log when the actor belongs to it, else in the actor's own
    organisations' logs (``audit.services.record_refusal``)."""
    from medskapa.audit.services import record_refusal

    match = getattr(request, "resolver_match", None)
    target = match.kwargs.get("organisation") if match is not None else None
    if isinstance(target, Model):
        target = target.pk
    record_refusal(
        actor=actor_of(request),
        request=request,
        action=action,
        object_type=model._meta.label_lower,
        object_id=str(object_id),
        target_organisation_id=target,
    )


def get_object_for(
    request: HttpRequest,
    action: str,
    queryset: QuerySet[M] | type[M],
    **lookup: Any,
) -> M:
    """Fetch one object the actor may ``action``, or raise 404 and audit the refusal."""
    if not isinstance(queryset, QuerySet):
        queryset = queryset._default_manager.all()
    actor = actor_of(request)
    try:
        obj = scope(actor, action, queryset).get(**lookup)
    except (
        ObjectDoesNotExist,
        MultipleObjectsReturned,
        ValidationError,  # a malformed id, e.g. not a UUID
        ValueError,
        TypeError,
    ):
        obj = None
    rule_ = get_rule(action)
    if obj is None or not _in_url_organisation(request, rule_, obj):
        _refuse(request, action, queryset.model, next(iter(lookup.values()), ""))
        raise Http404
    _disclose_if_identified(request, actor, rule_, obj)
    return obj


def _in_url_organisation(request: HttpRequest, rule_: Rule, obj: Model) -> bool:
    """An object reached through an organisation's URL must belong to that organisation.

    This is the one place the organisation in the URL is compared with the object's own, so
    no view needs a ``_same_org`` check of its own: ``/org/A/projects/<project of B>/`` is a 404
    even for someone who may see both.
    """
    match = getattr(request, "resolver_match", None)
    named = match.kwargs.get("organisation") if match is not None else None
    if named is None or rule_.crosses_organisations or isinstance(obj, _organisation_model()):
        return True
    own = getattr(obj, "organisation_id", None)
    if own is None:
        return True
    named_id = named.pk if isinstance(named, Model) else named
    return str(own) == str(named_id)


def _organisation_model() -> type[Model]:
    from medskapa.organisations.models import Organisation

    return Organisation


def _disclose_if_identified(request: HttpRequest, actor: Actor, rule_: Rule, obj: Model) -> None:
    """Shown identified data is audited by the layer itself (on pages, not on writes)."""
    if rule_.identified and rule_.subject and request.method in SAFE_METHODS:
        disclose(request, [obj], actor=actor, subject=rule_.subject, purpose=rule_.action)


def refuse_denied(request: HttpRequest, denied: Denied) -> None:
    """Audit a refusal that a service raised (``access.actions.ensure``)."""
    obj = denied.obj
    model = type(obj) if obj is not None else _organisation_model()
    _refuse(request, denied.action, model, obj.pk if obj is not None else "")


def requires(
    action: str, *, kwarg: str | None = None, field: str = "pk"
) -> Callable[[ViewFunc], ViewFunc]:
    """Declare the action a view performs.

    With ``kwarg``, the URL argument of that name is replaced by the object it names, fetched
    through the rule (404 for anyone outside it). Without, the actor must simply be logged in
    and the view must scope what it lists with ``scope(actor, action, ...)``.
    """
    rule_ = get_rule(action)

    def decorate(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            actor = actor_of(request)
            if not actor.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if kwarg is not None:
                kwargs[kwarg] = get_object_for(
                    request, action, rule_.model, **{field: kwargs[kwarg]}
                )
            return view(request, *args, **kwargs)

        _mark(wrapper, f"requires:{action}")
        return wrapper  # type: ignore[return-value]

    return decorate


def check(request: HttpRequest, action: str, obj: Model) -> None:
    """Refuse (404, audited) unless the actor may ``action`` this object."""
    actor = actor_of(request)
    rule_ = get_rule(action)
    if not can(actor, action, obj) or not _in_url_organisation(request, rule_, obj):
        _refuse(request, action, type(obj), obj.pk)
        raise Http404
    _disclose_if_identified(request, actor, rule_, obj)


__all__ = [
    "ANONYMOUS",
    "authenticated",
    "can",
    "check",
    "get_object_for",
    "public",
    "requires",
    "scope",
]
