"""URLs of the API app: the token management pages and the API itself under ``/api/v1/``.

Django sees ninja's views, not our operation functions, so each API URL pattern is marked here
with its operations' declarations (``medskapa_access``): the URL walk that checks every view
declares its access then covers the API too. ``openapi.json`` is public (it holds no data);
a path whose operations declare nothing stays unmarked, and that walk fails on it.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from ninja.operation import PathView

from medskapa.access.views import ACCESS_ATTRIBUTE

from .access import declaration_of
from .api import api
from .views import api_token_revoke, api_tokens


def _path_view_of(callback: Any) -> PathView | None:
    try:
        candidate = inspect.getclosurevars(callback).nonlocals.get("self")
    except TypeError:  # a functools.partial: ninja's openapi.json and root views
        return None
    return candidate if isinstance(candidate, PathView) else None


def _declaration_for(callback: Any) -> str:
    path_view = _path_view_of(callback)
    if path_view is None:
        return "public"
    declarations = [declaration_of(op.view_func) for op in path_view.operations]
    if not all(declarations):
        return ""
    if len(set(declarations)) == 1:
        return declarations[0]
    actions = sorted({d.removeprefix("requires:") for d in declarations})
    return "requires:" + ",".join(actions)


def _declared(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            declaration = _declaration_for(pattern.callback)
            if declaration:
                setattr(pattern.callback, ACCESS_ATTRIBUTE, declaration)
    return patterns


_api_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("org/<uuid:organisation>/api-tokens/", api_tokens, name="api_tokens"),
    path(
        "org/<uuid:organisation>/api-tokens/<uuid:token>/revoke/",
        api_token_revoke,
        name="api_token_revoke",
    ),
    path("api/v1/", include((_declared(_api_patterns), _app_name), namespace=_namespace)),
]
