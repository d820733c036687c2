"""Throttles for public and code-based pages, counted by django-ratelimit in the shared cache.

Each throttle has a name in ``settings.THROTTLES`` and a list of limits in allauth's spelling,
``"10/10m/client+target,30/h/client,100/h/target"``: an amount, a window (``s``, ``m``, ``h``,
``d``, optionally with a multiplier) and what is counted together:

- ``client``: the real client (``clientip.client_network``: through the trusted proxy);
- ``user``: the logged-in person (the client when nobody is logged in);
- ``target``: the thing acted on (an event, a campaign, a code space, an organisation), named by
  the view;
- ``global``: everybody together;
- and any ``+`` of them (``client+target``).

The limits are checked in the order written and a refused request stops at the first one it
exceeds, so write the narrowest first: a client refused for its own sake does not also use up
the budget of the event it hammers, or a stranger could close an event by being refused.

django-ratelimit counts in fixed windows with the cache's atomic ``add``/``incr``; a shared
cache (Redis in production, see docs/deploy.md) makes the counts hold across web processes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from .clientip import client_network

View = TypeVar("View", bound=Callable[..., Any])
Target = str | Callable[[HttpRequest, Mapping[str, Any]], object]

# When allauth refuses (log-in, password reset) it gives no time; its shortest window is this.
DEFAULT_RETRY_AFTER = 60
PARTS = ("client", "user", "target", "global")
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Limit:
    amount: int
    seconds: int
    per: tuple[str, ...]

    @property
    def rate(self) -> str:
        """django-ratelimit's spelling of the rate."""
        return f"{self.amount}/{self.seconds}s"


def parse_limits(spec: str) -> list[Limit]:
    """``"10/10m/client+target,30/h/client"`` as limits; a typo fails loudly at first use."""
    limits = []
    for part in filter(None, (item.strip() for item in spec.split(","))):
        amount, window, per = part.split("/")
        count, unit = window[:-1], window[-1]
        parts = tuple(per.split("+"))
        if unit not in _UNITS or any(p not in PARTS for p in parts):
            raise ValueError(f"Bad throttle limit: {part!r}")
        limits.append(Limit(int(amount), int(count or 1) * _UNITS[unit], parts))
    return limits


def limits_for(name: str) -> list[Limit]:
    return parse_limits(settings.THROTTLES[name])


def _key_value(request: HttpRequest, part: str, target: str) -> str:
    if part == "client":
        return client_network(request)
    if part == "user":
        user = getattr(request, "user", None)
        return f"user:{user.pk}" if user and user.is_authenticated else client_network(request)
    if part == "target":
        return target
    return "*"


def _target_of(target: Target | None, request: HttpRequest, kwargs: Mapping[str, Any]) -> str:
    if target is None:
        return ""
    value = target(request, kwargs) if callable(target) else kwargs.get(target, "")
    # A view behind ``requires`` gets the object in place of the URL's id: count by its id.
    return str(getattr(value, "pk", value))


def user_organisations(request: HttpRequest, kwargs: Mapping[str, Any]) -> str:
    """Target for code spaces shared by an organisation: the organisations the user is in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    ids = user.memberships.filter(ended_at__isnull=True).values_list("organisation_id", flat=True)
    return ",".join(sorted({str(pk) for pk in ids}))


def too_many_requests(request: HttpRequest, retry_after: int = DEFAULT_RETRY_AFTER) -> HttpResponse:
    """429 with ``Retry-After``: JSON for the API, otherwise a translated page young people read."""
    message = _("Too many tries. Try again in a little while.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(
            request,
            "errors/429.html",
            {"message": message, "minutes": max(1, math.ceil(retry_after / 60))},
            status=429,
        )
    response["Retry-After"] = str(max(1, retry_after))
    return response


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's refusals (``ROOT_URLCONF.handler429``) get the same page."""
    return too_many_requests(request)


def refused(request: HttpRequest, name: str, *, target: object = "") -> HttpResponse | None:
    """Count this request against throttle ``name``; a 429 response when it is over a limit.

    For views that know their target only after a look-up; otherwise use ``@throttle``.
    """
    for limit in limits_for(name):
        per = "+".join(limit.per)
        values = "|".join(_key_value(request, part, str(target)) for part in limit.per)
        usage = get_usage(
            request,
            group=f"medskapa:{name}:{per}",
            key=lambda _group, _request, values=values: values,
            rate=limit.rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            time_left = int(usage["time_left"])
            return too_many_requests(request, time_left if time_left > 0 else limit.seconds)
    return None


def throttle(
    name: str, *, target: Target | None = None, methods: tuple[str, ...] = ("POST",)
) -> Callable[[View], View]:
    """Refuse with 429 (and call nothing) once ``settings.THROTTLES[name]`` is exceeded.

    ``target`` names the URL keyword argument (or a function of the request and the keyword
    arguments) that says what is acted on. Only ``methods`` count: writes by default; code and
    token links count every method, since opening one is already a guess.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in methods:
                response = refused(request, name, target=_target_of(target, request, kwargs))
                if response is not None:
                    return response
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorate
